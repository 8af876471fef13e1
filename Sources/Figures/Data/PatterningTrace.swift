#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A saved patterning run, the minimal record the trajectory figure needs:
/// per patterning step, the 32 per-type weights `h_x` (type index
/// `t = Σ_j x_j 2^j`, [Conventions §2](../../../Derivations/Conventions.md))
/// and the weighted and natural losses.
///
/// JSON (`tms-patterning-trace/1`):
///
/// ```json
/// { "format": "tms-patterning-trace/1",
///   "label": "2-break swap (f0 f1)",
///   "weights": [[h_0, …, h_31], …],          // one row per step
///   "weighted_loss": [L(w_t; h_t), …],       // one per step
///   "natural_loss": [L(w_t; h₀), …] }         // one per step
/// ```
public struct PatterningTrace: Sendable, Equatable, Codable {
    /// The format tag written into the JSON.
    public static let format = "tms-patterning-trace/1"

    public var label: String
    /// `weights[step][t]`, 32 non-negative values per step.
    public var weights: [[Double]]
    public var weightedLoss: [Double]
    public var naturalLoss: [Double]

    enum CodingKeys: String, CodingKey {
        case format, label, weights
        case weightedLoss = "weighted_loss"
        case naturalLoss = "natural_loss"
    }

    /// - Throws: ``FigureError`` unless there is at least one step, every step
    ///   has 32 finite non-negative weights, and both loss series have one
    ///   finite value per step.
    public init(label: String, weights: [[Double]], weightedLoss: [Double], naturalLoss: [Double]) throws(FigureError) {
        guard !weights.isEmpty else { throw .empty("patterning trace has no steps") }
        try Check.atMost(weights, Figure.maximumSeriesLength, "steps")
        for (step, row) in weights.enumerated() {
            try Check.count(row, 32, "weights at step \(step)")
            try Check.finite(row, "weight at step \(step)")
            if let bad = row.first(where: { $0 < 0 }) {
                throw .outOfRange(what: "weight at step \(step)", value: bad, allowed: "[0, ∞)")
            }
        }
        try Check.count(weightedLoss, weights.count, "weighted_loss (one per step)")
        try Check.count(naturalLoss, weights.count, "natural_loss (one per step)")
        try Check.finite(weightedLoss, "weighted_loss")
        try Check.finite(naturalLoss, "natural_loss")
        self.label = label
        self.weights = weights
        self.weightedLoss = weightedLoss
        self.naturalLoss = naturalLoss
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let format = try c.decodeIfPresent(String.self, forKey: .format), format != PatterningTrace.format {
            throw FigureError.unknownName(what: "patterning trace format", name: format)
        }
        try self.init(
            label: try c.decodeIfPresent(String.self, forKey: .label) ?? "",
            weights: try c.decode([[Double]].self, forKey: .weights),
            weightedLoss: try c.decode([Double].self, forKey: .weightedLoss),
            naturalLoss: try c.decode([Double].self, forKey: .naturalLoss))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(PatterningTrace.format, forKey: .format)
        try c.encode(label, forKey: .label)
        try c.encode(weights, forKey: .weights)
        try c.encode(weightedLoss, forKey: .weightedLoss)
        try c.encode(naturalLoss, forKey: .naturalLoss)
    }

    public var stepCount: Int { weights.count }

    /// A small synthetic run for tests and previews (not a real patterning
    /// run): starting from the natural weights at sparsity `S = 0.8`, the
    /// types containing features 0, 3 and 4 are upweighted early, weight then
    /// spreads to higher cardinalities, and both loss curves bump and settle.
    /// Each step is renormalised to mean 1.
    public static func synthetic(steps: Int = 60) -> PatterningTrace {
        let s = 0.8, p = 1 - s
        let natural = (0..<32).map { t -> Double in
            let k = t.nonzeroBitCount
            return 32 * pow(p, Double(k)) * pow(s, Double(5 - k))
        }
        var rows: [[Double]] = [], weighted: [Double] = [], naturalLoss: [Double] = []
        for n in 0..<Swift.max(steps, 1) {
            let u = Double(n) / Double(Swift.max(steps - 1, 1))
            let early = exp(-pow((u - 0.15) / 0.1, 2)), middle = exp(-pow((u - 0.4) / 0.15, 2))
            var row = (0..<32).map { t -> Double in
                let anchor = (t & 0b11001) == 0b11001 ? 6 * early : 0
                let spread = t.nonzeroBitCount >= 3 && t & 1 != 0 ? 3 * middle : 0
                return natural[t] * (1 + anchor + spread + 0.5 * u)
            }
            let mean = row.reduce(0, +) / 32
            row = row.map { $0 / mean }
            rows.append(row)
            weighted.append(0.12 + 0.05 * middle + 0.03 * early - 0.02 * u)
            naturalLoss.append(0.10 + 0.08 * middle + 0.02 * early - 0.015 * u)
        }
        return try! PatterningTrace(label: "synthetic example", weights: rows, weightedLoss: weighted, naturalLoss: naturalLoss)
    }
}
