import ArgumentParser
import Dispatch
import Foundation
import TMSEngine

/// `tms bench`: throughput of the Double engine on the 5×2 TMS model with all 32 input types.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure SGLD throughput, χ estimation time and recording overhead of the Double engine.")

    @Option(help: "Output format: text or json.")
    var format: EngineOutputFormat = .text

    @Option(help: "SGLD steps per timing (one chain), \(Self.stepRange.text).")
    var steps: Int = 2_000_000

    @Option(help: "Repetitions of each timing (\(Self.repetitionRange.text)); the fastest is reported.")
    var repetitions: Int = 3

    static let stepRange = 1_000...1_000_000_000
    static let repetitionRange = 1...100

    func validate() throws {
        try check("--steps", steps, in: Self.stepRange)
        try check("--repetitions", repetitions, in: Self.repetitionRange)
    }

    func run() throws {
        let model = try TMSModel(sparsity: 0.9)
        let center = NamedConfiguration.pentagon.parameters
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
            .flatMap { $0.split(separator: " ").first }.flatMap { Double($0) }
        let base = SamplerSettings(method: .sgld, stepSize: 1e-4, nBeta: 1600, localization: 100, chains: 1, burnIn: 0, draws: 1, thinning: 1, seed: 1)

        // Single-threaded timings use this thread's CPU time (robust on a shared machine);
        // multi-threaded ones (all cores, χ) use wall-clock time.
        func time(wallClock: Bool = false, _ body: () throws -> Void) rethrows -> Double {
            var best = Double.infinity
            for _ in 0..<max(1, repetitions) {
                let start = wallClock ? wallSeconds() : threadCPUSeconds()
                try body()
                best = min(best, (wallClock ? wallSeconds() : threadCPUSeconds()) - start)
            }
            return best
        }

        // Plain steps: one chain, one core, nothing recorded but the loss of one draw.
        var plain = base
        plain.burnIn = steps - 1
        plain.maxConcurrency = 1
        let plainSampler = try LangevinSampler(potential: model, center: center, settings: plain)
        let plainSeconds = try time { _ = try plainSampler.run(recording: RecordingOptions(perSampleLosses: false)) }

        // All cores: one chain per core.
        var parallel = plain
        parallel.chains = cores
        parallel.maxConcurrency = nil
        let parallelSampler = try LangevinSampler(potential: model, center: center, settings: parallel)
        let parallelSeconds = try time(wallClock: true) { _ = try parallelSampler.run(recording: RecordingOptions(perSampleLosses: false)) }

        // Recording at every draw: 15 observables and 32 per-sample losses, in runs of 20,000 draws
        // (7.7 MB of records, a typical run size; one huge run would mostly time the kernel's
        // first-touch page faults), repeated to cover `steps / 4` steps.
        let recordedRunDraws = min(20_000, max(1, steps / 4))
        let recordedRuns = max(1, steps / 4 / recordedRunDraws)
        let recordedSteps = recordedRuns * recordedRunDraws
        var recorded = base
        recorded.draws = recordedRunDraws
        recorded.maxConcurrency = 1
        let recordedSampler = try LangevinSampler(potential: model, center: center, settings: recorded)
        let recording = RecordingOptions(observables: .structural(), perSampleLosses: true)
        let recordedSeconds = try time {
            for _ in 0..<recordedRuns { _ = try recordedSampler.run(recording: recording) }
        }
        let plainPerStep = plainSeconds / Double(steps)
        let recordedPerStep = recordedSeconds / Double(recordedSteps)

        // χ: 4 chains × 1,000 draws after 100 burn-in, 15 × 32.
        var chiSettings = base
        chiSettings.chains = 4
        chiSettings.burnIn = 100
        chiSettings.draws = 1000
        let chiSampler = try LangevinSampler(potential: model, center: center, settings: chiSettings)
        let chiSeconds = try time(wallClock: true) {
            let run = try chiSampler.run(recording: recording)
            _ = try run.susceptibility()
        }

        // Components: the 32-type loss and gradient alone, and the normal generator alone.
        var gradient = [Double](repeating: 0, count: 10)
        var sink = 0.0
        let kernelSeconds = time {
            center.withUnsafeBufferPointer { w in
                gradient.withUnsafeMutableBufferPointer { g in
                    for _ in 0..<steps { sink += model.lossAndGradient(at: w, gradient: g) }
                }
            }
        }
        var stream = RandomStream(seed: 1)
        let normalSeconds = time {
            for _ in 0..<(10 * steps) { sink += stream.nextGaussian() }
        }
        if sink == 0.123456789 { print(sink) }

        let report = BenchReport(
            lossAndGradientNanoseconds: kernelSeconds / Double(steps) * 1e9,
            normalNanoseconds: normalSeconds / Double(10 * steps) * 1e9,
            sgldStepsPerSecond: 1 / plainPerStep,
            sgldStepsPerSecondAllCores: Double(cores * steps) / parallelSeconds,
            chiEstimateSeconds: chiSeconds,
            recordingOverhead: recordedPerStep / plainPerStep,
            configuration: .init(
                model: "TMS d=5 m=2, natural weights S=0.9, all 32 input types", center: "pentagon",
                stepSize: base.stepSize, nBeta: base.nBeta, localization: base.localization,
                stepsPerTiming: steps, recordedSteps: recordedSteps, recordedRunDraws: recordedRunDraws, cores: cores, repetitions: repetitions,
                timing: "single-thread figures: thread CPU time, best of repetitions; all-cores and χ: wall clock",
                loadAverage: loadAverage,
                chi: "4 chains × 1000 draws after 100 burn-in, 15 observables × 32 inputs, jacobian convention"))
        switch format {
        case .json:
            print(try encodedJSON(report))
        case .text:
            print("""
                sgld_steps_per_second            \(Int(report.sgldStepsPerSecond))
                sgld_steps_per_second_all_cores  \(Int(report.sgldStepsPerSecondAllCores)) (\(cores) cores, load average \(loadAverage.map { String($0) } ?? "?"))
                chi_estimate_seconds             \(report.chiEstimateSeconds)
                recording_overhead               \(report.recordingOverhead)
                loss_and_gradient_nanoseconds    \(report.lossAndGradientNanoseconds)
                normal_nanoseconds               \(report.normalNanoseconds)
                configuration                    \(report.configuration.model), centre \(report.configuration.center), ε = \(base.stepSize), nβ = \(base.nBeta), γ = \(base.localization)
                """)
        }
    }
}

struct BenchReport: Codable {
    struct Configuration: Codable {
        var model: String
        var center: String
        var stepSize: Double
        var nBeta: Double
        var localization: Double
        var stepsPerTiming: Int
        var recordedSteps: Int
        var recordedRunDraws: Int
        var cores: Int
        var repetitions: Int
        var timing: String
        /// The 1-minute load average when the bench started (wall-clock figures degrade when it exceeds the core count).
        var loadAverage: Double?
        var chi: String
    }
    var lossAndGradientNanoseconds: Double
    var normalNanoseconds: Double
    var sgldStepsPerSecond: Double
    var sgldStepsPerSecondAllCores: Double
    var chiEstimateSeconds: Double
    var recordingOverhead: Double
    var configuration: Configuration
}

/// Output format of the engine commands.
enum EngineOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Seconds of CPU time consumed by the calling thread.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Monotonic wall-clock seconds.
func wallSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
