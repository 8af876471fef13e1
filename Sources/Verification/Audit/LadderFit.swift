import AnalyticOracle

/// The fitted finite-β correction across a β ladder
/// ([Audit.md §6](../../../Derivations/Audit.md), "The ladder fit").
///
/// For a quantity estimated at `β_1 … β_m` (estimates `y_i`, standard errors
/// `σ_i`), weighted least squares of `y_i − s(β_i) = q₀ + q₁/β_i` gives the
/// extrapolation `q₀` (compared with the asymptotic λ, χ⁰, φ(w*)) and the slope
/// `q₁` (compared with the oracle's `a`, `c`, `m₁`). Both are linear in the
/// data, `q̂₀ = Σ L_i y_i`, `q̂₁ = Σ M_i y_i`, with `Σ L_i = 1`, `Σ L_i/β_i = 0`,
/// `Σ M_i = 0`, `Σ M_i/β_i = 1`, so their standard errors are `(Σ L_i²σ_i²)^{1/2}`
/// and `(Σ M_i²σ_i²)^{1/2}`, and the `O(β⁻²)` remainder `r_i`, `|r_i| ≤ B_i`
/// (the references' bounds), biases them by at most `Σ|L_i|B_i` and `Σ|M_i|B_i`:
/// the bounds of the fitted entries. `s(β)` is the non-polynomial part of the
/// reference (the kink-cone model's departure from `d/2` for the LLC at
/// Bernoulli data), 0 otherwise.
public struct LadderFit: Sendable, Equatable {
    /// `q₀`, `q₁` and their standard errors.
    public var intercept: Double
    public var slope: Double
    public var interceptError: Double
    public var slopeError: Double
    /// The weights `L_i`, `M_i` of the two estimators.
    public var interceptWeights: [Double]
    public var slopeWeights: [Double]

    /// Fits `y = q₀ + q₁/β`; `nil` with fewer than two distinct β or a non-positive standard error.
    public init?(_ points: [(beta: Double, value: Double, standardError: Double)]) {
        guard Set(points.map(\.beta)).count >= 2, points.allSatisfy({ $0.standardError > 0 && $0.standardError.isFinite }) else { return nil }
        var s = 0.0, sx = 0.0, sxx = 0.0
        for p in points {
            let w = 1 / (p.standardError * p.standardError), x = 1 / p.beta
            s += w; sx += w * x; sxx += w * x * x
        }
        let d = s * sxx - sx * sx
        guard d > 0 else { return nil }
        interceptWeights = points.map { (sxx - sx / $0.beta) / (d * $0.standardError * $0.standardError) }
        slopeWeights = points.map { (s / $0.beta - sx) / (d * $0.standardError * $0.standardError) }
        intercept = zip(interceptWeights, points).reduce(0) { $0 + $1.0 * $1.1.value }
        slope = zip(slopeWeights, points).reduce(0) { $0 + $1.0 * $1.1.value }
        interceptError = (sxx / d).squareRoot()
        slopeError = (s / d).squareRoot()
    }

    /// `Σ|L_i|B_i` for the bounds `B_i` of the points.
    public func interceptBound(_ bounds: [Double]) -> Double { zip(interceptWeights, bounds).reduce(0) { $0 + abs($1.0) * $1.1 } }
    /// `Σ|M_i|B_i`.
    public func slopeBound(_ bounds: [Double]) -> Double { zip(slopeWeights, bounds).reduce(0) { $0 + abs($1.0) * $1.1 } }

    /// The fit case of a ladder (γ = 0): for the LLC, every χ entry and every `E[φ]` present at two or
    /// more β with positive standard errors, two entries — `fit q(β→∞)` against the asymptotic value
    /// and `fit q·β slope` against the oracle's `1/β` coefficient — with the propagated bounds.
    static func fitCase(_ runs: [(beta: Double, result: AuditReport.CaseResult)], method: String, oracle: FullModelOracle) -> AuditReport.CaseResult {
        var series: [String: [(beta: Double, entry: AuditEntry)]] = [:]
        var order: [String] = []
        for (beta, result) in runs {
            for e in result.entries {
                if series[e.quantity] == nil { order.append(e.quantity) }
                series[e.quantity, default: []].append((beta, e))
            }
        }
        let betas = runs.map(\.beta)
        let label = "fit \(method) q(β) = q₀ + q₁/β over β = \(betas.map { $0.formatted(significantDigits: 6) }.joined(separator: ", "))"
        var entries: [AuditEntry] = []
        let cone = oracle.reference.analysis.kinkCone
        for quantity in order {
            let points = series[quantity]!
            guard let (asymptote, coefficient) = asymptotics(quantity, oracle: oracle) else { continue }
            // The non-polynomial part of the reference: the kink-cone model's departure from d/2 (LLC at Bernoulli data).
            func shift(_ beta: Double) -> Double {
                guard quantity == "llc", let cone else { return 0 }
                return cone.llc(beta: beta) - Double(cone.quadraticDirections) / 2
            }
            guard let fit = LadderFit(points.map { ($0.beta, $0.entry.estimate - shift($0.beta), $0.entry.standardError ?? 0) }) else { continue }
            let bounds = points.map(\.entry.referenceBound)
            entries.append(AuditEntry(caseLabel: label, quantity: "fit \(quantity)(β→∞)", estimate: fit.intercept,
                                      standardError: fit.interceptError, oracle: asymptote, referenceBound: fit.interceptBound(bounds)))
            entries.append(AuditEntry(caseLabel: label, quantity: "fit \(quantity) 1/β coefficient", estimate: fit.slope,
                                      standardError: fit.slopeError, oracle: coefficient, referenceBound: fit.slopeBound(bounds)))
        }
        return AuditReport.CaseResult(label: label, method: "fit", beta: betas.max() ?? 0, entries: entries)
    }

    /// The β → ∞ value and the `1/β` coefficient (γ = 0) of an entry's quantity, or `nil` (`E[loss]`).
    static func asymptotics(_ quantity: String, oracle: FullModelOracle) -> (Double, Double)? {
        if quantity == "llc" { return (oracle.learningCoefficient.value, oracle.llcCoefficient) }
        let rows = FullModelOracle.observables.map(\.name)
        if quantity.hasPrefix("E["), quantity.hasSuffix("]"), let k = rows.firstIndex(of: String(quantity.dropFirst(2).dropLast())) {
            return (oracle.expansion.observableValues[k], oracle.meanCoefficients[k])
        }
        for (prefix, mp) in [("chi[", false), ("chi_mp[", true)] where quantity.hasPrefix(prefix) {
            let inner = quantity.dropFirst(prefix.count).dropLast()
            guard let comma = inner.lastIndex(of: ","), let k = rows.firstIndex(of: String(inner[..<comma])),
                  let x = try? InputType(name: String(inner[inner.index(after: comma)...])) else { return nil }
            let leading = (mp ? oracle.leadingChiMeanPreserving : oracle.leadingChi)[k][x.index]
            return (leading, (mp ? oracle.chiCoefficientsMeanPreserving : oracle.chiCoefficients)[k][x.index])
        }
        return nil
    }
}
