import HighPrecision

/// A vector of the plane ℝ², generic over `RealNumber`: a feature vector
/// `W_i` (a column of the 2×5 weight matrix, see
/// [Conventions §1](../../Derivations/Conventions.md)) or a sum of them.
public struct Vector2<T: RealNumber>: Sendable {
    public var x: T
    public var y: T

    @inlinable
    public init(_ x: T, _ y: T) {
        self.x = x
        self.y = y
    }

    /// `r (cos θ, sin θ)`.
    @inlinable
    public static func polar(r: T, theta: T) -> Vector2 { Vector2(r * T.cos(theta), r * T.sin(theta)) }

    /// The zero vector (exact).
    @inlinable
    public static var zero: Vector2 { Vector2(0, 0) }

    @inlinable
    public static func + (a: Vector2, b: Vector2) -> Vector2 { Vector2(a.x + b.x, a.y + b.y) }

    @inlinable
    public static prefix func - (a: Vector2) -> Vector2 { Vector2(-a.x, -a.y) }

    /// The scalar product `a · b`.
    @inlinable
    public func dot(_ other: Vector2) -> T { x * other.x + y * other.y }

    /// `|v|²`.
    @inlinable
    public var normSquared: T { x * x + y * y }

    /// `|v|`.
    @inlinable
    public var norm: T { T.sqrt(normSquared) }

    /// The angle of `v` in (−π, π] (meaningless for the zero vector).
    @inlinable
    public var angle: T { T.atan2(y: y, x: x) }

    /// `v` rotated by a quarter turn counter-clockwise, `(−y, x)` (exact).
    @inlinable
    public var quarterTurn: Vector2 { Vector2(-y, x) }

    /// `v` reflected in the x axis, `(x, −y)` (exact).
    @inlinable
    public var conjugate: Vector2 { Vector2(x, -y) }
}
