import Foundation
import HighPrecision
import Testing
import TestSupport
@testable import AnalyticOracle

/// The critical-point oracle against closed forms and independent routes
/// ([CriticalPoints.md](../../Derivations/CriticalPoints.md),
/// [LearningCoefficients.md](../../Derivations/LearningCoefficients.md)).
/// The analyses are shared (computed once per data set, 256 bits).
@Suite("Critical points of the full model")
struct CriticalPointOracleTests {
    static let bits = 256
    /// `nil` when the oracle fails (each test then fails on `#require`, instead of the process crashing).
    static let oneHotAnalyses = try? analyses(DataSpecification.oneHot)
    static let bernoulli95Analyses = try? analyses(try! DataSpecification(parsing: "bernoulli:0.95"))
    static var oneHot: [PolygonAnalysis] { get throws { try #require(oneHotAnalyses, "the one-hot analysis failed") } }
    static var bernoulli95: [PolygonAnalysis] { get throws { try #require(bernoulli95Analyses, "the S = 0.95 analysis failed") } }

    static func analyses(_ data: DataSpecification) throws -> [PolygonAnalysis] {
        try PolygonConfiguration.sizes.map { try CriticalPointOracle(data: data, polygon: try PolygonConfiguration(k: $0), precision: bits).analyse() }
    }

    static func descent(_ p: CriticalPoint) -> Descent? { if case .descent(let d) = p.verdict { return d }; return nil }

    // MARK: One-hot

    @Test("One-hot pentagon: r² = 1/(1 + 2cos²72°), E = 10cos²72°/(1 + 2cos²72°), a minimum with λ = 9/2 and one zero eigenvalue")
    func oneHotPentagonClosedForm() throws {
        let pentagon = try Self.oneHot[3]
        let p = try #require(pentagon.points.first)
        #expect(pentagon.points.count == 1 && p.verdict.isMinimum)
        BigFloat.withWorkingPrecision(Self.bits) {
            let c2 = BigFloat.square(BigFloat.cos(2 * BigFloat.pi / 5))
            let r2 = 1 / (1 + 2 * c2)
            let e = 10 * c2 / (1 + 2 * c2)
            let tolerance = Tolerance.unitRoundoff(bits: Self.bits - 40)
            #expect(!(tolerance < (BigFloat.square(pentagon.radius) - r2).magnitude))
            #expect(!(tolerance < (p.totalLoss - e).magnitude), "E = \(p.totalLoss) vs \(e)")
            let w = p.coordinates
            for i in 0..<5 { #expect(!(tolerance < (w[2 * i] * w[2 * i] + w[2 * i + 1] * w[2 * i + 1] - r2).magnitude)) }
            #expect(p.learningCoefficient?.fraction == "9/2")
            #expect(p.inertia == (negative: 0, zero: 1, positive: 9))
            // Its zero eigenvector is the rotation generator J w.
            let n = PiecewiseLoss<BigFloat>.rotationGenerator(w)
            let v = p.spectrum.eigenvectors[0]
            let cosine = DenseLinearSystem.dot(n, v) / BigFloat.sqrt(DenseLinearSystem.dot(n, n))
            #expect(!(tolerance < (cosine.magnitude - 1).magnitude))
            // One-hot data weight no input with a first-order kink (a pair), so there is no margin to report.
            #expect(p.kinks.isEmpty && p.firstOrderMargin == nil)
        }
    }

    @Test("One-hot digon and triangle: saddles whose dead-feature curvature is the closed-form −2(1 − g_k(θ))")
    func oneHotDeadCurvatureMatchesLandscape() throws {
        for (k, rate) in [(2, 2.0), (3, 1.0)] {
            let analysis = try Self.oneHot[k - 2]
            let p = try #require(analysis.points.first)
            let d = try #require(Self.descent(p))
            #expect(d.order == 2 && d.isCertified && abs(d.rate.doubleValue - rate) < 1e-30, "k = \(k): \(p.verdict.name) rate \(d.rate)")
            try BigFloat.withWorkingPrecision(Self.bits) {
                let loss = PiecewiseLoss(try TrainingData<BigFloat>(.oneHot, decimal: { try BigFloat(decimal: $0) }))
                let expansion = DeadFeatureExpansion(loss: loss, point: p.coordinates, feature: 4, polygon: analysis.polygon,
                                                     zeroTolerance: BigFloat(1).scaled(byPowerOfTwo: -128), epsilon: BigFloat(1).scaled(byPowerOfTwo: -32))
                for n in 0..<12 {
                    let theta = 2 * BigFloat.pi * BigFloat(2 * n + 1) / BigFloat(24)
                    let closed = try DeadFeatureLandscape.quadraticCoefficient(k: k, theta: theta)
                    #expect(!(Tolerance.unitRoundoff(bits: Self.bits - 40) < (expansion.curvature(theta) - closed).magnitude), "k = \(k), n = \(n)")
                }
            }
        }
    }

    @Test("One-hot square with a dead feature: a degenerate saddle, F(θ) = −sin²2θ along (s²δ*, s u)")
    func oneHotSquareIsADegenerateSaddle() throws {
        let analysis = try Self.oneHot[2]
        let p = try #require(analysis.points.first)
        let d = try #require(Self.descent(p))
        #expect(d.order == 4 && d.isCertified)
        // The angle is located by a Double search (to ~10⁻⁸); F is stationary there: rate 1 to ~10⁻¹⁶.
        #expect(abs(d.rate.doubleValue - 1) < 1e-12, "rate \(d.rate)")
        #expect(p.verdict.isCritical && p.learningCoefficient == nil)
        try BigFloat.withWorkingPrecision(Self.bits) {
            let loss = PiecewiseLoss(try TrainingData<BigFloat>(.oneHot, decimal: { try BigFloat(decimal: $0) }))
            let expansion = DeadFeatureExpansion(loss: loss, point: p.coordinates, feature: 4, polygon: analysis.polygon,
                                                 zeroTolerance: BigFloat(1).scaled(byPowerOfTwo: -128), epsilon: BigFloat(1).scaled(byPowerOfTwo: -32))
            // With the square frozen the dead block is the quartic |W_4|⁴ (QuarticPosterior.md)…
            #expect((try expansion.quartic(BigFloat(0.3))).quartic.doubleValue.isApproximately(1, 1e-20))
            // …and coupled to the live block it is 1 − (1 + sin²2θ) = −sin²2θ (LearningCoefficients.md §2).
            for theta in [0.0, 0.2, 0.5, Double.pi / 4, 1.1, 2.0, 3.0].map({ BigFloat($0) }) {
                let f = try expansion.quartic(theta).value
                let closed = -BigFloat.square(BigFloat.sin(2 * theta))
                // Coefficients read off exactly from evaluations at ε = 2^{−32}: rounding 2^{−256}/ε⁴ = 2^{−128}.
                #expect(!(BigFloat(1).scaled(byPowerOfTwo: -100) < (f - closed).magnitude), "θ = \(theta): F = \(f)")
            }
        }
    }

    // MARK: Bernoulli

    @Test("S = 0.95: no polygon with a dead feature is critical; the one-sided slope matches the literal difference quotient")
    func deadFeatureConesUnderBernoulli() throws {
        let data = try DataSpecification(parsing: "bernoulli:0.95")
        for analysis in try Self.bernoulli95.prefix(3) {
            let p = try #require(analysis.points.first)
            let d = try #require(Self.descent(p))
            #expect(d.order == 1 && !p.verdict.isCritical && d.isCertified, "\(analysis.polygon.name)")
            try BigFloat.withWorkingPrecision(Self.bits) {
                let loss = PiecewiseLoss(try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }))
                let f = analysis.polygon.deadFeatures[0]
                let t = BigFloat(1).scaled(byPowerOfTwo: -100)
                var probe = p.coordinates
                probe[2 * f] = t * d.direction[0]
                probe[2 * f + 1] = t * d.direction[1]
                let quotient = (loss.loss(probe) - loss.loss(p.coordinates)) / t
                // E is a polynomial on the ray's piece: the quotient is the slope plus O(t).
                #expect(!(BigFloat(1).scaled(byPowerOfTwo: -80) < (quotient + d.rate).magnitude), "\(analysis.polygon.name): \(quotient) vs \(-d.rate)")
            }
        }
    }

    @Test("S = 0.95 pentagon: two classes of displaced minima (×5), the regular pentagon is a kink point; the issue's double-precision losses")
    func bernoulliPentagon() throws {
        let analysis = try Self.bernoulli95[3]
        #expect(analysis.kinkGroups.count == 5 && analysis.kinkGroups.allSatisfy { $0.input == 31 })
        let minima = analysis.points.filter { $0.verdict.isMinimum }
        try #require(minima.count == 2)
        #expect(minima.allSatisfy { $0.multiplicity == 5 && $0.learningCoefficient?.fraction == "9/2" })
        let kink = try #require(analysis.points.first { Self.descent($0)?.order == 1 })
        let d = try #require(Self.descent(kink))
        #expect(d.isCertified && d.location == "live block")
        // The kink's one-sided slope against the literal difference quotient of the loss.
        try BigFloat.withWorkingPrecision(Self.bits) {
            let loss = PiecewiseLoss(try TrainingData<BigFloat>(try DataSpecification(parsing: "bernoulli:0.95"), decimal: { try BigFloat(decimal: $0) }))
            let t = BigFloat(1).scaled(byPowerOfTwo: -100)
            var probe = kink.coordinates
            for (a, i) in analysis.polygon.liveCoordinates.enumerated() { probe[i] = probe[i] + t * d.direction[a] }
            let quotient = (loss.loss(probe) - loss.loss(kink.coordinates)) / t
            #expect(!(BigFloat(1).scaled(byPowerOfTwo: -80) < (quotient + d.rate).magnitude), "kink slope \(quotient) vs \(-d.rate)")
        }
        // Measured in double precision (issue 12): 0.052303112017491 and 0.052303112024309.
        #expect(minima[0].meanLoss.decimal(significantDigits: 14) == "0.052303112017491")
        #expect(kink.meanLoss.decimal(significantDigits: 14) == "0.052303112024309")
        // |Σ_i W_i| ≈ 1.5·10⁻⁵ at the minima; the kink's margins are of that order.
        for m in minima {
            let w = m.coordinates
            let sx = (0..<5).reduce(BigFloat(0)) { $0 + w[2 * $1] }, sy = (0..<5).reduce(BigFloat(0)) { $0 + w[2 * $1 + 1] }
            let s = BigFloat.sqrt(sx * sx + sy * sy).doubleValue
            #expect(s > 1.4e-5 && s < 1.6e-5, "|Σ W| = \(s)")
            #expect(try #require(m.firstOrderMargin).doubleValue > 1e-6)
            #expect(m.kinks.count == 5 && m.kinks.allSatisfy { $0.input == 31 && $0.order == .first })
            #expect(m.inertia == (negative: 0, zero: 1, positive: 9))
        }
        // The cone model's displacement is |Σ W|/√5 (its plane has orthonormal coordinates Σ_i δ_i/√5).
        let w = minima[0].coordinates
        let sx = (0..<5).reduce(BigFloat(0)) { $0 + w[2 * $1] }, sy = (0..<5).reduce(BigFloat(0)) { $0 + w[2 * $1 + 1] }
        let sum = BigFloat.sqrt(sx * sx + sy * sy).doubleValue
        #expect(abs(try #require(analysis.kinkCone).displacement * 5.0.squareRoot() / sum - 1) < 1e-3)
        // The kink cone's local model reproduces the MPFR drop E(w*) − E(w_r) to O(h₃₁) relative.
        let cone = try #require(analysis.kinkCone)
        #expect(abs(cone.minimumValue / cone.exactDrop - 1) < 1e-3, "model \(cone.minimumValue) vs \(cone.exactDrop)")
    }

    @Test("Kink-cone model: the quadrature tends to 1 − C√β for small β and to 1 as β → ∞")
    func kinkConeLimits() throws {
        let cone = try #require(try Self.bernoulli95[3].kinkCone)
        for beta in [1.0, 100.0] {
            let value = cone.planeContribution(beta: beta)
            // Next terms are O(y²), y² = β b²/κ ≈ 4·10⁻¹⁰ β (b = 2h₃₁ max Σ cos₊, κ ≈ 2): < 10⁻⁷ at β = 100.
            #expect(abs(value - (1 - cone.smallBetaCoefficient * beta.squareRoot())) < 1e-6, "β = \(beta): \(value)")
        }
        let late = cone.planeContribution(beta: 1e13)
        #expect(abs(late - 1) < 0.05, "β = 10¹³: \(late)")
        #expect(cone.widthCrossover > 1e9 && cone.widthCrossover < 1e10)
    }

    // MARK: Certification

    @Test("Certified enclosures contain the MPFR values, and the MPFR point at twice the precision")
    func certificationContainsTheValues() throws {
        let data = try DataSpecification(parsing: "bernoulli:0.95")
        for p in try Self.bernoulli95[3].points {
            let c = try BigFloat.withWorkingPrecision(Self.bits) { try p.certified(data: data) }
            for (box, x) in zip(c.box, p.coordinates) { #expect(box.contains(x) || !(BigFloat(1).scaled(byPowerOfTwo: -200) < (box.midpoint - x).magnitude)) }
            #expect(c.totalLoss.contains(p.totalLoss) || !(BigFloat(1).scaled(byPowerOfTwo: -200) < (c.totalLoss.midpoint - p.totalLoss).magnitude))
            for (box, x) in zip(c.eigenvalues, p.spectrum.eigenvalues) { #expect(!(BigFloat(1).scaled(byPowerOfTwo: -150) < (box.midpoint - x).magnitude)) }
            let finer = try BigFloat.withWorkingPrecision(2 * Self.bits) { try p.certified(data: data) }
            for (coarse, fine) in zip(c.box, finer.box) { #expect(coarse.contains(fine.midpoint), "\(c.route)") }
        }
    }
}

extension Double {
    func isApproximately(_ other: Double, _ tolerance: Double) -> Bool { abs(self - other) <= tolerance }
}
