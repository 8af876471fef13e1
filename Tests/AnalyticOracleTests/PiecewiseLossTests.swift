import HighPrecision
import PropertyBased
import TestSupport
import Testing
@testable import AnalyticOracle

/// The piecewise loss of the full model and its analytic derivatives against
/// independent routes: the literal ``ReferenceModel`` for the loss, and
/// Richardson central differences for every derivative. On a fixed piece the
/// loss is a quartic polynomial, so the Richardson combination
/// `(4D(δ) − D(2δ))/3` of central differences is *exact* for the gradient
/// (error term `δ²f'''/6` cancels, `f⁽⁵⁾ = 0`), for the Hessian (the gradient
/// is cubic) and for the third derivative; the only error left is rounding,
/// `≲ 10·2^{−p}·Σ|terms|/δ`, and the point's piece must not change within `2δ`.
@Suite("Piecewise loss of the full model")
struct PiecewiseLossTests {
    static let bits = 256

    /// A random point and random Bernoulli data with importances, away from every kink (min |z| > 2⁻⁴⁰,
    /// far more than the `4δ|∇z|` ≈ 2⁻⁶⁰ the differences move a pre-activation).
    static func randomCase(_ u: [Double]) -> (w: [BigFloat], loss: PiecewiseLoss<BigFloat>, data: DataSpecification)? {
        let w = (0..<10).map { BigFloat(2 * u[$0] - 1) }
        let z = PiecewiseLoss.preActivations(w)
        guard z.allSatisfy({ $0.isZero || BigFloat(1).scaled(byPowerOfTwo: -40) < $0.magnitude }) else { return nil }
        let sparsity = String(format: "%.3f", 0.5 + 0.45 * u[10])
        let importances = (0..<5).map { String(format: "%.3f", 0.5 + u[11 + $0]) }
        let data = try! DataSpecification.bernoulli(sparsity: sparsity, importances: importances)
        let loss = PiecewiseLoss(try! TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }))
        return (w, loss, data)
    }

    /// The first valid case of a deterministic sequence of points (seeded).
    static func someCase(seed: Int) -> (w: [BigFloat], loss: PiecewiseLoss<BigFloat>, data: DataSpecification) {
        var state = UInt64(seed)
        while true {
            let u = (0..<16).map { _ -> Double in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Double(state >> 11) / Double(1 << 53)
            }
            if let c = randomCase(u) { return c }
        }
    }

    static var inputs: Generator<[Double], AnySequence<Any>> { Gen.double(in: 0...1).array(of: 16...16).eraseToAny() }

    @Test("E equals Σ h_x ℓ_x of the literal reference model (BigFloat and Double)")
    func lossMatchesReferenceModel() async {
        await propertyCheck(count: 20, input: Self.inputs) { u in
            try BigFloat.withWorkingPrecision(Self.bits) {
                let (w, loss, data) = try #require(Self.randomCase(u))
                let reference = ReferenceModel(parameters: w, importances: loss.importances)
                let h = try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }).weights
                let literal = reference.totalLoss(weights: InputType.all.map { ($0, h[$0.index]) })
                // 32 × 5 terms of size ≤ 40: |Δ| ≤ 320·40·2^{−p}·(a few per term) ≤ 2^{−p+16}.
                #expect(!(Tolerance.unitRoundoff(bits: Self.bits - 16) < (loss.loss(w) - literal).magnitude))
                let dl = PiecewiseLoss(try TrainingData<Double>(data, decimal: { Double($0)! }))
                #expect(abs(dl.loss(w.map(\.doubleValue)) - literal.doubleValue) <= 1e-12 * max(1, literal.doubleValue.magnitude))
            }
        }
    }

    /// `(4D(δ) − D(2δ))/3`, `D(δ) = (f(x + δe) − f(x − δe))/(2δ)`.
    static func richardson<V>(_ f: (BigFloat) -> V, combine: (V, V, V, V, BigFloat) -> V) -> V {
        let delta = BigFloat(1).scaled(byPowerOfTwo: -Self.bits / 4)
        return combine(f(delta), f(-delta), f(2 * delta), f(-2 * delta), delta)
    }

    @Test("Gradient, Hessian and third derivative on the piece equal exact Richardson differences")
    func derivativesMatchRichardson() async {
        await propertyCheck(count: 3, input: Self.inputs) { u in
            BigFloat.withWorkingPrecision(Self.bits) {
                guard let (w, loss, _) = Self.randomCase(u) else { Issue.record("no valid case for \(u)"); return }
                let sigma = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(w))
                let d = loss.derivatives(at: w, activation: sigma, hessian: true)
                let third = loss.thirdDerivative(at: w, activation: sigma, free: Array(0..<10))
                let tolerance = Tolerance.unitRoundoff(bits: Self.bits - Self.bits / 4 - 24)
                for a in 0..<10 {
                    func shifted(_ s: BigFloat) -> [BigFloat] { var v = w; v[a] = v[a] + s; return v }
                    // ∂E/∂w_a from the loss values (fixed piece: |Δw| ≤ 2δ ≪ margin).
                    let g = Self.richardson({ loss.derivatives(at: shifted($0), activation: sigma, hessian: false).value }) { p, m, p2, m2, dl in
                        (4 * (p - m) / (2 * dl) - (p2 - m2) / (4 * dl)) / 3
                    }
                    #expect(!(tolerance < (g - d.gradient[a]).magnitude), "∂E/∂w\(a): \(g) vs \(d.gradient[a])")
                    // Column a of the Hessian from the gradients; slice a of ∂³E from the Hessians.
                    let column = Self.richardson({ loss.derivatives(at: shifted($0), activation: sigma, hessian: false).gradient }) { p, m, p2, m2, dl in
                        (0..<10).map { (4 * (p[$0] - m[$0]) / (2 * dl) - (p2[$0] - m2[$0]) / (4 * dl)) / 3 }
                    }
                    for b in 0..<10 { #expect(!(tolerance < (column[b] - d.hessian![b][a]).magnitude), "H[\(b)][\(a)]") }
                    let slice = Self.richardson({ loss.derivatives(at: shifted($0), activation: sigma, hessian: true).hessian! }) { p, m, p2, m2, dl in
                        (0..<10).map { b in (0..<10).map { c in (4 * (p[b][c] - m[b][c]) / (2 * dl) - (p2[b][c] - m2[b][c]) / (4 * dl)) / 3 } }
                    }
                    for b in 0..<10 { for c in 0..<10 { #expect(!(tolerance < (slice[b][c] - third[a][b][c]).magnitude), "T[\(a)][\(b)][\(c)]") } }
                }
            }
        }
    }

    @Test("The fourth-derivative contraction equals the difference of third-derivative contractions")
    func quarticContractionMatchesDifferences() throws {
        BigFloat.withWorkingPrecision(Self.bits) {
            let (w, loss, _) = Self.someCase(seed: 1)
            let sigma = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(w))
            let free = Array(0..<10)
            let m = (0..<10).map { i in (0..<10).map { j in BigFloat(1) / BigFloat(i + j + 1) } }  // a Hilbert matrix
            let direct = loss.quarticContraction(at: w, activation: sigma, free: free, m: m)
            // Σ ∂⁴E_abcd M_ab M_cd = Σ_cd M_cd ∂_c∂_d (Σ_ab ∂²E_ab M_ab), and ∂_c(Σ_ab ∂³E_abd M_ab) is exact
            // by central differences (∂³E is linear on the piece).
            let delta = BigFloat(1).scaled(byPowerOfTwo: -40)
            var total = BigFloat(0)
            for c in 0..<10 {
                var up = w, down = w
                up[c] = up[c] + delta
                down[c] = down[c] - delta
                let tu = loss.thirdDerivative(at: up, activation: sigma, free: free)
                let td = loss.thirdDerivative(at: down, activation: sigma, free: free)
                for d in 0..<10 {
                    var s = BigFloat(0)
                    for a in 0..<10 { for b in 0..<10 { s = s + (tu[a][b][d] - td[a][b][d]) * m[a][b] } }
                    total = total + m[c][d] * s / (2 * delta)
                }
            }
            #expect(!(Tolerance.unitRoundoff(bits: Self.bits - 80) < (direct - total).magnitude), "\(direct) vs \(total)")
        }
    }

    @Test("Observable gradients and Hessians equal Richardson differences")
    func observableDerivatives() throws {
        BigFloat.withWorkingPrecision(Self.bits) {
            let w = [0.9, 0.1, 0.2, 0.8, -0.7, 0.5, -0.6, -0.55, 0.3, -0.85].map { BigFloat($0) }
            for observable in Observable.structural + [.pos(3, .x), .pos(4, .y)] {
                let g = observable.gradient(at: w), h = observable.hessian(at: w)
                for a in 0..<10 {
                    func shifted(_ s: BigFloat) -> [BigFloat] { var v = w; v[a] = v[a] + s; return v }
                    let ga = Self.richardson({ observable.value(parameters: shifted($0)) }) { p, m, p2, m2, dl in (4 * (p - m) / (2 * dl) - (p2 - m2) / (4 * dl)) / 3 }
                    // φ is analytic: Richardson leaves O(δ⁴) = 2^{−p}, rounding 2^{−3p/4}.
                    #expect(!(Tolerance.unitRoundoff(bits: Self.bits / 2) < (ga - g[a]).magnitude), "\(observable.name) ∂\(a)")
                    let column = Self.richardson({ observable.gradient(at: shifted($0)) }) { p, m, p2, m2, dl in
                        (0..<10).map { (4 * (p[$0] - m[$0]) / (2 * dl) - (p2[$0] - m2[$0]) / (4 * dl)) / 3 }
                    }
                    for b in 0..<10 { #expect(!(Tolerance.unitRoundoff(bits: Self.bits / 2) < (column[b] - h[b][a]).magnitude), "\(observable.name) H[\(b)][\(a)]") }
                }
            }
        }
    }

    @Test("Generic formulas agree in Double, BigFloat and BigInterval (the enclosure contains the MPFR value)")
    func typesAgree() throws {
        try BigFloat.withWorkingPrecision(Self.bits) {
            let (w, loss, data) = Self.someCase(seed: 2)
            let sigma = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(w))
            let d = loss.derivatives(at: w, activation: sigma, hessian: true)
            let enclosure = PiecewiseLoss(try TrainingData<BigInterval>(data, decimal: { try BigInterval(decimal: $0) }))
            let wi = w.map { BigInterval($0) }
            let (si, straddling) = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(wi))
            #expect(straddling.isEmpty)
            let di = enclosure.derivatives(at: wi, activation: si, hessian: true)
            // The decimal data read at p bits differ from the exact decimals by ≤ 2^{−p} relative,
            // which the enclosure covers and the BigFloat value does not: allow that much.
            let slack = Tolerance.unitRoundoff(bits: Self.bits - 20)
            func inside(_ box: BigInterval, _ x: BigFloat) -> Bool { !(x < box.lower - slack) && !(box.upper + slack < x) }
            #expect(inside(di.value, d.value))
            for a in 0..<10 {
                #expect(inside(di.gradient[a], d.gradient[a]))
                for b in 0..<10 { #expect(inside(di.hessian![a][b], d.hessian![a][b])) }
            }
        }
    }
}
