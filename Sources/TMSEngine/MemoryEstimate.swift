/// Up-front memory estimates of a sampler run and of its χ estimator, so that a
/// run too large for the machine is refused with a clear error before any work
/// starts, instead of aborting in the allocator. All arithmetic is checked:
/// a size that overflows `Int` is reported as `nil`.
public enum MemoryEstimate {
    /// 2 GiB: the default ceiling of ``RecordingOptions/memoryLimit``.
    public static let defaultLimit = 2 << 30

    /// Bytes of the records of a run: `chains × draws × doublesPerDraw × 8`.
    public static func recordedBytes(chains: Int, draws: Int, recording: RecordingOptions, dimension: Int, sampleCount: Int) -> Int? {
        product([chains, draws, recording.doublesPerDraw(dimension: dimension, sampleCount: sampleCount), 8])
    }

    /// Bytes of the workspace of ``SampleRun/susceptibility(convention:batchSize:)``:
    /// per batch, the centred sums of `observables` rows, `samples` columns and
    /// their `observables × samples` cross products.
    public static func susceptibilityBytes(chains: Int, draws: Int, batchSize: Int? = nil, observables: Int, samples: Int) -> Int? {
        guard draws >= 1 else { return 0 }
        let size = batchSize ?? max(1, Int(Double(draws).squareRoot()))
        guard size >= 1, let groups = product([chains, draws / size]),
              let cross = product([observables, samples]) else { return nil }
        let (perGroup, o) = cross.addingReportingOverflow(observables + samples)
        return o ? nil : product([groups, perGroup, 8])
    }

    /// Bytes of a run that records `recording` and then estimates χ (if it records
    /// per-sample losses and observables): the records plus the χ workspace.
    public static func runBytes(settings: SamplerSettings, recording: RecordingOptions, dimension: Int, sampleCount: Int) -> Int? {
        guard let records = recordedBytes(
            chains: settings.chains, draws: settings.draws, recording: recording, dimension: dimension, sampleCount: sampleCount)
        else { return nil }
        guard recording.perSampleLosses, recording.observables.count > 0 else { return records }
        guard let chi = susceptibilityBytes(
            chains: settings.chains, draws: settings.draws, observables: recording.observables.count, samples: sampleCount)
        else { return nil }
        let (total, o) = records.addingReportingOverflow(chi)
        return o ? nil : total
    }

    /// `"1.5 GiB"`, `"384 MiB"`, `"12 KiB"`.
    public static func describe(_ bytes: Int?) -> String {
        guard let bytes else { return "more than 8 EiB" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : (value < 10 ? "\((value * 10).rounded() / 10) \(units[unit])" : "\(Int(value.rounded())) \(units[unit])")
    }

    static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for f in factors {
            guard f >= 0 else { return nil }
            let (p, o) = result.multipliedReportingOverflow(by: f)
            if o { return nil }
            result = p
        }
        return result
    }
}
