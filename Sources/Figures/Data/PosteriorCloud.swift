import TMSEngine

/// Posterior draws of the feature vectors with the per-type losses at each
/// draw and the χ displacement arrows
/// `χ⃗_{W_i,x} = −β (Cov[W_{i,x}, ℓ_x], Cov[W_{i,y}, ℓ_x])`
/// ([Conventions §6](../../../Derivations/Conventions.md)), estimated from all
/// retained draws of the run (`SampleRun.displacementArrows(feature:convention:batchSize:)`);
/// `draws` may be a thinned subset kept for drawing.
///
/// JSON: `{"label", "beta", "center": [10], "draws": [[10], …], "losses": [[32], …],
/// "arrows": [[{"x", "y"} × 5] × 32]}` (`arrows[x][i]`: input type index `x`, feature `i`).
public struct PosteriorCloud: Sendable, Equatable, Codable {
    /// One arrow, in parameter units.
    public struct Arrow: Sendable, Equatable, Codable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public var label: String
    public var beta: Double
    public var center: FeatureVectors
    public var draws: [FeatureVectors]
    /// `losses[n][x]`: `ℓ_x` at draw `n`, 32 per draw.
    public var losses: [[Double]]
    /// `arrows[x][i]`: the arrow of feature `i` for input type `x`.
    public var arrows: [[Arrow]]

    /// - Throws: ``FigureError`` on mismatched counts or non-finite values.
    public init(label: String, beta: Double, center: FeatureVectors, draws: [FeatureVectors], losses: [[Double]], arrows: [[Arrow]]) throws(FigureError) {
        guard !draws.isEmpty else { throw .empty("posterior cloud has no draws") }
        try Check.atMost(draws, Figure.maximumSeriesLength, "draws")
        guard beta > 0, beta.isFinite else { throw .outOfRange(what: "beta", value: beta, allowed: "(0, ∞)") }
        try Check.count(losses, draws.count, "loss rows (one per draw)")
        for (n, row) in losses.enumerated() {
            try Check.count(row, 32, "losses at draw \(n)")
            try Check.finite(row, "loss at draw \(n)")
        }
        try Check.count(arrows, 32, "arrow rows (one per input type)")
        for (x, row) in arrows.enumerated() {
            try Check.count(row, 5, "arrows of input \(x)")
            try Check.finite(row.flatMap { [$0.x, $0.y] }, "arrow of input \(x)")
        }
        self.label = label
        self.beta = beta
        self.center = center
        self.draws = draws
        self.losses = losses
        self.arrows = arrows
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            label: try c.decode(String.self, forKey: .label), beta: try c.decode(Double.self, forKey: .beta),
            center: try c.decode(FeatureVectors.self, forKey: .center), draws: try c.decode([FeatureVectors].self, forKey: .draws),
            losses: try c.decode([[Double]].self, forKey: .losses), arrows: try c.decode([[Arrow]].self, forKey: .arrows))
    }

    /// Samples the local posterior of `TMSModel` with weights `h`
    /// around `center` with `LangevinSampler` and keeps every
    /// `k`-th draw (at most `keep` draws in total) for drawing. The arrows use
    /// all draws.
    public static func sample(
        label: String, center: [Double], weights h: [Double], settings: SamplerSettings, keep: Int = 300
    ) throws -> PosteriorCloud {
        let sampler = try LangevinSampler(potential: try TMSModel(weights: h), center: center, settings: settings)
        let run = try sampler.run(recording: RecordingOptions(observables: .structuralAndPositions(), perSampleLosses: true, states: true))
        let arrowsByFeature = try (0..<5).map { try run.displacementArrows(feature: $0) }
        let arrows = (0..<32).map { x in (0..<5).map { i in Arrow(x: arrowsByFeature[i][x].x, y: arrowsByFeature[i][x].y) } }
        let total = run.chainCount * run.drawCount
        let keep = Swift.min(Swift.max(keep, 1), total)
        let stride = Swift.max(1, (total + keep - 1) / keep)
        var draws: [FeatureVectors] = [], losses: [[Double]] = []
        for flat in Swift.stride(from: 0, to: total, by: stride) {
            let c = flat / run.drawCount, n = flat % run.drawCount
            draws.append(try FeatureVectors(parameters: Array(run.state(chain: c, draw: n))))
            losses.append((0..<32).map { run.perSampleLoss($0, chain: c, draw: n) })
        }
        return try PosteriorCloud(label: label, beta: run.beta, center: try FeatureVectors(parameters: center), draws: draws, losses: losses, arrows: arrows)
    }
}
