import ArgumentParser
import TMSEngine

/// The option names of the sampler settings in a command (all commands use the
/// same names; a command that calls one of them differently passes its own).
struct SamplerOptionNames {
    var stepSize = "--step-size"
    var localization = "--localization"
    var chains = "--chains"
    var burnIn = "--burn-in"
    var draws = "--draws"
    var thinning = "--thinning"
    var divergenceBound = "--divergence-bound"
}

/// Checks sampler settings built from options, naming the options: every value
/// in range (``Limits``), steps per chain without overflow, enough batches for a
/// standard error (``Limits/minimumBatches``, with the default batch size
/// `⌊√draws⌋` unless `batchSize` is given), and the memory of the records and
/// of the χ estimator within ``MemoryEstimate/defaultLimit``. β (`nβ`) is checked by
/// the command, which knows whether the user gave `--beta` or `--nbeta`.
func checkSampler(
    _ s: SamplerSettings, recording: RecordingOptions, dimension: Int = 10, sampleCount: Int = 32,
    batchSize: Int? = nil, names: SamplerOptionNames = SamplerOptionNames()
) throws {
    try check(names.stepSize, s.stepSize, .scale)
    try check(names.localization, s.localization, .zeroOrScale)
    try check(names.chains, s.chains, in: Limits.chains)
    try check(names.burnIn, s.burnIn, in: Limits.burnIn)
    try check(names.draws, s.draws, in: Limits.draws)
    try check(names.thinning, s.thinning, in: Limits.thinning)
    try check(names.divergenceBound, s.divergenceBound, .positive(atMost: Limits.divergenceBound))
    guard let steps = s.checkedStepsPerChain, steps <= Limits.stepsPerChain else {
        throw ValidationError(
            "\(names.burnIn) \(s.burnIn) + \(names.draws) \(s.draws) × \(names.thinning) \(s.thinning) steps per chain "
                + "is more than the limit of \(Limits.stepsPerChain.grouped)")
    }
    let size = batchSize ?? max(1, Int(Double(s.draws).squareRoot()))
    let batches = s.chains * (s.draws / size)
    guard batches >= Limits.minimumBatches else {
        throw ValidationError(
            "\(names.chains) \(s.chains) × \(names.draws) \(s.draws) leave \(batches) batches of \(size) draws for the standard errors; "
                + "at least \(Limits.minimumBatches) are needed (e.g. \(names.draws) 25 with \(names.chains) 2, or \(names.draws) 100)")
    }
    let bytes = MemoryEstimate.runBytes(settings: s, recording: recording, dimension: dimension, sampleCount: sampleCount)
    guard let bytes, bytes <= recording.memoryLimit else {
        throw ValidationError(
            "\(names.chains) \(s.chains) × \(names.draws) \(s.draws) need \(MemoryEstimate.describe(bytes)) for the draws and χ, "
                + "above the limit of \(MemoryEstimate.describe(recording.memoryLimit)); use fewer chains or draws "
                + "(\(names.thinning) spreads the same draws over more steps)")
    }
}

/// nβ from `--nbeta` or `--beta` (β = nβ/32), each checked as typed; `fallback` when neither is given.
func samplerNBeta(nbeta: Double?, beta: Double?, fallback: Double) throws -> Double {
    switch (nbeta, beta) {
    case let (n?, nil):
        try check("--nbeta", n, .range(32 * Limits.smallestScale, 32 * Limits.largestScale))
        return n
    case let (nil, b?):
        try check("--beta", b, .scale)
        return 32 * b
    case (nil, nil): return fallback
    default: throw ValidationError("give either --nbeta or --beta, not both")
    }
}

/// Turns the warnings of a finished run into a refusal (frozen chains: estimates of a
/// point mass, standard error 0) or lines on stderr (MALA acceptance below 1%, slow mixing).
func reportSamplerWarnings(_ run: SampleRun, stepSizeOption: String = "--step-size") throws {
    let warnings = run.warnings
    let frozen = warnings.compactMap { w -> Int? in if case let .frozenChain(c) = w { return c } else { return nil } }
    if !frozen.isEmpty {
        let rejectedAll = run.settings.method == .mala && frozen.allSatisfy { run.acceptanceRates[$0] == 0 }
        throw ToolError.usage(
            "the chains did not move (chains \(frozen.map(String.init).joined(separator: ", ")): every recorded loss is identical), "
                + "so every estimate would be a point mass with standard error 0: \(stepSizeOption) \(run.settings.stepSize) is "
                + (rejectedAll ? "too large for MALA to accept a single proposal" : "too small to change the state in Double arithmetic"))
    }
    for case let .lowAcceptance(chain, rate) in warnings {
        warn("chain \(chain) accepted \(rate) of its MALA proposals (below \(SampleRun.minimumAcceptanceRate)): "
            + "its estimates and standard errors are unreliable; lower \(stepSizeOption)")
    }
    for case let .slowMixing(quantity, tau, ess, batches, others) in warnings {
        let w = SamplerWarning.slowMixing(quantity: quantity, autocorrelationTime: tau, effectiveSampleSizePerChain: ess, batches: batches, others: others)
        warn("\(w): the standard errors may be too small and the start point may bias the estimates; "
            + "use more --draws (at least \(Int(min(MixingSummary.minimumEffectiveSampleSizePerChain * tau, 1e15)).grouped) per chain), "
            + "more --burn-in, or a larger \(stepSizeOption) if the step allows it")
    }
}
