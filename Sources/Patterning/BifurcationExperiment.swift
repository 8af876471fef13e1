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
///
/// With `from = 3` the same experiment runs the 3 → 4 bifurcation from the
/// unit triangle (new feature 3, `W_4 = 0` frozen; see the derivation).
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
    /// Live features before the bifurcation: 4 (square → pentagon) or 3
    /// (triangle → square; `W_4 = 0` is frozen in training and sampling, which
    /// makes the 5×2 model exactly a 4-feature model on the marginal data).
    public var from = 4
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
    public var neighbours: (Int, Int) { (gap, (gap + 1) % from) }

    /// The feature that grows: `from` (4 for the square, 3 for the triangle).
    public var newFeature: Int { from }

    /// The target ring: `0 … from−1` with the new feature inserted after `gap`.
    public var targetRing: [Int] {
        var ring = Array(0..<from)
        ring.insert(from, at: gap + 1)
        return ring
    }

    /// The target pentagon (4 → 5 only): the square's ring with feature 4 inserted after `gap`.
    public var targetArrangement: Arrangement { try! Arrangement(features: targetRing) }

    /// The ten cosines of the target polygon (Conventions §5 order): the
    /// pentagon's `Arrangement.targetCosines` for 4 → 5; for 3 → 4 the square's,
    /// `0` for ring neighbours and `−1` for opposite features, and `0` for the
    /// pairs with the frozen `W_4` (never targeted).
    public var targetCosines: [Double] {
        if from == 4 { return targetArrangement.targetCosines() }
        let ring = targetRing
        var cosines: [Double] = []
        for i in 0..<5 {
            for j in (i + 1)..<5 {
                guard let p = ring.firstIndex(of: i), let q = ring.firstIndex(of: j) else { cosines.append(0); continue }
                cosines.append(abs(p - q) == 2 ? -1 : 0)
            }
        }
        return cosines
    }

    /// The index of `dot(i,j)` among the ten cosine rows (Conventions §5).
    public static func cosineRow(_ i: Int, _ j: Int) -> Int {
        let (a, b) = (min(i, j), max(i, j))
        return (0..<a).reduce(0) { $0 + 4 - $1 } + (b - a - 1)
    }

    /// The target rows and goals of `targetSet`.
    ///
    /// The neighbour goals follow the essay: `cos 72°` for 4 → 5 (the final
    /// pentagon), `cos 60°` for 3 → 4 (the bisector of the triangle's 120°
    /// gap, where the new feature starts to grow); the pair and the other
    /// cosines are those of the final polygon (`targetCosines`).
    public func target() throws -> PatterningTarget {
        var cosines = targetCosines
        let (a, b) = neighbours, f = newFeature
        if from == 3 {
            cosines[Self.cosineRow(a, f)] = 0.5
            cosines[Self.cosineRow(b, f)] = 0.5
        }
        let rows: [Int]
        switch targetSet {
        case .neighbours: rows = [Self.cosineRow(a, f), Self.cosineRow(b, f)]
        case .neighboursAndPair: rows = [Self.cosineRow(a, f), Self.cosineRow(b, f), Self.cosineRow(a, b)]
        case .allCosines:
            let live = 0...from
            rows = live.flatMap { i in live.filter { $0 > i }.map { Self.cosineRow(i, $0) } }.sorted()
            if from == 3 { return try PatterningTarget(rows: rows, goals: rows.map { targetCosines[$0] }) }
        }
        return try PatterningTarget(rows: rows, goals: rows.map { cosines[$0] })
    }

    /// The starting parameters: the unit square (or the unit triangle at 0°,
    /// 120°, 240° with `W_4 = 0`) and the new feature at `r₀(cos φ, sin φ)`.
    public func initialParameters() -> [Double] {
        var stream = RandomStream(seed: seed, streamIndex: 0)
        let phi = 2 * Double.pi * stream.nextUniform()
        var w = NamedConfiguration.squareDead.parameters
        if from == 3 {
            w = [Double](repeating: 0, count: 10)
            for i in 0..<3 {
                w[2 * i] = cos(2 * Double.pi * Double(i) / 3)
                w[2 * i + 1] = sin(2 * Double.pi * Double(i) / 3)
            }
        }
        w[2 * newFeature] = initialRadius * cos(phi)
        w[2 * newFeature + 1] = initialRadius * sin(phi)
        return w
    }

    /// Throws the first setting that is out of range, before any work is done:
    /// `PatterningError.invalidParameter` for the experiment's own settings
    /// (``PatterningExperimentLimits`` for the epochs), the engine's
    /// `SamplerError` for the sampler settings.
    public func validate() throws {
        guard from == 3 || from == 4 else {
            throw PatterningError.invalidParameter(name: "from (live features before the bifurcation)", value: Double(from), allowed: "3 or 4")
        }
        guard (0..<from).contains(gap) else {
            throw PatterningError.invalidParameter(name: "gap", value: Double(gap), allowed: "0..<\(from)")
        }
        guard sparsity > 0, sparsity < 1 else {
            throw PatterningError.invalidParameter(name: "sparsity", value: sparsity, allowed: "0 < S < 1")
        }
        guard initialRadius >= 0, initialRadius.isFinite else {
            throw PatterningError.invalidParameter(name: "initial radius", value: initialRadius, allowed: "finite, ≥ 0")
        }
        try PatterningExperimentLimits.check(
            learningRate: learningRate, epochs: [controlledEpochs, releaseEpochs], scale: scale,
            arrivalTolerance: arrivalTolerance, ridge: ridge, schedule: schedule, sampler: sampler)
    }

    /// Runs the experiment.
    ///
    /// - Throws: the errors of ``validate()``; errors of the engine and the controller.
    public func run() throws -> BifurcationOutcome {
        try validate()
        let baseline = try TMSModel.naturalWeights(sparsity: sparsity)
        var settings = sampler
        settings.seed = SplitMix64.mix(seed ^ 0x5A3C_0F1E_D2B4_9687)
        let live = Array(0...from)
        var plant = try TMSPlant(
            parameters: initialParameters(), learningRate: learningRate, sampler: settings,
            mask: sampleDeadFeatureOnly ? try ParameterMask.features([newFeature]) : from == 3 ? try ParameterMask.features(live) : nil)
        if from == 3 { plant.trainingMask = try ParameterMask.features(live) }
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
        let geometry = try FeatureGeometry(parameters: Array(plant.parameters.prefix(2 * live.count)))
        let all = try FeatureGeometry(parameters: plant.parameters)
        let (a, b) = neighbours
        let (left, right) = geometry.neighbours(of: newFeature)
        let pair = Set([left, right])
        let chosen = (0..<from).first { Set([$0, ($0 + 1) % from]) == pair }
        let regular = geometry.isRegularPolygon()
        return BifurcationOutcome(
            gap: gap, seed: seed, success: pair == Set([a, b]) && regular, chosenGap: chosen, isRegularPentagon: regular,
            finalParameters: plant.parameters, finalCosines: all.cosines, finalNorms: all.norms,
            targetCosines: targetCosines, run: run)
    }
}

/// The result of a `BifurcationExperiment`.
public struct BifurcationOutcome: Sendable {
    public var gap: Int
    public var seed: UInt64
    /// `W_4` between the chosen neighbours and the final state a regular pentagon.
    public var success: Bool
    /// The gap the new feature ended in (its angular neighbours are `g`, `g + 1`), if any.
    public var chosenGap: Int?
    /// The live features form a regular polygon (a pentagon for 4 → 5, a square for 3 → 4).
    public var isRegularPentagon: Bool
    public var finalParameters: [Double]
    /// The ten cosines `dot(i,j)` at the end (Conventions §5 order).
    public var finalCosines: [Double]
    public var finalNorms: [Double]
    public var targetCosines: [Double]
    public var run: PatterningRun
}
