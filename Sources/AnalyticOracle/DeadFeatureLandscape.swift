import HighPrecision

/// The loss landscape of a dead feature growing next to a regular unit k-gon
/// (k = 2, 3, 4), on the one-hot data set (`h_x = 1` on the five one-hot
/// types). Derivation: [QuarticCancellation.md](../../Derivations/QuarticCancellation.md).
///
/// Configuration: features `0 … k−1` sit on a regular unit k-gon
/// (``vertices(k:)``), feature 4 is `W_4 = r (cos θ, sin θ)`, and features
/// `k … 3` are dead at `W_i = 0`. Then
///
/// ```
/// H_k(r, θ) = Σ_{one-hot x} ℓ_x = (5 − k) + r⁴ − 2 r² (1 − g_k(θ)),
/// g_k(θ)    = Σ_{i<k} cos₊²(θ − θ_i)          (the frame sum, cos₊ = max(cos, 0)).
/// ```
///
/// - `5 − k`: the `4 − k` dead-at-0 features reconstruct nothing (loss 1 each,
///   constant) and the growing feature's own input contributes the 1 of
///   `(1 − r²)²`.
/// - Only the square has `g_4 ≡ 1` (the positive parts of a square's
///   vertices form a tight frame), so only `H_4 = 1 + r⁴` is purely quartic.
/// - For `k = 2, 3`, `g_k(θ) < 1` away from the vertices, so the quadratic
///   coefficient `−2(1 − g_k(θ))` is negative there and the origin is unstable:
///   the feature grows fastest where `g_k` is smallest, at the gap midpoints
///   (``steepestDirections(k:)``), to `r² = 1 − g_k(θ)`.
public enum DeadFeatureLandscape {
    /// The polygon sizes derived.
    public static let polygonSizes: ClosedRange<Int> = 2...4

    /// The vertices `W_i = (cos 2πi/k, sin 2πi/k)`, `i < k`, with exact
    /// coordinates for k = 2 and 4 (so values that are zero are exact zeros).
    public static func vertices<T: RealNumber>(k: Int) throws -> [Vector2<T>] {
        switch k {
        case 2: return [Vector2(1, 0), Vector2(-1, 0)]
        case 3:
            let half = T.ratio(1, 2), h = T.sqrt(3) / 2
            return [Vector2(1, 0), Vector2(-half, h), Vector2(-half, -h)]
        case 4: return [Vector2(1, 0), Vector2(0, 1), Vector2(-1, 0), Vector2(0, -1)]
        default: throw OracleError.unsupportedPolygon(k)
        }
    }

    /// The frame sum `g_k(θ) = Σ_{i<k} cos₊²(θ − θ_i)`: `cos²θ` for k = 2,
    /// in `[1/2, 1]` for k = 3, identically 1 for k = 4.
    public static func frameSum<T: RealNumber>(k: Int, theta: T) throws -> T {
        let u = Vector2.polar(r: T(1), theta: theta)
        return try vertices(k: k).reduce(T(0)) { sum, w in
            let c = T.relu(w.dot(u))
            return sum + c * c
        }
    }

    /// The coefficient of `r²` in `H_k`: `−2 (1 − g_k(θ))` (≤ 0; zero for k = 4).
    ///
    /// For the square it is an **exact** zero: `g_4 ≡ 1` is an identity
    /// (QuarticCancellation.md), and computing `1 − g_4(θ)` in interval
    /// arithmetic would give an enclosure of 0 that no precision can certify.
    /// ``frameSum(k:theta:)`` still evaluates `g_4` from the vertices, so the
    /// identity stays checked wherever the frame sum is printed.
    public static func quadraticCoefficient<T: RealNumber>(k: Int, theta: T) throws -> T {
        if k == 4 { return T(0) }
        return -2 * (1 - (try frameSum(k: k, theta: theta)))
    }

    /// `H_k(r, θ) = (5 − k) + r⁴ − 2 r² (1 − g_k(θ))`.
    public static func totalLoss<T: RealNumber>(k: Int, r: T, theta: T) throws -> T {
        let r2 = r * r
        return T(5 - k) + r2 * r2 + r2 * (try quadraticCoefficient(k: k, theta: theta))
    }

    /// The one-hot losses in this configuration, in feature order 0…4:
    /// `r² cos₊²(θ − θ_i)` for the vertices, `1` for a feature dead at 0, and
    /// `(1 − r²)² + r² g_k(θ)` for the growing feature 4.
    public static func oneHotLosses<T: RealNumber>(k: Int, r: T, theta: T) throws -> [T] {
        let u = Vector2.polar(r: T(1), theta: theta), r2 = r * r
        let vertexLosses: [T] = try vertices(k: k).map { w in
            let c = T.relu(w.dot(u))
            return r2 * c * c
        }
        let dead = [T](repeating: 1, count: 4 - k)
        let own = (1 - r2) * (1 - r2) + r2 * (try frameSum(k: k, theta: theta))
        return vertexLosses + dead + [own]
    }

    /// The configuration as a model: the k-gon, `4 − k` zero columns, and `W_4 = r (cos θ, sin θ)`.
    public static func model<T: RealNumber>(k: Int, r: T, theta: T) throws -> ReferenceModel<T> {
        let dead = [Vector2<T>](repeating: .zero, count: 4 - k)
        return ReferenceModel(columns: try vertices(k: k) + dead + [.polar(r: r, theta: theta)])
    }

    /// The directions where the origin is most unstable (the minima of `g_k`,
    /// the gap midpoints), as multiples of π: `±1/2` for k = 2, `1/3, 1, 5/3`
    /// for k = 3, none for k = 4 (the coefficient vanishes identically).
    public static func steepestDirections(k: Int) throws -> [(numerator: Int, denominator: Int)] {
        switch k {
        case 2: return [(1, 2), (-1, 2)]
        case 3: return [(1, 3), (1, 1), (5, 3)]
        case 4: return []
        default: throw OracleError.unsupportedPolygon(k)
        }
    }
}
