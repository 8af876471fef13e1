import D5Taxonomy
import Foundation
import Patterning
import Testing

/// A `LaggedLinearPlant` whose point observables are its state (the output
/// the event-triggered controller monitors between estimates).
struct ObservedLinearPlant: PatterningPlant {
    var base: LaggedLinearPlant
    var inputCount: Int { base.inputCount }
    mutating func measure(weights: [Double]) throws -> PlantMeasurement { try base.measure(weights: weights) }
    mutating func train(weights: [Double], epochs: Int) throws -> [Double] { try base.train(weights: weights, epochs: epochs) }
    func pointObservables() throws -> [Double]? { base.state }
}

@Suite("Integral step scale, arrival events, rewrite milestones")
struct ArrivalAndIntegralTests {
    @Test("Integral scale: largest |s·dh| is min(cap, rate·Δt), and cap at the first step")
    func integralScaleLargestChange() throws {
        let dh = [0.3, -1.7, 0.2, 0.9]
        let scale = StepScale.integral(perEpoch: 0.05, cap: 2)
        for (interval, expected) in [(nil, 2.0), (10, 0.5), (30, 1.5), (200, 2.0)] as [(Int?, Double)] {
            let s = try scale.scale(for: dh, interval: interval)
            #expect(abs(dh.map { abs(s * $0) }.max()! - expected) <= 4 * Double.ulpOfOne * expected)
        }
        #expect(throws: PatterningError.self) { try StepScale.integral(perEpoch: -1, cap: 2).scale(for: dh, interval: 3) }
        #expect(throws: PatterningError.self) { try StepScale.integral(perEpoch: 1, cap: .nan).scale(for: dh, interval: 3) }
    }

    @Test("The controller passes the epochs since the previous estimate: periodic every 5 at rate 0.01 changes 0.05 per step, cap 0.1 first")
    func integralOnPeriodicSchedule() throws {
        var rng = SplitMix64(seed: 11)
        let (a, _) = meanFreePlant(rows: 2, columns: 8, gains: [1.2, 0.7], using: &rng)
        let mu0 = randomVector(2, using: &rng)
        let target = try PatterningTarget(rows: [0, 1], goals: zip(mu0, [0.2, -0.1]).map { $0 + $1 })
        var plant = LaggedLinearPlant(a: a, mu0: mu0, rate: 0.3)
        let run = try PatterningController(
            target: target, schedule: .periodic(every: 5), baseline: Array(repeating: 1.0, count: 8), rule: .exponential,
            scale: .integral(perEpoch: 0.01, cap: 0.1), epochs: 40).run(on: &plant)
        #expect(run.estimationEpochs == Array(stride(from: 0, to: 40, by: 5)))
        for record in run.records {
            let largest = record.reweighting.map { abs(record.scale * $0) }.max()!
            #expect(abs(largest - (record.epoch == 0 ? 0.1 : 0.05)) <= 1e-15)
        }
    }

    @Test("Arrival and departure events: the adaptive controller estimates when the lagged state enters the band (returning to the baseline) and when it leaves it again")
    func arrivalEvent() throws {
        var rng = SplitMix64(seed: 5)
        let (a, _) = meanFreePlant(rows: 2, columns: 8, gains: [1.0, 0.8], using: &rng)
        let mu0 = randomVector(2, using: &rng)
        let goals = zip(mu0, [0.05, -0.04]).map { $0 + $1 }
        let uniform = Array(repeating: 1.0, count: 8)
        let tolerance = 0.01, kappa = 0.05
        var controller = PatterningController(
            target: try PatterningTarget(rows: [0, 1], goals: goals),
            schedule: .adaptive(PlateauTest(window: 5, relativeDecrease: 1e-6, minimumInterval: 5, maximumInterval: 400)),
            baseline: uniform, scale: .absolute(1), ridge: 1e-9, epochs: 300, reachedTolerance: tolerance)
        controller.releasesOnArrival = true
        var plant = ObservedLinearPlant(base: LaggedLinearPlant(a: a, mu0: mu0, rate: kappa))
        let run = try controller.run(on: &plant)
        // Independent route: the lag's closed form μ_t = μ* + (1 − κ)^t (μ₀ − μ*), μ* the settled state under the step's weights.
        let settled = plant.base.settled(run.records[0].weights)
        let arrival = (1...).first { t in
            (0..<2).allSatisfy { k in
                abs(goals[k] - (settled[k] + pow(1 - kappa, Double(t)) * (mu0[k] - settled[k]))) <= tolerance
            }
        }!
        #expect(run.records.count >= 3)
        #expect(run.records[1].epoch == arrival)
        #expect(run.records[1].weights == uniform)
        #expect(run.records[1].scale == 0)
        // Released, the state relaxes back towards μ₀ (the settled state under the baseline):
        // μ_t = μ₀ + (1 − κ)^(t − t₁)(μ_{t₁} − μ₀). The departure event is the first epoch
        // t ≥ t₁ + minimumInterval (5) at which it leaves the band; the estimate there steps again.
        let atArrival = (0..<2).map { settled[$0] + pow(1 - kappa, Double(arrival)) * (mu0[$0] - settled[$0]) }
        func released(_ k: Int, _ t: Int) -> Double {
            let decay: Double = pow(1 - kappa, Double(t - arrival))
            return mu0[k] + decay * (atArrival[k] - mu0[k])
        }
        let departure = ((arrival + 5)...).first { t in
            (0..<2).contains { k in abs(goals[k] - released(k, t)) > tolerance }
        }!
        #expect(run.records[2].epoch == departure)
        #expect(run.records[2].scale > 0)
        // Without release the same run keeps the stepped weights and estimates later, at a plateau.
        controller.releasesOnArrival = false
        var other = ObservedLinearPlant(base: LaggedLinearPlant(a: a, mu0: mu0, rate: kappa))
        let kept = try controller.run(on: &other)
        #expect(kept.records.count >= 2 && kept.records[1].epoch > arrival)
    }

    @Test("Rewrite milestones: first epoch with the target ring, first epoch from which it stays a regular pentagon, steps before them")
    func milestones() throws {
        func pentagon(ring: [Int], jitter: Double = 0) -> [Double] {
            var w = [Double](repeating: 0, count: 10)
            for (k, feature) in ring.enumerated() {
                let angle = 2 * Double.pi * Double(k) / 5 + (k == 1 ? jitter : 0)
                w[2 * feature] = cos(angle)
                w[2 * feature + 1] = sin(angle)
            }
            return w
        }
        let target = try FeaturePermutation(cycles: "(f1 f2 f3)").arrangement
        let goals: [Double] = target.targetCosines()
        let start = pentagon(ring: [0, 1, 2, 3, 4])
        let ring = target.features
        let trajectory = [
            start, start,
            pentagon(ring: ring, jitter: 0.5),  // target ring, 29° off regular
            pentagon(ring: ring), start,         // leaves again
            pentagon(ring: ring), pentagon(ring: ring, jitter: 0.1), pentagon(ring: ring),
        ]
        let m = try RewriteMilestones(trajectory: trajectory, goals: goals, estimationEpochs: [0, 1, 3, 6])
        #expect(m.permutationEpoch == 2)
        #expect(m.settledEpoch == 5)
        #expect(m.stepsToPermutation == 2)
        #expect(m.stepsToSettle == 3)
        let never = try RewriteMilestones(trajectory: [start, start], goals: goals, estimationEpochs: [0])
        #expect(never.permutationEpoch == nil && never.settledEpoch == nil && never.stepsToSettle == nil)
    }
}
