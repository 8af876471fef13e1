import Foundation
import HighPrecision
import Testing
@testable import AnalyticOracle

/// The frozen-square oracle's building blocks against independent code, cheap
/// enough for the default tier (the oracle's MPFR tables are in
/// ``FrozenSquareAnyDataTests``' long tier):
/// - the MPFR kernel's losses against ``ReferenceModel`` (a different
///   implementation of `x̂ = ReLU(Wᵀ W x)`), and the `Double` planner's energy;
/// - the kink radii of ``KinkCurve`` against the roots of the pre-activations
///   worked out independently in ``FrozenSquarePolarQuadrature/kinks(c:s:radius:)``,
///   and each against the model: some pre-activation changes sign there.
@Suite("Frozen-square kernel and kink curves")
struct FrozenSquareKernelTests {
    /// Fixed, recorded points `W_4 = (x, y)` (a grid of directions and radii, off every kink).
    static let points: [(Double, Double)] = (0..<13).flatMap { k in
        [0.05, 0.4, 0.93, 1.7].map { r in
            let t = 0.1 + 2 * Double.pi * Double(k) / 13
            return (r * Double.cos(t), r * Double.sin(t))
        }
    }

    @Test("MPFR kernel losses equal ReferenceModel's bit for bit; the Double probe's energy to 1e-14")
    func kernelAgainstReferenceModel() throws {
        let data = try DataSpecification(parsing: "bernoulli:0.9:1,2,0.5,1,3")
        try BigFloat.withWorkingPrecision(128) {
            let training = try TrainingData<BigFloat>(data) { try BigFloat(decimal: $0) }
            let point = BifurcationPoint<BigFloat>.square
            let kernel = FrozenSquareKernel(vertices: point.vertices, weights: training.weights, importances: training.importances,
                                            beta: BigFloat(50), referenceEnergy: BigFloat(0), rows: Observable.oracleRows,
                                            precision: 128)
            let doubles = try TrainingData<Double>(data, decimal: DataSpecification.parseDouble)
            let probe = LandscapeProbe(vertices: [(1, 0), (0, 1), (-1, 0), (0, -1)], weights: doubles.weights, importances: doubles.importances)
            for (x, y) in Self.points {
                let w = Vector2(BigFloat(x), BigFloat(y))
                let model = ReferenceModel(columns: point.vertices + [w], importances: training.importances)
                let values = kernel.losses(x: w.x, y: w.y)
                for t in InputType.all {
                    #expect(values.losses[t.index] == model.loss(t), Comment(rawValue: "ℓ_\(t) at (\(x), \(y))"))
                }
                let energy = model.totalLoss(weights: InputType.all.map { ($0, training.weights[$0.index]) })
                #expect(values.energy == energy, Comment(rawValue: "E at (\(x), \(y))"))
                for (k, row) in Observable.oracleRows.enumerated() {
                    #expect(values.observables[k] == model.value(of: row), Comment(rawValue: "\(row) at (\(x), \(y))"))
                }
                let e = energy.doubleValue
                #expect(abs(probe.energy(x: x, y: y) - e) <= 1e-14 * max(1, abs(e)), Comment(rawValue: "probe E at (\(x), \(y))"))
            }
        }
    }

    /// One node accumulated: the density weight `ω r e^{−β(E − E_ref)}` (polar
    /// Jacobian r included) and the sums it feeds, against the formula evaluated
    /// here from ``ReferenceModel`` (to 2⁻¹⁰⁰ relative at 128 bits).
    @Test("one accumulated node carries ω r e^{−β(E − E_ref)} and its moments")
    func accumulatedNodeAgainstFormula() throws {
        let data = try DataSpecification(parsing: "bernoulli:0.95")
        try BigFloat.withWorkingPrecision(128) {
            let training = try TrainingData<BigFloat>(data) { try BigFloat(decimal: $0) }
            let point = BifurcationPoint<BigFloat>.square
            let rows: [Observable] = [.dot(1, 4), .norm(4), .pos(4, .x)]
            let (x, y) = (BigFloat(0.3), BigFloat(-0.45))
            let r = BigFloat.sqrt(x * x + y * y)
            let model = ReferenceModel(columns: point.vertices + [Vector2(x, y)])
            let energy = model.totalLoss(weights: InputType.all.map { ($0, training.weights[$0.index]) })
            let (beta, weight, reference) = (BigFloat(50), BigFloat(0.125), energy - BigFloat(0.01))
            let kernel = FrozenSquareKernel(vertices: point.vertices, weights: training.weights, importances: training.importances,
                                            beta: beta, referenceEnergy: reference, rows: rows, precision: 128)
            kernel.accumulate(x: x, y: y, radius: r, weight: weight)
            let sums = kernel.accumulators(), layout = kernel.layout
            let density = weight * r * BigFloat.exp(-beta * (energy - reference))
            func close(_ a: BigFloat, _ b: BigFloat) -> Bool { Support.close(a, b, within: b.magnitude * Support.twoToThe(-100)) }
            #expect(close(sums[layout.normalizer], density))
            #expect(close(sums[layout.radialMoment(3)], density * r * r * r))
            #expect(close(sums[layout.energy], density * energy))
            let t = try InputType(name: "01001")
            #expect(close(sums[layout.loss(t.index)], density * model.loss(t)))
            for (k, row) in rows.enumerated() {
                #expect(close(sums[layout.product(k, t.index)], density * model.value(of: row) * model.loss(t)), Comment(rawValue: "\(row)"))
            }
        }
    }

    @Test("kink radii of KinkCurve equal the pre-activations' roots, and a pre-activation changes sign at each")
    func kinkRadiiAgainstPreactivations() {
        BigFloat.withWorkingPrecision(128) {
            let curves = KinkCurve.curves(of: .square)
            let radius = 3.0
            // Every input type with feature 4 asked for, so every kink is expected.
            let test = FrozenSquarePolarQuadrature(beta: 1, weights: [Double](repeating: 0, count: 32), rows: [],
                                                   inputs: Array(16..<32))
            var kinksSeen = 0
            for k in 0..<29 {
                let theta = 0.05 + 2 * Double.pi * Double(k) / 29
                let (c, s) = (Double.cos(theta), Double.sin(theta))
                let ours = curves.compactMap { $0.radialCrossing(cosine: BigFloat(c), sine: BigFloat(s)) }
                    .map(\.doubleValue).filter { $0 < radius }.sorted()
                var theirs: [Double] = []
                for r in test.kinks(c: c, s: s, radius: radius) where theirs.last.map({ r - $0 > 1e-12 }) ?? true { theirs.append(r) }
                var distinct: [Double] = []
                for r in ours where distinct.last.map({ r - $0 > 1e-12 }) ?? true { distinct.append(r) }
                #expect(distinct.count == theirs.count && zip(distinct, theirs).allSatisfy { abs($0 - $1) < 1e-12 },
                        Comment(rawValue: "θ = \(theta): KinkCurve \(distinct), pre-activation roots \(theirs)"))
                // At each kink radius some pre-activation of some type crosses zero.
                kinksSeen += distinct.count
                for r in distinct {
                    let changes = InputType.all.contains { x in
                        let below = Self.preactivations(x, x: (r - 1e-7) * c, y: (r - 1e-7) * s)
                        let above = Self.preactivations(x, x: (r + 1e-7) * c, y: (r + 1e-7) * s)
                        return zip(below, above).contains { ($0 > 0) != ($1 > 0) }
                    }
                    #expect(changes, Comment(rawValue: "no ReLU changes sign at r = \(r), θ = \(theta)"))
                }
            }
            #expect(kinksSeen > 29, "only \(kinksSeen) kinks on 29 rays: the comparison ran on nothing")
            // The critical angles are in [0, 2π) and increasing; the critical radii end at R.
            let arrangement = KinkArrangement(point: .square, radius: BigFloat(radius))
            let angles = arrangement.criticalAngles.map(\.doubleValue)
            #expect(!angles.isEmpty && angles.allSatisfy { $0 >= 0 && $0 < 2 * Double.pi } && zip(angles, angles.dropFirst()).allSatisfy { $0 < $1 })
            #expect(arrangement.criticalRadii.last?.doubleValue == radius)
        }
    }

    /// `Σ_{i∈x} W_j · W_i` for `j = 0…4` at `W_4 = (x, y)` (ReferenceModel's Gram matrix).
    static func preactivations(_ type: InputType, x: Double, y: Double) -> [Double] {
        let g = ReferenceModel<Double>(columns: BifurcationPoint<Double>.square.vertices + [Vector2(x, y)]).gram
        return (0..<5).map { j in type.features.reduce(0) { $0 + g[j][$1] } }
    }
}
