/// A Monte Carlo estimate with its standard error and convergence diagnostics.
public struct Estimate: Sendable, Equatable, Codable {
    /// The point estimate from all retained draws of all chains.
    public var value: Double
    /// The batch-jackknife standard error ([EngineEstimators.md](../../Derivations/EngineEstimators.md)).
    public var standardError: Double
    /// Split-R̂ across chains (Gelman et al., BDA3 §11.4); `nil` where not defined.
    public var rHat: Double?
    /// `Var / SE²`, the effective number of independent draws; `nil` where not defined.
    public var effectiveSampleSize: Double?

    public init(value: Double, standardError: Double, rHat: Double? = nil, effectiveSampleSize: Double? = nil) {
        self.value = value
        self.standardError = standardError
        self.rHat = rHat
        self.effectiveSampleSize = effectiveSampleSize
    }
}

/// How the draws are cut into batches for the jackknife: each chain's last
/// `batchesPerChain · batchSize` draws form `batchesPerChain` contiguous
/// batches (the first `draws mod batchSize` draws are dropped).
/// Default batch size `⌊√draws⌋` (Flegal & Jones 2010).
public struct BatchLayout: Sendable, Equatable {
    public let chains: Int
    public let draws: Int
    public let batchSize: Int
    public var batchesPerChain: Int { draws / batchSize }
    public var groupCount: Int { chains * batchesPerChain }
    /// The first retained draw of each chain.
    public var firstDraw: Int { draws - batchesPerChain * batchSize }

    public init(chains: Int, draws: Int, batchSize: Int? = nil) throws(SamplerError) {
        let size = batchSize ?? max(1, Int(Double(draws).squareRoot()))
        guard size >= 1, size <= draws else { throw .invalidCount(name: "batchSize", value: size) }
        self.chains = chains
        self.draws = draws
        self.batchSize = size
        guard chains * (draws / size) >= 2 else {
            throw .invalidCount(name: "batch count (chains × draws/batchSize)", value: chains * (draws / size))
        }
        // A delete-one-batch replicate of a covariance needs at least two draws;
        // with one it is identically 0 and so would be the standard error.
        guard (chains * (draws / size) - 1) * size >= 2 else {
            throw .invalidCount(name: "draws left out of one batch ((batch count − 1) × batchSize)", value: (chains * (draws / size) - 1) * size)
        }
    }

    /// The draw range of batch `b` of chain `c`.
    func range(chain c: Int, batch b: Int) -> Range<Int> {
        let start = firstDraw + b * batchSize
        return start..<(start + batchSize)
    }
}

/// The delete-one-group jackknife: `SE² = (G−1)/G Σ_g (θ_(g) − θ̄_(·))²`.
@inline(__always)
func jackknifeStandardError(_ replicates: UnsafeBufferPointer<Double>) -> Double {
    let g = Double(replicates.count)
    var mean = 0.0
    for r in replicates { mean += r }
    mean /= g
    var sum = 0.0
    for r in replicates { sum += (r - mean) * (r - mean) }
    return ((g - 1) / g * sum).squareRoot()
}

/// Split-R̂ of a scalar series laid out `[chain][draw]` with stride `stride` and offset `offset`:
/// each chain's retained draws are split in halves; `R̂ = √(((n−1)/n · W + B/n) / W)`.
func splitRHat(chains: Int, first: Int, draws: Int, value: (Int, Int) -> Double) -> Double? {
    let n = (draws - first) / 2
    guard n >= 2 else { return nil }
    var means: [Double] = []
    var variances: [Double] = []
    for c in 0..<chains {
        for half in 0..<2 {
            let start = first + half * n + (draws - first - 2 * n)
            var mean = 0.0
            for i in start..<(start + n) { mean += value(c, i) }
            mean /= Double(n)
            var v = 0.0
            for i in start..<(start + n) { v += (value(c, i) - mean) * (value(c, i) - mean) }
            means.append(mean)
            variances.append(v / Double(n - 1))
        }
    }
    let within = variances.reduce(0, +) / Double(variances.count)
    let grand = means.reduce(0, +) / Double(means.count)
    let between = Double(n) * means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(means.count - 1)
    if within == 0 { return between == 0 ? 1 : .infinity }
    return ((Double(n - 1) / Double(n) * within + between / Double(n)) / within).squareRoot()
}
