import D5Taxonomy
import Foundation
import TMSEngine

/// Choosing a bifurcation (essay, "Choosing Bifurcations"): from the unit
/// square `W_0…W_3` at 0°, 90°, 180°, 270° with the dead feature `W_4` near
/// the origin, pattern the data so that `W_4` grows into a chosen gap, then
/// train forward. Derivation, settings and measured success rates:
/// [PatterningBifurcation.md](../../Derivations/PatterningBifurcation.md).
///
/// Gap `g ∈ 0..<4` lies between square features `g` and `g + 1 (mod 4)`;
/// the target is the regular pentagon with feature 4 inserted there
/// (`D5Taxonomy.Arrangement`), whose cosines are `cos 72°` for ring
/// neighbours and `cos 144°` otherwise.
///
/// The run: `W_4 = r₀(cos φ, sin φ)` with `φ` uniform (stream 0 of `seed`);
/// weights start at the natural Bernoulli weights `h₀(S)`; the controller
/// (`PatterningController`) steers the chosen target rows for
/// `controlledEpochs` of full-batch gradient descent, then `releaseEpochs`
/// more on `h₀` let the configuration settle. Success: `W_4`'s angular
/// neighbours are `g` and `g + 1`, and the final state is a regular pentagon
/// with all five features live (`FeatureGeometry.isRegularPolygon`).
public struct BifurcationExperiment: Sendable {
    /// Which observables the controller steers.
    public enum TargetSet: String, Sendable, CaseIterable {
        /// `dot(a,4)`, `dot(b,4)` → cos 72° (the essay's choice).
        case neighbours
        /// … and `dot(a,b)` → cos 144°, which keeps `a` and `b` apart.
        case neighboursAndPair = "neighbours-and-pair"
        /// All ten cosines of the target pentagon.
        case allCosines = "all-cosines"
    }

    public var gap: Int
    public var seed: UInt64
    public var sparsity: Double = 0.95
    /// `nil`: no patterning, train on `h₀` only (the gap is then chosen by the seed).
    public var schedule: RecomputeSchedule? = .single
    public var targetSet: TargetSet = .neighbours
    /// Free coordinates while sampling: only `W_4` (`true`) or all.
    public var sampleDeadFeatureOnly = true
    public var initialRadius = 1e-3
    public var learningRate = 0.5
    public var controlledEpochs = 300
    public var releaseEpochs = 2000
    /// Largest `|s·dh|` of a step: with the exponential rule, a factor up to e⁴ ≈ 55.
    public var scale: StepScale = .maxChange(4)
    /// Multiplicative: the natural weights span four decades, so additive
    /// changes of order 1 swamp the rare multi-feature inputs (see the derivation).
    public var rule: WeightRule = .exponential
    public var ridge = PatterningStep.defaultRidge
    /// `|δμ|_∞` at which the controller counts the target as reached and
    /// returns to the natural weights (`PatterningController.releasesOnArrival`);
    /// `nil`: never.
    public var arrivalTolerance: Double? = nil
    /// SGLD at the current parameters: ε, nβ, γ, chains, burn-in, draws.
    public var sampler = SamplerSettings(stepSize: 1e-6, nBeta: 1000, localization: 1e4, chains: 4, burnIn: 100, draws: 1000)

    public init(gap: Int, seed: UInt64) {
        self.gap = gap
        self.seed = seed
    }

    /// The square features on either side of the gap.
    public var neighbours: (Int, Int) { (gap, (gap + 1) % 4) }

    /// The target pentagon: the square's ring with feature 4 inserted after `gap`.
    public var targetArrangement: Arrangement {
        var ring = [0, 1, 2, 3]
        ring.insert(4, at: gap + 1)
        return try! Arrangement(features: ring)
    }

    /// The index of `dot(i,j)` among the ten cosine rows (Conventions §5).
    public static func cosineRow(_ i: Int, _ j: Int) -> Int {
        let (a, b) = (min(i, j), max(i, j))
        return (0..<a).reduce(0) { $0 + 4 - $1 } + (b - a - 1)
    }

    /// The target rows and goals of `targetSet`.
    public func target() throws -> PatterningTarget {
        let cosines: [Double] = targetArrangement.targetCosines()
        let (a, b) = neighbours
        let rows: [Int]
        switch targetSet {
        case .neighbours: rows = [Self.cosineRow(a, 4), Self.cosineRow(b, 4)]
        case .neighboursAndPair: rows = [Self.cosineRow(a, 4), Self.cosineRow(b, 4), Self.cosineRow(a, b)]
        case .allCosines: rows = Array(0..<10)
        }
        return try PatterningTarget(rows: rows, goals: rows.map { cosines[$0] })
    }

    /// The starting parameters: the unit square and `W_4 = r₀(cos φ, sin φ)`.
    public func initialParameters() -> [Double] {
        var stream = RandomStream(seed: seed, streamIndex: 0)
        let phi = 2 * Double.pi * stream.nextUniform()
        var w = NamedConfiguration.squareDead.parameters
        w[8] = initialRadius * cos(phi)
        w[9] = initialRadius * sin(phi)
        return w
    }

    /// Runs the experiment.
    ///
    /// - Throws: `PatterningError.invalidParameter` for a gap outside `0..<4`
    ///   or a sparsity outside `(0, 1)`; errors of the engine and the controller.
    public func run() throws -> BifurcationOutcome {
        guard (0..<4).contains(gap) else {
            throw PatterningError.invalidParameter(name: "gap", value: Double(gap), allowed: "0, 1, 2 or 3")
        }
        guard sparsity > 0, sparsity < 1 else {
            throw PatterningError.invalidParameter(name: "sparsity", value: sparsity, allowed: "0 < S < 1")
        }
        guard initialRadius >= 0, initialRadius.isFinite else {
            throw PatterningError.invalidParameter(name: "initial radius", value: initialRadius, allowed: "finite, ≥ 0")
        }
        let baseline = try TMSModel.naturalWeights(sparsity: sparsity)
        var settings = sampler
        settings.seed = SplitMix64.mix(seed ^ 0x5A3C_0F1E_D2B4_9687)
        var plant = try TMSPlant(
            parameters: initialParameters(), learningRate: learningRate, sampler: settings,
            mask: sampleDeadFeatureOnly ? try ParameterMask.features([4]) : nil)
        let target = try target()
        var run: PatterningRun
        if let schedule {
            var controller = PatterningController(
                target: target, schedule: schedule, baseline: baseline, rule: rule, scale: scale, ridge: ridge,
                epochs: controlledEpochs, releaseEpochs: releaseEpochs, reachedTolerance: arrivalTolerance ?? 0)
            controller.releasesOnArrival = arrivalTolerance != nil
            run = try controller.run(on: &plant)
        } else {
            let losses = try plant.train(weights: baseline, epochs: controlledEpochs + releaseEpochs)
            run = PatterningRun(records: [], lossHistory: losses, controlledEpochs: controlledEpochs, releaseEpochs: releaseEpochs)
        }
        let geometry = try FeatureGeometry(parameters: plant.parameters)
        let (a, b) = neighbours
        let (left, right) = geometry.neighbours(of: 4)
        let square = Set([left, right])
        let chosen = (0..<4).first { Set([$0, ($0 + 1) % 4]) == square }
        let regular = geometry.isRegularPolygon()
        return BifurcationOutcome(
            gap: gap, seed: seed, success: square == Set([a, b]) && regular, chosenGap: chosen, isRegularPentagon: regular,
            finalParameters: plant.parameters, finalCosines: geometry.cosines, finalNorms: geometry.norms,
            targetCosines: targetArrangement.targetCosines(), run: run)
    }
}

/// The result of a `BifurcationExperiment`.
public struct BifurcationOutcome: Sendable {
    public var gap: Int
    public var seed: UInt64
    /// `W_4` between the chosen neighbours and the final state a regular pentagon.
    public var success: Bool
    /// The gap `W_4` ended in (its angular neighbours are `g`, `g + 1`), if any.
    public var chosenGap: Int?
    public var isRegularPentagon: Bool
    public var finalParameters: [Double]
    /// The ten cosines `dot(i,j)` at the end (Conventions §5 order).
    public var finalCosines: [Double]
    public var finalNorms: [Double]
    public var targetCosines: [Double]
    public var run: PatterningRun
}
