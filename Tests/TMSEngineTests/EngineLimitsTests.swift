import Foundation
import Testing
import TMSEngine

/// Bad sizes and values get errors, never traps or silent answers: checked
/// arithmetic on user sizes, memory refused up front, non-finite states
/// reported, degenerate runs flagged.
@Suite struct EngineLimitsTests {
    static let pentagon = NamedConfiguration.pentagon.parameters

    @Test func sizesThatOverflowAreRefused() {
        for settings in [
            SamplerSettings(stepSize: 1e-4, nBeta: 100, burnIn: Int.max, draws: 10),
            SamplerSettings(stepSize: 1e-4, nBeta: 100, draws: Int.max / 2, thinning: 3),
            SamplerSettings(stepSize: 1e-4, nBeta: 100, chains: Int.max / 2, draws: 4),
        ] {
            #expect(throws: SamplerError.self) { try settings.validate() }
            do { try settings.validate() } catch {
                if case .tooLarge = error {} else { Issue.record("expected tooLarge, got \(error)") }
            }
        }
        #expect(MemoryEstimate.recordedBytes(chains: Int.max, draws: 2, recording: RecordingOptions(), dimension: 10, sampleCount: 32) == nil)
    }

    /// The records are sized before anything is allocated: a run above its memory limit throws.
    @Test func memoryBeyondTheLimitIsRefusedUpFront() throws {
        let model = try TMSModel(sparsity: 0.9)
        let settings = SamplerSettings(stepSize: 1e-4, nBeta: 1600, chains: 2, burnIn: 0, draws: 100)
        let sampler = try LangevinSampler(potential: model, center: Self.pentagon, settings: settings)
        // 2 × 100 draws × (1 loss + 32 per-sample losses) × 8 bytes = 52,800 bytes.
        let bytes = MemoryEstimate.recordedBytes(chains: 2, draws: 100, recording: RecordingOptions(), dimension: 10, sampleCount: 32)
        #expect(bytes == 52_800)
        #expect(throws: SamplerError.self) { try sampler.run(recording: RecordingOptions(memoryLimit: 52_799)) }
        _ = try sampler.run(recording: RecordingOptions(memoryLimit: 52_800))
    }

    /// With one draw per replicate a covariance replicate is identically zero, and so would be χ's standard error.
    @Test func tooFewDrawsForAStandardErrorAreRefused() {
        #expect(throws: SamplerError.self) { try BatchLayout(chains: 2, draws: 1) }
        #expect(throws: Never.self) { try BatchLayout(chains: 3, draws: 1) }
    }

    /// A state whose Gram matrix overflows gets a NaN loss and gradient from both kernels
    /// (the vectorised 5×2 one and the general one), where ReLU(NaN) = 0 used to hide it.
    @Test(arguments: [(5, 2), (3, 2), (4, 3)])
    func nonFiniteStatesAreNotHidden(featureCount: Int, embedding: Int) throws {
        let model = try TMSModel(sparsity: 0.9, featureCount: featureCount, embeddingDimension: embedding)
        for scale in [1e300, 1e160, Double.infinity, Double.nan] {
            let w = (0..<model.dimension).map { i in scale * (i.isMultiple(of: 2) ? 1 : -0.5) }
            let (loss, gradient) = model.lossAndGradient(w)
            #expect(loss.isNaN, "d=\(featureCount) m=\(embedding) scale \(scale): loss \(loss)")
            #expect(gradient.allSatisfy { $0.isNaN })
        }
        // Large but representable states still evaluate (the loss is huge and finite).
        let w = (0..<model.dimension).map { i in 1e20 * (i.isMultiple(of: 2) ? 1 : -0.5) }
        #expect(model.loss(w).isFinite)
    }

    @Test func trainingReportsOverflowInsteadOfConverging() throws {
        let model = try TMSModel(sparsity: 0.99)
        #expect(throws: TrainingError.self) { try model.train(settings: TrainingSettings(epochs: 10, initScale: 1e300)) }
        do { _ = try model.train(settings: TrainingSettings(epochs: 10, initScale: 1e300)) } catch {
            if case let .diverged(epoch, _) = error { #expect(epoch == 0) } else { Issue.record("\(error)") }
        }
    }

    @Test func trainingRecordsAreBoundedAndProgressIsReported() throws {
        let settings = TrainingSettings(epochs: 10_000_000, recordEvery: 5)
        #expect(settings.recordCount == 2_000_001)
        #expect(throws: TrainingError.tooManyRecords(count: 2_000_001, limit: TrainingSettings.maximumRecords)) { try settings.validate() }
        #expect(TrainingSettings(epochs: Int.max, recordEvery: 1).recordCount == Int.max)
        let model = try TMSModel(sparsity: 0.99)
        var seen: [Int] = []
        _ = try model.train(settings: TrainingSettings(epochs: 1000, recordEvery: 100), progress: { seen.append($0) })
        #expect(seen == Array(stride(from: 0, through: 1000, by: 10)))
    }

    static func isSlowMixing(_ warning: SamplerWarning) -> Bool {
        if case .slowMixing = warning { true } else { false }
    }

    /// A step too small to change a Double leaves every chain where it started; MALA with a
    /// huge step rejects everything. Both are flagged; a working run is not (beyond slow mixing).
    @Test func frozenChainsAndLowAcceptanceAreFlagged() throws {
        let model = try TMSModel(sparsity: 0.9)
        func warnings(_ method: SamplerSettings.Method, _ step: Double) throws -> [SamplerWarning] {
            let settings = SamplerSettings(method: method, stepSize: step, nBeta: 1600, localization: 100, chains: 2, burnIn: 0, draws: 50)
            return try LangevinSampler(potential: model, center: Self.pentagon, settings: settings).run().warnings
        }
        #expect(try warnings(.sgld, Double.leastNonzeroMagnitude * 2000) == [.frozenChain(chain: 0), .frozenChain(chain: 1)])
        let rejecting = try warnings(.mala, 0.5)
        #expect(rejecting.contains(.frozenChain(chain: 0)) && rejecting.contains(.lowAcceptance(chain: 0, rate: 0)))
        // 50 draws are far shorter than the chains' autocorrelation: only that is flagged.
        #expect(try warnings(.sgld, 1e-4).allSatisfy(Self.isSlowMixing))
        #expect(try warnings(.mala, 1e-4).allSatisfy(Self.isSlowMixing))
    }
}
