import HighPrecision
import Testing
import TestSupport
@testable import AnalyticOracle

/// The regular-limit susceptibilities χ⁰ = −∇φᵀH⁺∇ℓ_x against the derivative
/// route `∂φ(w*(h))/∂h_x`, with `w*(h ± εe_x)` re-solved by Newton in MPFR
/// ([RegularLimit.md](../../Derivations/RegularLimit.md) §1–2), and the
/// next-order coefficients against the homogeneity identity of §3.
@Suite("Regular-limit susceptibilities")
struct RegularLimitTests {
    static let bits = 256

    struct Case {
        let data: DataSpecification
        let point: CriticalPoint
        let loss: PiecewiseLoss<BigFloat>
    }

    static func lowestMinimum(_ name: String) throws -> Case {
        let data = try DataSpecification(parsing: name)
        let analysis = try CriticalPointOracle(data: data, polygon: try PolygonConfiguration(k: 5), precision: bits).analyse()
        let point = try #require(analysis.minima.first)
        let loss = try BigFloat.withWorkingPrecision(bits) { PiecewiseLoss(try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) })) }
        return Case(data: data, point: point, loss: loss)
    }

    static let oneHotCase = try? lowestMinimum("one-hot")
    static let bernoulli90Case = try? lowestMinimum("bernoulli:0.9")
    static var oneHot: Case { get throws { try #require(oneHotCase, "the one-hot minimum was not found") } }
    static var bernoulli90: Case { get throws { try #require(bernoulli90Case, "the S = 0.9 minimum was not found") } }

    /// χ⁰ by the pseudo-inverse and by the central difference of the re-solved minimum, for
    /// every structural observable and the position rows, on `inputs`, in the Jacobian convention.
    static func compare(_ c: Case, inputs: [Int]) throws {
        try BigFloat.withWorkingPrecision(bits) {
            let w = c.point.coordinates, free = c.point.polygon.liveCoordinates
            let observables = Observable.structural + [.pos(1, .x), .pos(3, .y)]
            let sigma = c.point.pattern.indicators(PiecewiseLoss.preActivations(w))
            let (chi, _) = try RegularLimit.susceptibilities(
                loss: c.loss, at: w, activation: sigma, free: free, gauge: 1, observables: observables, inputs: inputs,
                vanishing: BigFloat(1).scaled(byPowerOfTwo: -bits / 2).doubleValue)
            let epsilon = BigFloat(1).scaled(byPowerOfTwo: -80)
            let n = PiecewiseLoss<BigFloat>.rotationGenerator(w)
            let n2 = DenseLinearSystem.dot(n, n)
            for (column, x) in inputs.enumerated() {
                func solved(_ sign: Int) throws -> [BigFloat] {
                    var h = c.loss.weights
                    h[x] = h[x] + BigFloat(sign) * epsilon
                    let newton = BranchNewton(loss: c.loss.withWeights(h), free: free, pattern: c.point.pattern,
                                              tolerance: BigFloat(1).scaled(byPowerOfTwo: -(bits - 24)))
                    return try newton.solve(from: w).point
                }
                let up = try solved(1), down = try solved(-1)
                // The displacement off the rotation orbit (positions are measured in the H⁺ gauge).
                let delta = zip(up, down).map { $0 - $1 }
                let along = DenseLinearSystem.dot(n, delta) / n2
                let perpendicular = zip(delta, n).map { $0 - along * $1 }
                for (k, observable) in observables.enumerated() {
                    let route: BigFloat
                    if case .pos(let i, let axis) = observable {
                        route = perpendicular[2 * i + (axis == .x ? 0 : 1)] / (2 * epsilon)
                    } else {
                        route = (observable.value(parameters: up) - observable.value(parameters: down)) / (2 * epsilon)
                    }
                    // Central difference error ε²·|∂³φ(w*(h))/∂h³|/6 ≲ 2^{−160}·10³; Newton's 2^{−232} over 2ε: 2^{−151}.
                    #expect(!(BigFloat(1).scaled(byPowerOfTwo: -140) < (route - chi[k][column]).magnitude),
                            "\(c.data.name) \(observable.name) x = \(InputType.all[x].name): \(chi[k][column].decimal(significantDigits: 20)) vs \(route.decimal(significantDigits: 20))")
                }
            }
        }
    }

    @Test("One-hot pentagon: −∇φᵀH⁺∇ℓ_x equals ∂φ(w*(h))/∂h_x (one-hot, pair and unweighted inputs)")
    func oneHotMatchesDerivative() throws {
        try Self.compare(try Self.oneHot, inputs: [1, 4, 16, 3, 5, 7, 30])
    }

    @Test("S = 0.9 lowest minimum: −∇φᵀH⁺∇ℓ_x equals ∂φ(w*(h))/∂h_x, 11111 included")
    func bernoulliMatchesDerivative() throws {
        try Self.compare(try Self.bernoulli90, inputs: [2, 9, 31])
    }

    @Test("Both conventions: χ^mp = χ − Σ_y h_y χ_y/Σh, and Σ_y h_y χ⁰_y = 0 at a critical point")
    func conventionsAgreeAtLeadingOrder() throws {
        try BigFloat.withWorkingPrecision(Self.bits) {
            let c = try Self.bernoulli90
            let w = c.point.coordinates
            let sigma = c.point.pattern.indicators(PiecewiseLoss.preActivations(w))
            let (jacobian, meanPreserving) = try RegularLimit.susceptibilities(
                loss: c.loss, at: w, activation: sigma, free: c.point.polygon.liveCoordinates, gauge: 1,
                observables: Observable.structural, inputs: Array(0..<32), vanishing: 1e-30)
            for (row, mp) in zip(jacobian, meanPreserving) {
                var weighted = BigFloat(0)
                for t in 0..<32 { weighted = weighted + c.loss.weights[t] * row[t] }
                #expect(!(BigFloat(1).scaled(byPowerOfTwo: -150) < weighted.magnitude), "Σ h χ = \(weighted)")
                for (a, b) in zip(row, mp) { #expect(!(BigFloat(1).scaled(byPowerOfTwo: -150) < (a - b).magnitude)) }
            }
        }
    }

    @Test("Next order: Σ_y h_y c_{k,y} = −m₁[φ_k] (E_β[φ] depends on β and h only through βh)")
    func nextOrderHomogeneity() throws {
        try BigFloat.withWorkingPrecision(Self.bits) {
            let c = try Self.oneHot
            let expansion = LaplaceExpansion(loss: c.loss, point: c.point.coordinates, pattern: c.point.pattern,
                                             free: c.point.polygon.liveCoordinates, bits: Self.bits)
            let observables: [Observable] = [.dot(0, 1), .dot(0, 2), .norm(3)]
            let support = c.loss.support
            let corrections = try expansion.chiCorrections(observables: observables, inputs: support)
            let means = try expansion.meanCorrections(observables: observables)
            for k in observables.indices {
                var sum = BigFloat(0)
                for (column, t) in support.enumerated() { sum = sum + c.loss.weights[t] * (try #require(corrections[k][column])) }
                // Central differences in h with step 2^{−85}: error 2^{−170}·|∂³m₁|, Newton 2^{−232}/2^{−84}.
                #expect(!(BigFloat(1).scaled(byPowerOfTwo: -120) < (sum + means[k]).magnitude), "\(observables[k].name): Σ h c = \(sum), m₁ = \(means[k])")
            }
            // The one-hot pentagon's 11111 has a kink through the minimum: no 1/β coefficient there.
            let kinked = try expansion.chiCorrections(observables: [.dot(0, 1)], inputs: [31])
            #expect(kinked[0][0] == nil)
        }
    }
}
