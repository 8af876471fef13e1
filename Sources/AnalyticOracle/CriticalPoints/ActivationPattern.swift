import HighPrecision

/// How a vanishing pre-activation `z_{t,j} = 0` breaks the smoothness of the
/// loss ([CriticalPoints.md](../../../Derivations/CriticalPoints.md) §2).
public enum KinkOrder: String, Sendable, Hashable {
    /// Target `x_{t,j} = 1`: `(1 − ReLU z)²` has one-sided slopes `−2` (z > 0)
    /// and `0` (z < 0) — a first-order kink (a cone in the loss).
    case first
    /// Target `x_{t,j} = 0`: `ReLU(z)²` is C¹; only the Hessian jumps.
    case second
}

/// A pre-activation that vanishes, or nearly, at a point.
public struct Kink: Sendable, Hashable, CustomStringConvertible {
    /// The input type `t`.
    public let input: Int
    /// The output `j`.
    public let output: Int
    /// `z_{t,j}` at the point (as a `Double`; the exact enclosure is reported where certified).
    public let value: Double
    public let order: KinkOrder

    /// The flat index `5t + j` used by ``ActivationPattern``.
    public var index: Int { 5 * input + output }
    public var inputName: String { InputType.all[input].name }

    public var description: String { "z[\(inputName), \(output)] = \(value) (\(order.rawValue) order)" }

    /// The order of the kink at `z_{t,j} = 0` (`nil` where `z_{t,j}` is `|W_j|²`, which is never negative).
    public static func order(input t: Int, output j: Int) -> KinkOrder? {
        guard t & (1 << j) != 0 else { return .second }
        return t == 1 << j ? nil : .first
    }
}

/// A choice of the activation indicators `σ_{t,j}` of ``PiecewiseLoss``:
/// the natural `σ = 1{z > 0}` everywhere except at the ``forced`` entries,
/// which fix a branch of a first-order kink.
public struct ActivationPattern: Sendable, Hashable {
    /// Forced entries, by flat index `5t + j`: `true` active, `false` inactive.
    public var forced: [Int: Bool]

    public init(forced: [Int: Bool] = [:]) { self.forced = forced }

    /// The natural pattern (ReLU's derivative taken as 0 at 0).
    public static let natural = ActivationPattern()

    /// The indicators at pre-activations `z` (flat, `5t + j`).
    public func indicators<T: RealNumber & Comparable>(_ z: [T]) -> [T] {
        z.indices.map { i in
            if let f = forced[i] { return f ? T(1) : T(0) }
            return z[i] > T(0) ? T(1) : T(0)
        }
    }

    /// The indicators at pre-activation enclosures `z`: forced entries as
    /// given, definite signs as 1 or 0, and `[0, 1]` where the enclosure
    /// contains 0. Returns also the flat indices of first-order entries that
    /// straddle 0 without being forced (where the loss is not differentiable).
    public func indicators(_ z: [BigInterval]) -> (sigma: [BigInterval], straddlingFirstOrder: [Int]) {
        var straddling: [Int] = []
        let sigma = z.indices.map { i -> BigInterval in
            if let f = forced[i] { return BigInterval(f ? 1 : 0) }
            if z[i].isPositive { return BigInterval(1) }
            if z[i].isNegative || (z[i].lower.isZero && z[i].upper.isZero) { return BigInterval(0) }
            if Kink.order(input: i / 5, output: i % 5) == .first { straddling.append(i) }
            return BigInterval(lower: BigFloat(0), upper: BigFloat(1))
        }
        return (sigma, straddling)
    }
}
