import HighPrecision

/// The frozen square at the 4→5 bifurcation: features 0…3 on a unit square,
/// feature 4 dead at the origin, one-hot data (`h_x = 1` on the five one-hot
/// types), importances 1. Derivation:
/// [QuarticCancellation.md](../../Derivations/QuarticCancellation.md).
///
/// With `W_4 = r (cos θ, sin θ)` and `v_x = Σ_{i ∈ x, i < 4} W_i`, every input
/// type without feature 4 has the loss
///
/// ```
/// ℓ_x(r, θ) = c_x + r² |v_x|² cos₊²(θ − ψ_x),   ψ_x = arg v_x,
/// c_x = Σ_{j<4} (x_j − ReLU(W_j · v_x))²,
/// ```
///
/// the one-hot input of feature 4 has `ℓ_{00001} = (1 − r²)² + r²`, and the
/// total one-hot loss is `H(r, θ) = 1 + r⁴` for every θ.
public struct BifurcationPoint<T: RealNumber>: Sendable {
    /// `W_0 … W_3`: a unit square, counter-clockwise.
    public let vertices: [Vector2<T>]

    /// The frozen square with vertices `vertices` (four unit vectors at
    /// successive quarter turns; not checked).
    public init(vertices: [Vector2<T>]) {
        precondition(vertices.count == 4, "a square has 4 vertices, got \(vertices.count)")
        self.vertices = vertices
    }

    /// The square `(1,0), (0,1), (−1,0), (0,−1)` with exact integer coordinates.
    public static var square: BifurcationPoint { BifurcationPoint(vertices: [Vector2(1, 0), Vector2(0, 1), Vector2(-1, 0), Vector2(0, -1)]) }

    /// The square rotated by `angle` (vertices at `angle + iπ/2`).
    public static func square(rotatedBy angle: T) -> BifurcationPoint {
        BifurcationPoint(vertices: (0..<4).map { Vector2.polar(r: 1, theta: angle + T($0) * T.pi / 2) })
    }

    /// `v_x = Σ_{i ∈ x, i < 4} W_i`, the direction in which input `x` is read out by `W_4`.
    public func signal(_ x: InputType) -> Vector2<T> {
        x.features.filter { $0 < 4 }.reduce(Vector2<T>.zero) { $0 + vertices[$1] }
    }

    /// `c_x = Σ_{j<4} (x_j − ReLU(W_j · v_x))²`, the part of `ℓ_x` that does not depend on `W_4`.
    public func frozenLoss(_ x: InputType) -> T {
        let v = signal(x)
        return (0..<4).reduce(T(0)) { sum, j in
            let e = (x.contains(j) ? T(1) : T(0)) - T.relu(vertices[j].dot(v))
            return sum + e * e
        }
    }

    /// The landscape formula for `ℓ_x(r, θ)` (see the type's description).
    ///
    /// - Throws: ``OracleError/unsupportedInput(_:)`` for inputs that contain
    ///   feature 4 and another feature.
    public func loss(_ x: InputType, r: T, theta: T) throws -> T {
        let r2 = r * r
        if x.contains(4) {
            guard x.features == [4] else { throw OracleError.unsupportedInput(x.name) }
            return (1 - r2) * (1 - r2) + r2
        }
        let v = signal(x)
        let c = T.relu(T.cos(theta - v.angle))
        return frozenLoss(x) + r2 * v.normSquared * c * c
    }

    /// `H(r) = 1 + r⁴`, the total one-hot loss.
    public func totalLoss(r: T) -> T { 1 + r * r * r * r }

    /// The model at `W_4 = r (cos θ, sin θ)`.
    public func model(r: T, theta: T) -> ReferenceModel<T> {
        ReferenceModel(columns: vertices + [.polar(r: r, theta: theta)])
    }
}
