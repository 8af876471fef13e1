import HighPrecision

/// Closed forms written once against ``RealNumber`` and evaluated in `Double`,
/// ``BigFloat`` and ``BigInterval`` by the ladder, enclosure and Double-vs-MPFR
/// tests. Each states `roundingBound`: the factor `c` in `|x̃ − x| ≤ c·u·|x|`
/// for a correctly rounded evaluation with unit roundoff `u`, obtained by
/// adding the relative error of every rounding times the condition number of
/// the rest of the formula with respect to it (second-order terms are covered by
/// rounding the sum up to the next integer plus one).
enum Formula: String, CaseIterable, Sendable, CustomStringConvertible {
    /// α = 2√β / (3π^{3/2}) at β = 50, the essay's α ≈ 0.847.
    case alpha
    /// The standard normal density at 5/4: exp(−x²/2)/√(2π).
    case gaussian
    /// Softplus at 3/7: log(1 + eˣ).
    case softplus
    /// Γ(1/4)² / (2π)^{3/2} (an elliptic-integral constant).
    case gammaQuarterRatio
    /// atan2(sin t, cos t) = t at t = 2/3.
    case angle
    /// (7/3)⁵ · relu(3/4 − 1/2).
    case powers
    /// log Γ(7/2) · |−1/3|.
    case logGamma

    var description: String { rawValue }

    func evaluate<T: RealNumber>(_: T.Type) -> T {
        switch self {
        case .alpha:
            return 2 * T.sqrt(50) / (3 * T.pi * T.sqrt(T.pi))
        case .gaussian:
            let x = T.ratio(5, 4)
            return T.exp(-(x * x) / 2) / T.sqrt(2 * T.pi)
        case .softplus:
            return T.log(1 + T.exp(T.ratio(3, 7)))
        case .gammaQuarterRatio:
            return T.square(T.gamma(T.ratio(1, 4))) / T.pow(2 * T.pi, T.ratio(3, 2))
        case .angle:
            let t = T.ratio(2, 3)
            return T.atan2(y: T.sin(t), x: T.cos(t))
        case .powers:
            return T.pow(T.ratio(7, 3), 5) * T.relu(T.ratio(3, 4) - T.ratio(1, 2))
        case .logGamma:
            return T.logGamma(T.ratio(7, 2)) * (-T.ratio(1, 3)).magnitude
        }
    }

    /// `c` for correctly rounded operations (MPFR): see each case.
    var roundingBound: Double {
        switch self {
        // sqrt 50: 1; denominator: π 1, 3π 1, √π ½·1 + 1, product 1; quotient 1 → 6.5.
        case .alpha: return 8
        // x, x², /2 exact; exp 1; π 1 → √(2π) ½ + 1; quotient 1 → 3.5.
        case .gaussian: return 5
        // 3/7: κ(exp) = 3/7; exp 1; 1 + eˣ: 0.61·1.43 + 1; log: κ = 1/0.937 → 3.0.
        case .softplus: return 4
        // Γ 1, squared ×2 + 1; (2π)^{3/2}: π × κ = 3/2, pow 1; quotient 1 → 6.5.
        case .gammaQuarterRatio: return 8
        // t 1; sin, cos → |sin t cos t|·2/t = 1.47; atan2 1 → 3.5.
        case .angle: return 5
        // 7/3 1 × κ = 5, pow 1; relu and ×1/4 exact → 6.
        case .powers: return 7
        // 7/2 exact; lgamma 1; 1/3 1; product 1 → 3.
        case .logGamma: return 4
        }
    }

    /// `c` for `Double` through glibc's libm, which is not correctly rounded: we
    /// budget 1 ulp (2u) for exp, log, sin, cos, atan2, pow, 9 ulp (18u) for
    /// tgamma and 4 ulp (8u) for lgamma (upper bounds of glibc's published
    /// x86_64/aarch64 error table), times the same condition numbers as above;
    /// `+`, `−`, `×`, `÷`, √ are correctly rounded (1u).
    var doubleRoundingBound: Double {
        switch self {
        case .alpha: return 8
        case .gaussian: return 6            // exp 2u instead of 1u
        case .softplus: return 6            // exp, log 2u: 0.43 + 2 → 1.5, +1, ×1.07 + 2 → 4.9
        case .gammaQuarterRatio: return 44  // Γ 18u ×2 + 1; pow 2u, π ×1.5; ÷ 1 → 41.5
        case .angle: return 7               // sin, cos 2u → 2.94; atan2 2u; t 1 → 5.9
        case .powers: return 8              // pow 2u instead of 1u → 7
        case .logGamma: return 11           // lgamma 8u; 1/3 1; × 1 → 10
        }
    }
}

/// The significant digits and decimal exponent of a plain decimal literal
/// `d.ddd` or `0.ddd`, in the form `0.d₁d₂… × 10^e` used by
/// ``BigFloat/decimalDigits(_:rounding:)``.
func significand(of literal: String) -> (digits: String, exponent: Int) {
    let parts = literal.split(separator: ".", omittingEmptySubsequences: false)
    let integer = parts[0].drop { $0 == "0" }
    let fraction = parts.count > 1 ? parts[1] : ""
    if integer.isEmpty {
        let leadingZeros = fraction.prefix { $0 == "0" }.count
        return (String(fraction.dropFirst(leadingZeros)), -leadingZeros)
    }
    return (String(integer + fraction), integer.count)
}
