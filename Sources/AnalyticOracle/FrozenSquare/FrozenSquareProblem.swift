import Foundation
import HighPrecision

/// One frozen-square posterior `∝ exp(−β E(W_4; h))` to integrate: the data,
/// β, the landscape facts both routes plan with, and the parts that depend on
/// the working precision.
struct FrozenSquareProblem: Sendable {
    let data: DataSpecification
    /// β as typed (an exact decimal).
    let betaText: String
    let betaDouble: Double
    /// The rows that read `W_4` (the others are constant on the posterior).
    let liveRows: [Observable]
    let probe: LandscapeProbe
    /// The global minimum of `E` (Double) and where it is attained.
    let minimum: (energy: Double, x: Double, y: Double)

    init(data: DataSpecification, beta: String, liveRows: [Observable], probe: LandscapeProbe,
         minimum: (energy: Double, x: Double, y: Double)) {
        self.data = data
        self.betaText = beta
        self.betaDouble = Double(beta) ?? .nan
        self.liveRows = liveRows
        self.probe = probe
        self.minimum = minimum
    }

    /// Centres `E[ℓ_x]` and inverse scales `1/sd(ℓ_x)` of the losses under the
    /// posterior, from a rough `Double` pilot (``PosteriorPilot``).
    var lossCentres = [Double](repeating: 0, count: 32)
    var lossInverseScales = [Double](repeating: 1, count: 32)

    /// The integrand proxy `(1 + Σ_x ((ℓ_x − E[ℓ_x])/sd(ℓ_x))²) exp(−β (E − E_min))` at
    /// `W_4 = (x, y)` (Double): it carries the density and every input's kinks at
    /// the size they have in the covariances (``OrderPlanner``), and no kinks of its own.
    func proxy(x: Double, y: Double) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 32) { buffer in
            let losses = buffer.baseAddress!
            let energy = probe.energy(x: x, y: y, losses: losses)
            var sum = 1.0
            for t in 1..<32 {
                let deviation = (losses[t] - lossCentres[t]) * lossInverseScales[t]
                sum += deviation * deviation
            }
            return sum * Double.exp(-betaDouble * (energy - minimum.energy))
        }
    }

    /// The sublevel level `E_min + T/β` of a plan.
    func level(_ plan: QuadraturePlan) -> Double { minimum.energy + plan.truncation / betaDouble }

    /// The values at a working precision (call inside `BigFloat.withWorkingPrecision`).
    struct Exact: @unchecked Sendable {
        let point: BifurcationPoint<BigFloat>
        let weights: [BigFloat]
        let importances: [BigFloat]
        let beta: BigFloat
        let referenceEnergy: BigFloat
        let precision: Int
    }

    func exact(precision: Int) throws -> Exact {
        try BigFloat.withWorkingPrecision(precision) {
            let training = try TrainingData<BigFloat>(data) { try BigFloat(decimal: $0) }
            return Exact(point: .square, weights: training.weights, importances: training.importances,
                         beta: try BigFloat(decimal: betaText), referenceEnergy: BigFloat(minimum.energy),
                         precision: precision)
        }
    }

    /// A fresh kernel at the exact values.
    func kernel(_ exact: Exact) -> FrozenSquareKernel {
        FrozenSquareKernel(vertices: exact.point.vertices, weights: exact.weights, importances: exact.importances,
                           beta: exact.beta, referenceEnergy: exact.referenceEnergy, rows: liveRows,
                           precision: exact.precision)
    }
}

/// A unit of work of a route: one outer node, its weight, and the inner
/// integral it carries out with a kernel. Units are independent, so they run
/// on any thread; their sums are combined in unit order, which makes a
/// route's result bit-identical at every thread count.
struct QuadratureUnit: Sendable {
    let outerWeight: BigFloat
    let inner: @Sendable (FrozenSquareKernel) -> Void
}

/// Progress of a table: which route, how many of its units are done.
public struct FrozenSquareProgress: Sendable {
    public let route: String
    public let level: Int
    public let completed: Int
    public let total: Int
}

enum UnitRunner {
    /// Runs `units` (in blocks, each block across the cores) and returns
    /// `Σ_u outerWeight_u · sums_u` in unit order.
    static func run(_ units: [QuadratureUnit], problem: FrozenSquareProblem, exact: FrozenSquareProblem.Exact,
                    route: String, level: Int, threads: Int,
                    progress: (@Sendable (FrozenSquareProgress) -> Void)?) throws -> (sums: [BigFloat], nodes: Int) {
        let precision = exact.precision
        let reducer = problem.kernel(exact)
        let count = reducer.layout.count
        let total = BigFloatRegisters(count: 2 * count, precision: precision)
        let blockSize = max(16, 8 * threads)
        var start = 0, nodes = 0
        progress?(FrozenSquareProgress(route: route, level: level, completed: 0, total: units.count))
        while start < units.count {
            let block = Array(units[start..<min(start + blockSize, units.count)])
            let results = ResultSlots(count: block.count)
            let body: @Sendable (Int) -> Void = { i in
                BigFloat.withWorkingPrecision(precision) {
                    let kernel = problem.kernel(exact)
                    block[i].inner(kernel)
                    results.store(i, kernel.isFinite ? kernel.accumulators() : nil, nodes: kernel.nodeCount)
                }
            }
            if threads > 1 {
                DispatchQueue.concurrentPerform(iterations: block.count, execute: body)
            } else {
                for i in block.indices { body(i) }
            }
            for (i, unit) in block.enumerated() {
                guard let sums = results.value(i) else {
                    throw FrozenSquareOracleError.nonFinite("\(route), unit \(start + i)")
                }
                total.set(count, unit.outerWeight)
                for q in 0..<count {
                    total.set(count + 1, sums[q])
                    total.fusedMultiplyAdd(q, count, count + 1, q)
                }
            }
            start += block.count
            nodes += results.nodes
            progress?(FrozenSquareProgress(route: route, level: level, completed: start, total: units.count))
        }
        return ((0..<count).map { total.value($0) }, nodes)
    }
}

/// Per-unit results written by worker threads, each slot once.
final class ResultSlots: @unchecked Sendable {
    private var slots: [[BigFloat]?]
    private(set) var nodes = 0
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ i: Int, _ value: [BigFloat]?, nodes n: Int) {
        lock.lock(); slots[i] = value; nodes += n; lock.unlock()
    }
    func value(_ i: Int) -> [BigFloat]? {
        lock.lock(); defer { lock.unlock() }
        return slots[i]
    }
}
