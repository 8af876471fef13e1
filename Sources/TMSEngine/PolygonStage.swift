#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The developmental stage of a 2-D feature matrix `W`: which features are
/// live (`|W_i| > normThreshold`), their counter-clockwise angular order, and
/// how regular the polygon they span is.
///
/// A stage is named `"k-gon"` by its number `k` of live features (`"2-gon"` is
/// an antipodal pair). Regularity is `max_i |g_i − 2π/k|` over the `k`
/// adjacent angle gaps `g_i` (0 for a regular polygon, `2π(k−1)/k` when all
/// live features coincide). The default threshold 0.5 separates the norm-≈1
/// features of trained polygons (importance 1) from the norm-≈0 features that
/// are dead or not yet grown from a small initialization
/// ([EngineTraining.md](../../Derivations/EngineTraining.md)).
public struct PolygonStage: Sendable, Equatable, Codable {
    /// Live features in counter-clockwise order, starting from the smallest angle in `(−π, π]`.
    public let liveFeatures: [Int]
    /// Features with `|W_i| ≤ normThreshold`, increasing.
    public let deadFeatures: [Int]
    /// The adjacent angle gaps `g_i` (radians), `g_i` from `liveFeatures[i]` to the next.
    public let gaps: [Double]
    /// `max_i |g_i − 2π/k|`; 0 when `k ≤ 1`.
    public let maxGapDeviation: Double

    /// `"k-gon"`, `k` the number of live features.
    public let name: String

    /// `k`, the number of live features.
    public var vertexCount: Int { liveFeatures.count }

    /// Classifies `w` (layout of [Conventions.md](../../Derivations/Conventions.md) §1, `m = 2`).
    public init(_ w: [Double], normThreshold: Double = 0.5) {
        precondition(w.count % 2 == 0, "w must hold 2-D feature columns")
        let d = w.count / 2
        var live: [(index: Int, angle: Double)] = []
        var dead: [Int] = []
        for i in 0..<d {
            let x = w[2 * i]
            let y = w[2 * i + 1]
            if (x * x + y * y).squareRoot() > normThreshold {
                live.append((i, atan2(y, x)))
            } else {
                dead.append(i)
            }
        }
        live.sort { $0.angle < $1.angle || ($0.angle == $1.angle && $0.index < $1.index) }
        let k = live.count
        var gaps: [Double] = []
        var deviation = 0.0
        if k >= 2 {
            for n in 0..<k {
                let next = n + 1 < k ? live[n + 1].angle : live[0].angle + 2 * Double.pi
                let gap = next - live[n].angle
                gaps.append(gap)
                deviation = max(deviation, abs(gap - 2 * Double.pi / Double(k)))
            }
        } else if k == 1 {
            gaps = [2 * Double.pi]
        }
        liveFeatures = live.map(\.index)
        deadFeatures = dead
        self.gaps = gaps
        maxGapDeviation = deviation
        name = "\(k)-gon"
    }
}
