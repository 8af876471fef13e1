import HighPrecision

/// A point of a polygon's orbit where the oracle has decided what the loss
/// does: a (branch) critical point of the live block, refined in MPFR, with
/// its kinks, spectrum, classification and certificates
/// ([CriticalPoints.md](../../../Derivations/CriticalPoints.md)).
public struct CriticalPoint: Sendable {
    public let polygon: PolygonConfiguration
    /// The parameter vector (Conventions §1 layout), gauge: the first live
    /// feature on the positive x axis.
    public let coordinates: [BigFloat]
    /// The branch: forced entries of the first-order kinks.
    public let pattern: ActivationPattern
    /// How many kink branches of the search reached this point.
    public let branchCount: Int
    /// Whether the point is the regular polygon of the analysis (its radially critical radius).
    public let isRegularPolygon: Bool
    /// How many points this one stands for (itself and its relabellings; see ``BranchSearch/Solution/multiplicity``).
    public let multiplicity: Int
    /// `E(w; h)`, the total loss (Conventions §2).
    public let totalLoss: BigFloat
    /// `L(w; h) = E/32`, the mean loss the engine and devinterp use.
    public var meanLoss: BigFloat { totalLoss.scaled(byPowerOfTwo: -5) }
    /// The Hessian of `E` on the live coordinates (the piece with vanishing
    /// target-0 pre-activations inactive, which is the smallest piece).
    public let liveHessian: [[BigFloat]]
    /// Its eigen-decomposition (Jacobi, MPFR).
    public let spectrum: SymmetricEigendecomposition<BigFloat>
    /// Pre-activations of the support that vanish or are within ``kinkMargin`` of 0.
    public let kinks: [Kink]
    /// The margin used to list ``kinks`` (a `|z|` threshold).
    public let kinkMargin: Double
    /// The smallest `|z|` over the first-order entries of the support at the
    /// point (`nil` if there are none): how far the point is from a cone.
    public let firstOrderMargin: BigFloat?
    /// A certified upper bound of `max_a |∂E/∂w_a|` on the live coordinates,
    /// from the gradient evaluated in `BigInterval` at these exact coordinates
    /// (on the point's branch).
    public let residual: BigFloat
    /// `‖∇E‖₂ / λ⁺_min` (smallest nonzero live eigenvalue): the first-order
    /// distance to the exact branch critical point, modulo rotation.
    public let distanceBound: BigFloat
    /// Eigenvalues with `|λ| ≤ zeroTolerance` count as zero.
    public let zeroTolerance: BigFloat
    public let verdict: Verdict
    /// The analysis of each dead feature.
    public let deadFeatures: [DeadFeatureVerdict]
    /// The learning coefficient, when the point is a local minimum.
    public let learningCoefficient: LearningCoefficient?

    /// The number of negative, zero and positive live eigenvalues.
    public var inertia: (negative: Int, zero: Int, positive: Int) {
        let ev = spectrum.eigenvalues
        let neg = ev.filter { $0 < -zeroTolerance }.count
        let pos = ev.filter { $0 > zeroTolerance }.count
        return (neg, ev.count - neg - pos, pos)
    }

    /// The coordinates as `Double`s.
    public var doubleCoordinates: [Double] { coordinates.map(\.doubleValue) }
}

/// What the loss does at a point.
public enum Verdict: Sendable {
    /// A local minimum; `degenerate` when some direction is flatter than
    /// quadratic (beyond the rotation orbit).
    case minimum(degenerate: Bool)
    /// A smooth saddle of the live block with `index` negative eigenvalues.
    case saddle(index: Int)
    /// Not a local minimum: the loss decreases along a curve from the point.
    case descent(Descent)

    /// A short name: `minimum`, `degenerate minimum`, `saddle (index n)`, `not critical`, `degenerate saddle`, `saddle`.
    public var name: String {
        switch self {
        case .minimum(let degenerate): return degenerate ? "degenerate minimum" : "minimum"
        case .saddle(let index): return "saddle (index \(index))"
        case .descent(let d):
            switch d.order {
            case 1: return "not critical"
            case 2: return "saddle"
            default: return "degenerate saddle"
            }
        }
    }

    public var isMinimum: Bool { if case .minimum = self { return true }; return false }

    /// Whether the gradient exists and vanishes (false at a first-order kink or cone).
    public var isCritical: Bool { if case .descent(let d) = self { return d.order > 1 }; return true }
}

/// A curve along which the loss decreases: `E(w(s)) − E(w) = −c s^order + O(s^{order+1})`.
public struct Descent: Sendable {
    /// 1: a one-sided directional derivative `−c` (a kink or a dead feature's
    /// cone); 2: a negative curvature `−c` (piecewise quadratic); 4: a
    /// quartic coefficient `−c` along `(s²δ, s u)`.
    public let order: Int
    /// `c > 0`.
    public let rate: BigFloat
    /// The tangent of the curve (unit; on the live coordinates or on one dead feature).
    public let direction: [BigFloat]
    /// Where it happens: `live block` or `dead feature d`.
    public let location: String
    /// The probe step `s` and the certified enclosure of `E(w(s)) − E(w)`
    /// (its upper end is negative when the descent is certified).
    public let probeStep: BigFloat
    public let probeDifference: BigInterval
    /// A sentence for reports.
    public let explanation: String

    /// Whether the probe proves a strictly lower loss.
    public var isCertified: Bool { probeDifference.isNegative }
}

/// The expansion around one dead feature (see ``DeadFeatureExpansion``).
public struct DeadFeatureVerdict: Sendable {
    public let feature: Int
    /// `min_u D(u)`: negative means the dead feature grows at first order.
    public let minimumSlope: BigFloat
    /// `min_u q(u)` and `max_u q(u)` when `D ≡ 0` (else `nil`).
    public let curvatureRange: (minimum: BigFloat, maximum: BigFloat)?
    /// `min_u F(u)` when `q ≡ 0` (else `nil`).
    public let minimumQuartic: BigFloat?
    /// How many quadratic-or-flatter directions the block has, and their order:
    /// 2 (piecewise quadratic) or 4 (quartic).
    public let order: Int?
}
