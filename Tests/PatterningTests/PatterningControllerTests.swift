import Foundation
import Patterning
import PropertyBased
import Testing

/// A linear plant with a first-order lag: the state relaxes towards
/// `μ*(h) = μ₀ + A(h − 1)` at rate κ per epoch, and `A` (with `A·1 = 0`, so
/// that weight normalisation is exact) is the exact susceptibility. Its loss
/// is `c + ‖μ − μ*(h)‖²`, which plateaus at `c` once the state has settled.
struct LaggedLinearPlant: PatterningPlant {
    let a: DenseMatrix
    let mu0: [Double]
    let rate: Double
    let offset: Double
    var state: [Double]
    var trainedOn: [[Double]] = []

    var inputCount: Int { a.columns }

    init(a: DenseMatrix, mu0: [Double], rate: Double, offset: Double = 1) {
        self.a = a
        self.mu0 = mu0
        self.rate = rate
        self.offset = offset
        self.state = mu0
    }

    func settled(_ h: [Double]) -> [Double] { zip(mu0, a * h.map { $0 - 1 }).map { $0 + $1 } }

    mutating func measure(weights: [Double]) throws -> PlantMeasurement {
        PlantMeasurement(observables: state, susceptibility: a)
    }

    mutating func train(weights: [Double], epochs: Int) throws -> [Double] {
        trainedOn.append(weights)
        let goal = settled(weights)
        return (0..<epochs).map { _ in
            state = zip(state, goal).map { $0 + rate * ($1 - $0) }
            return offset + zip(state, goal).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
    }
}

/// `A = Σ σ_j u_j v_jᵀ` with every `v_j ⟂ 1` (so `A·1 = 0`), from the test's
/// own Gram–Schmidt.
func meanFreePlant(rows m: Int, columns n: Int, gains: [Double], using rng: inout SplitMix64)
    -> (a: DenseMatrix, u: [[Double]])
{
    let one = [Array(repeating: 1 / Double(n).squareRoot(), count: n)]
    let u = randomOrthonormalColumns(m, gains.count, using: &rng)
    var v: [[Double]] = []
    while v.count < gains.count {
        var x = randomVector(n, using: &rng)
        for _ in 0..<2 { for b in one + v { let c = inner(x, b); x = zip(x, b).map { $0 - c * $1 } } }
        v.append(x.map { $0 / norm(x) })
    }
    var a = DenseMatrix.zeros(rows: m, columns: n)
    for j in gains.indices { for r in 0..<m { for c in 0..<n { a[r, c] += gains[j] * u[j][r] * v[j][c] } } }
    return (a, u)
}

@Suite("Patterning controller")
struct PatterningControllerTests {
    static let uniform = Array(repeating: 1.0, count: 8)

    @Test("Single step on an exact linear plant reaches the goal up to the ridge bias α/(σ²+α)")
    func singleStepReachesGoal() async throws {
        await propertyCheck(count: 50, input: Gen.int(in: 1...4), Gen.uint64()) { m, seed in
            var rng = SplitMix64(seed: seed)
            let gains = (0..<m).map { _ in Double.random(in: 0.5...2, using: &rng) }
            let (a, u) = meanFreePlant(rows: m, columns: 8, gains: gains, using: &rng)
            let mu0 = randomVector(m, using: &rng)
            let goals = zip(mu0, randomVector(m, using: &rng)).map { $0 + 0.05 * $1 }  // small: no clipping
            var plant = LaggedLinearPlant(a: a, mu0: mu0, rate: 1)
            let ridge = 1e-3
            let controller = PatterningController(
                target: try PatterningTarget(rows: Array(0..<m), goals: goals), schedule: .single,
                baseline: Self.uniform, scale: .absolute(1), ridge: ridge, epochs: 3)
            let run = try controller.run(on: &plant)
            // Exact remaining error: Σ_j α/(σ_j²+α) u_j u_jᵀ δμ₀ (the test's own modes).
            let error0 = minus(goals, mu0)
            var expected = Array(repeating: 0.0, count: m)
            for j in gains.indices {
                let c = ridge / (gains[j] * gains[j] + ridge) * inner(u[j], error0)
                expected = zip(expected, u[j]).map { $0 + c * $1 }
            }
            #expect(norm(minus(minus(goals, plant.state), expected)) <= 1e-13)
            #expect(run.estimationEpochs == [0])
            #expect(plant.trainedOn == [run.records[0].weights])
            #expect(abs(run.records[0].weights.reduce(0, +) / 8 - 1) <= 16 * eps)
        }
    }

    @Test("Periodic controller contracts each mode by α/(σ_j²+α) per step")
    func periodicContraction() throws {
        var rng = SplitMix64(seed: 3)
        let gains = [1.0, 0.3, 0.1]
        let (a, u) = meanFreePlant(rows: 3, columns: 8, gains: gains, using: &rng)
        let mu0 = [0.0, 0.0, 0.0]
        let goals = [0.02, -0.01, 0.015]
        var plant = LaggedLinearPlant(a: a, mu0: mu0, rate: 1)
        let ridge = 0.01
        let controller = PatterningController(
            target: try PatterningTarget(rows: [0, 1, 2], goals: goals), schedule: .periodic(every: 5),
            baseline: Self.uniform, scale: .absolute(1), ridge: ridge, epochs: 30)
        let run = try controller.run(on: &plant)
        #expect(run.estimationEpochs == [0, 5, 10, 15, 20, 25])
        for (k, record) in run.records.enumerated() {
            var expected = Array(repeating: 0.0, count: 3)
            for j in gains.indices {
                let c = pow(ridge / (gains[j] * gains[j] + ridge), Double(k)) * inner(u[j], goals)
                expected = zip(expected, u[j]).map { $0 + c * $1 }
            }
            #expect(norm(minus(record.trackingError, expected)) <= 1e-13)
            // Each step's weights are the ones the plant trained on next.
            #expect(plant.trainedOn[k] == record.weights)
        }
    }

    @Test("Adaptive controller estimates at plateaus only and reaches the goal with fewer estimates than periodic")
    func adaptiveFiresAtPlateaus() throws {
        var rng = SplitMix64(seed: 5)
        let (a, _) = meanFreePlant(rows: 2, columns: 8, gains: [1, 0.5], using: &rng)
        let goals = [0.03, -0.02]
        let target = try PatterningTarget(rows: [0, 1], goals: goals)
        let test = PlateauTest(window: 5, relativeDecrease: 1e-4, minimumInterval: 5, maximumInterval: 500)
        func run(_ schedule: RecomputeSchedule) throws -> (PatterningRun, LaggedLinearPlant) {
            // Offset 1e-3 (the scale of TMS losses): the plateau test fires once
            // ‖μ − μ*‖² has dropped to ~1e-7, i.e. the state has settled.
            var plant = LaggedLinearPlant(a: a, mu0: [0, 0], rate: 0.2, offset: 1e-3)
            let controller = PatterningController(
                target: target, schedule: schedule, baseline: Self.uniform, scale: .absolute(1), ridge: 1e-2,
                epochs: 300, reachedTolerance: 1e-6)
            return (try controller.run(on: &plant), plant)
        }
        let (adaptive, adaptivePlant) = try run(.adaptive(test))
        let (periodic, _) = try run(.periodic(every: 10))
        #expect(norm(minus(goals, adaptivePlant.state)) <= 1e-5)
        // Estimates needed until the tracking error is first below 1e-5.
        func estimatesToGoal(_ run: PatterningRun) -> Int {
            (run.records.firstIndex { $0.trackingError.map(abs).max()! < 1e-5 } ?? run.records.count) + 1
        }
        #expect(estimatesToGoal(adaptive) < estimatesToGoal(periodic))
        // Every estimate after the first happened where the plateau test fires
        // on the loss since the previous estimate, and not one epoch earlier.
        for (previous, record) in zip(adaptive.records, adaptive.records.dropFirst()) {
            let since = Array(adaptive.lossHistory[previous.epoch..<record.epoch])
            #expect(test.fires(lossesSinceEstimate: since))
            #expect(!test.fires(lossesSinceEstimate: Array(since.dropLast())))
        }
    }

    @Test("Plateau test: fires on a flat loss after max(minimumInterval, window + 1), never on a steady 1 %/epoch decrease before the safety clock")
    func plateauTest() {
        let test = PlateauTest(window: 4, relativeDecrease: 1e-3, minimumInterval: 3, maximumInterval: 50)
        let flat = Array(repeating: 2.0, count: 10)
        #expect(!test.fires(lossesSinceEstimate: Array(flat.prefix(4))))
        #expect(test.fires(lossesSinceEstimate: Array(flat.prefix(5))))
        let decaying = (0..<60).map { pow(0.99, Double($0)) }
        #expect(!(1..<50).contains { test.fires(lossesSinceEstimate: Array(decaying.prefix($0))) })
        #expect(test.fires(lossesSinceEstimate: Array(decaying.prefix(50))))
    }

    @Test("Plateau test: the relative decrease is measured over exactly `window` epochs (geometric losses, closed form 1 − ρ^w)")
    func plateauWindowIsExact() {
        // ℓ_t = ρ^t decreases by 1 − ρ^w over w epochs. With w = 4 and r between the 3- and the 4-epoch
        // decrease of ρ, the test must not fire; with r just above the 4-epoch decrease, it must.
        let window = 4
        for rho in [0.999, 0.99, 0.95] {
            let overWindow = 1 - pow(rho, Double(window)), overOneLess = 1 - pow(rho, Double(window - 1))
            let losses = (0..<20).map { pow(rho, Double($0)) }
            let strict = PlateauTest(window: window, relativeDecrease: (overOneLess + overWindow) / 2, minimumInterval: 1, maximumInterval: 1000)
            let loose = PlateauTest(window: window, relativeDecrease: overWindow * (1 + 1e-9), minimumInterval: 1, maximumInterval: 1000)
            #expect(!strict.fires(lossesSinceEstimate: losses), "ρ = \(rho): fired with r below the \(window)-epoch decrease \(overWindow)")
            #expect(loose.fires(lossesSinceEstimate: losses), "ρ = \(rho): did not fire with r above the \(window)-epoch decrease \(overWindow)")
        }
    }

    @Test("Release trains on the baseline; runs are deterministic and record weights, μ and tracking errors")
    func releaseAndRecords() throws {
        var rng = SplitMix64(seed: 9)
        let (a, _) = meanFreePlant(rows: 2, columns: 8, gains: [1, 0.5], using: &rng)
        let controller = PatterningController(
            target: try PatterningTarget(rows: [0, 1], goals: [0.01, 0.02]), schedule: .periodic(every: 4),
            baseline: Self.uniform, scale: .maxChange(0.1), epochs: 10, releaseEpochs: 7)
        var first = LaggedLinearPlant(a: a, mu0: [0, 0], rate: 0.5)
        var second = first
        let run = try controller.run(on: &first)
        #expect(try controller.run(on: &second) == run)
        #expect(run.lossHistory.count == 17)
        #expect(first.trainedOn.last == Self.uniform)
        for record in run.records {
            #expect(record.weights.count == 8 && record.observables.count == 2 && record.trackingError.count == 2)
            // maxChange(0.1): the largest |s·dh| is 0.1.
            #expect(abs(record.reweighting.map { abs($0 * record.scale) }.max()! - 0.1) <= 1e-15)
        }
    }

    @Test("Bad controller input throws")
    func validation() throws {
        let a = try DenseMatrix([[1, -1]])
        var plant = LaggedLinearPlant(a: a, mu0: [0], rate: 1)
        let target = try PatterningTarget(rows: [0], goals: [1])
        #expect(throws: PatterningError.dimensionMismatch(name: "baseline weights", expected: 2, actual: 3)) {
            try PatterningController(target: target, schedule: .single, baseline: [1, 1, 1], scale: .absolute(1), epochs: 1)
                .run(on: &plant)
        }
        #expect(throws: PatterningError.self) {
            try PatterningController(target: target, schedule: .periodic(every: 0), baseline: [1, 1], scale: .absolute(1), epochs: 1)
                .run(on: &plant)
        }
        #expect(throws: PatterningError.self) { try PatterningTarget(rows: [0, 0], goals: [1, 1]) }
        #expect(throws: PatterningError.indexOutOfRange(name: "target row", index: 3, count: 1)) {
            try PatterningTarget(rows: [3], goals: [1]).trackingError([0])
        }
        #expect(throws: PatterningError.unknownName(kind: "controller", name: "pid")) { try RecomputeSchedule(parsing: "pid") }
        #expect(try RecomputeSchedule(parsing: "periodic:7") == .periodic(every: 7))
    }
}
