import AnalyticOracle
import HighPrecision

extension Fixture {
    /// The β grid of the oracle fixtures, 10⁻¹ … 10⁶ (decimal strings, exact reals).
    public static let betaGrid = [
        "0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100", "200", "500",
        "1000", "10000", "100000", "1000000",
    ]

    /// `quartic-moments.json`: the frozen-square posterior `p(r, θ) ∝ r e^{−βr⁴}`
    /// ([QuarticPosterior.md](../../Derivations/QuarticPosterior.md)) on ``betaGrid``:
    /// the plane normalizer, `E[r^k]` for k = 1…8, `E[H]` and the LLC (1/2).
    public static func quarticMoments(digits: Int) throws -> Fixture {
        let powers = Array(1...8)
        let cases = try betaGrid.map { beta -> JSONValue in
            let values = try Certified.decimals(digits: digits) {
                let p = QuarticPosterior(beta: try BigInterval(decimal: beta))
                return [p.planeNormalizer] + powers.map { p.radialMoment($0) } + [p.expectedTotalLoss, p.llc]
            }
            return .object([
                ("beta", .string(beta)),
                ("plane_normalizer", .string(values[0])),
                ("radial_moments", .object(zip(powers, values[1...8]).map { ("E[r^\($0)]", .string($1)) })),
                ("expected_total_loss", .string(values[9])),
                ("llc", .string(values[10])),
            ])
        }
        return Fixture(
            name: "quartic-moments",
            description: "Moments of the dead feature's posterior at the frozen square, p(r, theta) ∝ r exp(-beta r^4), "
                + "theta uniform: plane normalizer ∫ exp(-beta |w|^4) dw, E[r^k] = Gamma((k+2)/4)/Gamma(1/2) beta^(-k/4), "
                + "E[H] = 1 + 1/(2 beta), LLC = beta (E[H] - H(0)) = 1/2.",
            digits: digits,
            parameters: frozenSquareParameters,
            values: .object([("cases", .array(cases))])
        )
    }

    /// `chi-one-hot.json` and `chi-no-f4.json`: the closed-form susceptibilities
    /// at the 4→5 bifurcation ([BifurcationSusceptibilities.md](../../Derivations/BifurcationSusceptibilities.md))
    /// for the 17 oracle rows against the given inputs, in both conventions, on ``betaGrid``.
    public static func bifurcationChi(name: String, inputs: [InputType], digits: Int) throws -> Fixture {
        let rows = Observable.oracleRows
        let cases = try betaGrid.map { beta -> JSONValue in
            let values = try Certified.decimals(digits: digits) {
                let chi = BifurcationSusceptibilities(beta: try BigInterval(decimal: beta))
                let jacobian = try chi.matrix(rows: rows, inputs: inputs)
                let meanPreserving = try chi.matrix(rows: rows, inputs: inputs, meanPreserving: true)
                return [chi.alpha] + jacobian.flatMap { $0 } + meanPreserving.flatMap { $0 }
            }
            let n = rows.count * inputs.count
            func table(_ flat: ArraySlice<String>) -> JSONValue {
                let f = Array(flat)
                return .array((0..<rows.count).map { r in .array(f[(r * inputs.count)..<((r + 1) * inputs.count)].map { .string($0) }) })
            }
            return .object([
                ("data", .string("one-hot")),
                ("beta", .string(beta)),
                ("alpha", .string(values[0])),
                ("observables", .array(rows.map { .string($0.name) })),
                ("inputs", .array(inputs.map { .string($0.name) })),
                ("chi", table(values[1...n])),
                ("chi_mean_preserving", table(values[(n + 1)...(2 * n)])),
            ])
        }
        return Fixture(
            name: name,
            description: "Closed-form susceptibilities chi[k][x] = dE[phi_k]/dh_x = -beta Cov(phi_k, l_x) at the 4->5 bifurcation "
                + "(unit square W_0..W_3 frozen, W_4 sampled, one-hot training data, no localization); chi_mean_preserving is "
                + "-beta Cov(phi_k, l_x - Lbar) with Lbar the mean one-hot loss. Rows: observables; columns: inputs (bit strings, feature order 0..4).",
            digits: digits,
            parameters: frozenSquareParameters,
            values: .object([("cases", .array(cases))])
        )
    }

    /// `kgon-landscapes.json`: `H_k(r, θ)` and the frame sum `g_k(θ)` for a dead
    /// feature growing next to a regular unit k-gon, k = 2, 3, 4
    /// ([QuarticCancellation.md](../../Derivations/QuarticCancellation.md)),
    /// at `r ∈ {0.1, 0.5, 0.9, 1.3}` and `θ = 2π(2n+1)/48`, n = 0…23 (half-steps,
    /// so no θ sits on a kink of `cos₊`, where `g_2` vanishes exactly and an
    /// enclosure could not certify its zero).
    public static func kGonLandscapes(digits: Int) throws -> Fixture {
        let radii = ["0.1", "0.5", "0.9", "1.3"]
        var entries: [JSONValue] = []
        for k in DeadFeatureLandscape.polygonSizes {
            for r in radii {
                let values = try Certified.decimals(digits: digits) {
                    let radius = try BigInterval(decimal: r)
                    return try (0..<24).flatMap { n -> [BigInterval] in
                        let theta = 2 * BigInterval.pi * BigInterval.ratio(2 * n + 1, 48)
                        return [try DeadFeatureLandscape.totalLoss(k: k, r: radius, theta: theta),
                                try DeadFeatureLandscape.frameSum(k: k, theta: theta)]
                    }
                }
                entries.append(.object([
                    ("k", .integer(k)),
                    ("r", .string(r)),
                    ("theta_over_2pi", .array((0..<24).map { .string("\(2 * $0 + 1)/48") })),
                    ("total_loss", .array((0..<24).map { .string(values[2 * $0]) })),
                    ("frame_sum", .array((0..<24).map { .string(values[2 * $0 + 1]) })),
                ]))
            }
        }
        return Fixture(
            name: "kgon-landscapes",
            description: "One-hot total loss H_k(r, theta) = (5 - k) + r^4 - 2 r^2 (1 - g_k(theta)) of a dead feature "
                + "W_4 = r (cos theta, sin theta) next to a regular unit k-gon W_0..W_{k-1} at angles 2 pi i/k "
                + "(features k..3 dead at 0), and the frame sum g_k(theta) = sum_i max(cos(theta - theta_i), 0)^2.",
            digits: digits,
            parameters: .object([
                ("model", .string("xhat = ReLU(W^T W x), no bias, W 2x5 (Derivations/Conventions.md)")),
                ("data", .string("one-hot: h_x = 1 on the five one-hot inputs, 0 elsewhere")),
            ]),
            values: .object([("cases", .array(entries))])
        )
    }

    static let frozenSquareParameters: JSONValue = .object([
        ("model", .string("xhat = ReLU(W^T W x), no bias, W 2x5 (Derivations/Conventions.md)")),
        ("configuration", .string("W_0..W_3 = (1,0), (0,1), (-1,0), (0,-1) frozen; W_4 = r (cos theta, sin theta) sampled")),
        ("density", .string("p(W_4) ∝ exp(-beta sum_x h_x l_x(W)), h_x = 1 on the five one-hot inputs, no localization")),
        ("beta", .string("the essay's beta; devinterp nbeta = 32 beta on the 32-type data set (Derivations/Conventions.md §4)")),
    ])
}
