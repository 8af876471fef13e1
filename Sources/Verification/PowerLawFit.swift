import Foundation

/// A weighted least-squares fit of `log|y| = log C + p · log β` to estimates
/// `y_i ± s_i` at several `β_i`, for recovering β-scaling exponents
/// ([Audit.md](../../Derivations/Audit.md) §3).
///
/// The weights are `1/σ_i²` with `σ_i = s_i/|y_i|` (the delta-method standard
/// error of `log|y_i|`); the exponent's standard error is
/// `(Σ_i w_i (x_i − x̄_w)²)^{−1/2}`, `x_i = log β_i`.
public struct PowerLawFit: Sendable, Equatable {
    public let exponent: Double
    public let standardError: Double
    public let logPrefactor: Double

    /// Needs at least two distinct β, nonzero `y` and positive `s`.
    public init(betas: [Double], values: [Double], standardErrors: [Double]) throws(AuditError) {
        guard betas.count == values.count, values.count == standardErrors.count, Set(betas).count >= 2 else {
            throw .invalidSetting(name: "power-law fit", value: "\(betas.count) points", reason: "need matching arrays with at least two distinct β")
        }
        var sw = 0.0, swx = 0.0, swy = 0.0
        var points: [(x: Double, y: Double, w: Double)] = []
        for i in betas.indices {
            guard betas[i] > 0, values[i] != 0, values[i].isFinite, standardErrors[i] > 0 else {
                throw .invalidSetting(name: "power-law point \(i)", value: "β=\(betas[i]) y=\(values[i]) s=\(standardErrors[i])",
                                      reason: "need β > 0, y ≠ 0 and s > 0")
            }
            let sigma = standardErrors[i] / values[i].magnitude
            let point = (x: log(betas[i]), y: log(values[i].magnitude), w: 1 / (sigma * sigma))
            points.append(point)
            sw += point.w
            swx += point.w * point.x
            swy += point.w * point.y
        }
        let xBar = swx / sw, yBar = swy / sw
        var sxx = 0.0, sxy = 0.0
        for p in points {
            sxx += p.w * (p.x - xBar) * (p.x - xBar)
            sxy += p.w * (p.x - xBar) * (p.y - yBar)
        }
        exponent = sxy / sxx
        standardError = 1 / sxx.squareRoot()
        logPrefactor = yBar - exponent * xBar
    }
}
