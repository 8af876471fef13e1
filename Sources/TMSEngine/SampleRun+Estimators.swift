/// Posterior expectations, LLC and their standard errors
/// ([EngineEstimators.md](../../Derivations/EngineEstimators.md)).
///
/// Every estimate uses the draws of the ``BatchLayout`` (all chains, the last
/// `⌊draws/b⌋·b` draws of each); the standard error is the delete-one-batch
/// jackknife over all `chains × batches` batches, which for a mean equals the
/// batch-means standard error and includes between-chain disagreement. The
/// default batch size `b` comes from autocorrelation times: ten times the
/// estimated series' own `τ̂` for a mean, the run's ``MixingSummary/batchSize``
/// (the slowest of the loss and the observables) for χ.
extension SampleRun {
    /// The batch layout of this run: `batchSize` draws per batch, by default ``MixingSummary/batchSize``.
    public func batchLayout(batchSize: Int? = nil) throws(SamplerError) -> BatchLayout {
        try BatchLayout(chains: chainCount, draws: drawCount, batchSize: batchSize ?? mixing.batchSize)
    }

    /// The estimate of `E[f]` for the series `f(chain, draw)`.
    ///
    /// Without `batchSize` the batches are ten of the series' own autocorrelation times `τ̂` long
    /// (``MixingSummary/batchSize(chains:draws:autocorrelationTime:)``), and
    /// ``Estimate/effectiveSampleSize`` is its `N/τ̂` (``AutocorrelationTime``).
    public func meanEstimate(batchSize: Int? = nil, _ series: (Int, Int) -> Double) throws(SamplerError) -> Estimate {
        let tau = AutocorrelationTime.estimate(chains: chainCount, draws: drawCount, value: series)
        let size = batchSize ?? MixingSummary.batchSize(chains: chainCount, draws: drawCount, autocorrelationTime: tau?.draws)
        let layout = try batchLayout(batchSize: size)
        let groups = layout.groupCount
        var sums = [Double](repeating: 0, count: groups)
        for c in 0..<chainCount {
            for b in 0..<layout.batchesPerChain {
                var s = 0.0
                for n in layout.range(chain: c, batch: b) {
                    let v = series(c, n)
                    s += v
                }
                sums[c * layout.batchesPerChain + b] = s
            }
        }
        let total = sums.reduce(0, +)
        let count = Double(groups * layout.batchSize)
        let mean = total / count
        let leaveOut = Double((groups - 1) * layout.batchSize)
        let replicates = sums.map { (total - $0) / leaveOut }
        let se = replicates.withUnsafeBufferPointer { jackknifeStandardError($0) }
        let rHat = splitRHat(chains: chainCount, first: layout.firstDraw, draws: drawCount, value: series)
        return Estimate(value: mean, standardError: se, rHat: rHat, effectiveSampleSize: tau?.effectiveSampleSize)
    }

    /// `E[φ_k]` with standard error and split-R̂, one per recorded observable (rows as ``observableNames``).
    public func observableEstimates(batchSize: Int? = nil) throws(SamplerError) -> [Estimate] {
        var result: [Estimate] = []
        for k in 0..<observableCount {
            result.append(try meanEstimate(batchSize: batchSize) { c, n in observable(k, chain: c, draw: n) })
        }
        return result
    }

    /// `E[L(w; h)]` over the draws.
    public func lossEstimate(batchSize: Int? = nil) throws(SamplerError) -> Estimate {
        try meanEstimate(batchSize: batchSize) { c, n in losses[c * drawCount + n] }
    }

    /// The local learning coefficient `λ̂ = nβ (E[L] − L(w*))` ([Conventions.md](../../Derivations/Conventions.md) §4)
    /// with standard error `nβ · SE(E[L])`. Only post-burn-in draws are used (devinterp 2.0.1 also averages the burn-in).
    public func localLearningCoefficient(batchSize: Int? = nil) throws(SamplerError) -> Estimate {
        let loss = try lossEstimate(batchSize: batchSize)
        let nBeta = settings.nBeta
        return Estimate(
            value: nBeta * (loss.value - centerLoss), standardError: nBeta * loss.standardError,
            rHat: loss.rHat, effectiveSampleSize: loss.effectiveSampleSize)
    }
}
