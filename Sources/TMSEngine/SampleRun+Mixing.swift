/// How fast the chains of a run mix: the integrated autocorrelation time `τ̂` of the loss and of
/// every recorded observable, and the batch size that the run's standard errors use by default
/// ([EngineEstimators.md](../../Derivations/EngineEstimators.md), "Mixing").
///
/// The default batch is at least ``batchLengthInAutocorrelationTimes`` times the largest `τ̂`, so
/// that batch means are nearly independent (the batch-means variance is then low by
/// `≈ τ/(2b) ≤ 5%`), and at least `⌊√draws⌋` (Flegal & Jones 2010); batches never span two chains,
/// so a run whose chains are shorter than that gets one batch per chain and its standard errors come
/// from the spread between chains.
public struct MixingSummary: Sendable, Equatable {
    /// `b ≥ 10 τ̂`.
    public static let batchLengthInAutocorrelationTimes = 10.0
    /// Below this many effective draws per chain (draws per chain `< 50 τ̂`) a run is flagged
    /// (``SamplerWarning/slowMixing(quantity:autocorrelationTime:effectiveSampleSizePerChain:batches:others:)``).
    public static let minimumEffectiveSampleSizePerChain = 50.0

    /// `τ̂` of the loss `L(w; h)`; `nil` if it is constant or there are too few draws.
    public let loss: AutocorrelationTime?
    /// `τ̂` of each recorded observable (rows as `observableNames`); `nil` for a constant one.
    public let observables: [AutocorrelationTime?]
    /// The names of the observables.
    public let observableNames: [String]
    /// The default batch size of the run's estimators.
    public let batchSize: Int
    /// Batches of the default layout (`chains × ⌊draws/batchSize⌋`).
    public let batchCount: Int

    init(chains: Int, draws: Int, observableNames: [String], observableValues: [Double], losses: [Double]) {
        let width = observableNames.count
        loss = AutocorrelationTime.estimate(chains: chains, draws: draws) { c, n in losses[c * draws + n] }
        observables = (0..<width).map { k in
            AutocorrelationTime.estimate(chains: chains, draws: draws) { c, n in observableValues[(c * draws + n) * width + k] }
        }
        self.observableNames = observableNames
        let slowest = ([loss] + observables).compactMap { $0?.draws }.max()
        batchSize = Self.batchSize(chains: chains, draws: draws, autocorrelationTime: slowest)
        batchCount = chains * (draws / batchSize)
    }

    /// The series with the largest `τ̂`: `"loss"` or an observable's name, and its estimate.
    public var slowest: (name: String, time: AutocorrelationTime)? {
        named.max { $0.time.draws < $1.time.draws }
    }

    /// Every series with an estimate, the loss first.
    public var named: [(name: String, time: AutocorrelationTime)] {
        var result: [(name: String, time: AutocorrelationTime)] = []
        if let loss { result.append(("loss", loss)) }
        for (name, time) in zip(observableNames, observables) { if let time { result.append((name, time)) } }
        return result
    }

    /// The default batch size for `τ̂` (in draws): `⌊draws/k⌋` with `k` batches per chain,
    /// `k = ⌊draws/(10 τ̂)⌋` clamped to `[1, ⌊draws/⌊√draws⌋⌋]` (`[2, …]` for a single chain, which
    /// needs two batches for a standard error). Without `τ̂`, `⌊√draws⌋`.
    public static func batchSize(chains: Int, draws: Int, autocorrelationTime tau: Double?) -> Int {
        let root = max(1, Int(Double(draws).squareRoot()))
        guard let tau, tau.isFinite, tau > 0, draws >= 4 else { return root }
        let most = draws / root
        let least = chains >= 2 ? 1 : 2
        let wanted = Double(draws) / (batchLengthInAutocorrelationTimes * tau)
        let perChain = wanted >= Double(most) ? most : max(least, min(most, Int(wanted)))
        return draws / perChain
    }
}

extension SampleRun {
    /// How fast the chains mix, from the loss and the observables; sets the default batch size of χ.
    /// Computed on each access (`O(chains · draws)` per series plus at most
    /// `O(chains · 256²)`), so runs whose estimators are never asked for pay nothing.
    public var mixing: MixingSummary {
        MixingSummary(
            chains: chainCount, draws: drawCount, observableNames: observableNames,
            observableValues: observableValues, losses: losses)
    }
}
