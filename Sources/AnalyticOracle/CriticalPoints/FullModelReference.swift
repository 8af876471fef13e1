import HighPrecision

/// The regular-limit susceptibilities at one point (MPFR), with the
/// next-order coefficients when computed ([RegularLimit.md](../../../Derivations/RegularLimit.md)).
public struct RegularLimitSusceptibility: Sendable {
    /// The point's index in its ``PolygonAnalysis/points``.
    public let pointIndex: Int
    /// What the numbers mean: the β → ∞ limit at a minimum (one mode), or the
    /// Gaussian regime centred on a kink point (β well below the kink's crossover).
    public let regime: String
    public let observables: [Observable]
    public let inputs: [Int]
    /// `χ⁰[k][x]`, Jacobian convention (Conventions §6).
    public let jacobian: [[BigFloat]]
    /// `χ⁰` in the mean-preserving convention.
    public let meanPreserving: [[BigFloat]]
    /// `c[k][x]` of `χ(β) = χ⁰ + c/β + O(β⁻²)` (Jacobian convention), when computed.
    public let nextOrder: [[BigFloat?]]?
    /// `m₁[φ_k]` of `E_β[φ_k] = φ_k(w*) + m₁/β`, when computed (gives the
    /// mean-preserving next order: `c^mp = c + m₁/Σh`).
    public let meanCorrections: [BigFloat]?
    /// `a` of `λ̂(β) = λ + a/β + O(β⁻²)`, when computed.
    public let llcCorrection: BigFloat?

    public init(pointIndex: Int, regime: String, observables: [Observable], inputs: [Int], jacobian: [[BigFloat]],
                meanPreserving: [[BigFloat]], nextOrder: [[BigFloat?]]?, meanCorrections: [BigFloat]?, llcCorrection: BigFloat?) {
        self.pointIndex = pointIndex
        self.regime = regime
        self.observables = observables
        self.inputs = inputs
        self.jacobian = jacobian
        self.meanPreserving = meanPreserving
        self.nextOrder = nextOrder
        self.meanCorrections = meanCorrections
        self.llcCorrection = llcCorrection
    }
}

/// Everything the oracle knows about one configuration of the full model
/// under one data specification, in one call: the polygon's critical points,
/// the lowest minimum, its learning coefficient with the finite-β statement,
/// and the regular-limit χ with its next-order correction
/// ([LearningCoefficients.md](../../../Derivations/LearningCoefficients.md),
/// [RegularLimit.md](../../../Derivations/RegularLimit.md)).
///
/// This is the interface an audit of the full model builds on: sample at a
/// β ladder, then compare `λ̂(β)` with ``expectedLLC(beta:)`` and `χ(β)` with
/// ``expectedChi(beta:meanPreserving:)``.
public struct FullModelReference: Sendable {
    public let analysis: PolygonAnalysis
    /// The lowest local minimum, if the polygon has one.
    public let minimum: CriticalPoint?
    /// The index of ``minimum`` in ``PolygonAnalysis/points``.
    public let minimumIndex: Int?
    /// A point with a first-order kink among the minima (the regular pentagon
    /// under Bernoulli data), around which the posterior is centred at practical β.
    public let kinkPoint: CriticalPoint?
    public let kinkPointIndex: Int?
    /// χ⁰ (and its next order) at ``minimum``: the β → ∞ limit of one mode.
    public let chi: RegularLimitSusceptibility?
    /// χ in the Gaussian regime at ``kinkPoint`` (β well below ``KinkConeModel/widthCrossover``).
    public let chiAtKinkPoint: RegularLimitSusceptibility?

    /// The structural observables, rows in Conventions §5 order.
    public static let observables = Observable.structural

    /// Computes the reference.
    ///
    /// - Parameters:
    ///   - configuration: the polygon (live features and their order).
    ///   - data: the data weights `h`.
    ///   - precision: MPFR bits (default 256).
    ///   - nextOrder: also compute `c[k][x]` and `a` (64 re-solved minima: seconds in release).
    public static func compute(
        configuration: PolygonConfiguration, data: DataSpecification, precision: Int = 256, nextOrder: Bool = true
    ) throws -> FullModelReference {
        let oracle = try CriticalPointOracle(data: data, polygon: configuration, precision: precision)
        let analysis = try oracle.analyse()
        return try BigFloat.withWorkingPrecision(precision) {
            let loss = PiecewiseLoss(try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }))
            let minimumIndex = analysis.points.firstIndex { $0.verdict.isMinimum && $0.polygon.deadFeatures.isEmpty }
            let kinkIndex = analysis.kinkCone == nil ? nil : analysis.points.firstIndex {
                if case .descent(let d) = $0.verdict { return d.order == 1 && d.location == "live block" }
                return false
            }
            func table(_ index: Int, regime: String, withNextOrder: Bool) throws -> RegularLimitSusceptibility {
                try susceptibility(of: analysis.points[index], index: index, loss: loss, bits: precision, regime: regime, nextOrder: withNextOrder)
            }
            let chi = try minimumIndex.map {
                try table($0, regime: "beta -> infinity at this minimum (one mode; a localized posterior)", withNextOrder: nextOrder)
            }
            let chiKink = try kinkIndex.map {
                try table($0, regime: "Gaussian regime centred on the kink point (beta well below the width crossover); one-sided gradients averaged", withNextOrder: false)
            }
            return FullModelReference(
                analysis: analysis, minimum: minimumIndex.map { analysis.points[$0] }, minimumIndex: minimumIndex,
                kinkPoint: kinkIndex.map { analysis.points[$0] }, kinkPointIndex: kinkIndex, chi: chi, chiAtKinkPoint: chiKink)
        }
    }

    /// χ⁰ (and optionally its next order) at `point`, in MPFR at the working precision.
    public static func susceptibility(
        of point: CriticalPoint, index: Int, loss: PiecewiseLoss<BigFloat>, bits: Int, regime: String, nextOrder: Bool,
        observables: [Observable] = FullModelReference.observables, inputs: [Int] = Array(0..<32)
    ) throws -> RegularLimitSusceptibility {
        let w = point.coordinates
        let free = point.polygon.liveCoordinates
        let sigma = point.pattern.indicators(PiecewiseLoss.preActivations(w))
        let gauge = 2 * point.polygon.liveFeatures[0] + 1
        let vanishing = BigFloat(1).scaled(byPowerOfTwo: -bits / 2).doubleValue
        let (jacobian, meanPreserving) = try RegularLimit.susceptibilities(
            loss: loss, at: w, activation: sigma, free: free, gauge: gauge, observables: observables, inputs: inputs, vanishing: vanishing)
        var correction: [[BigFloat?]]? = nil, means: [BigFloat]? = nil, a: BigFloat? = nil
        if nextOrder {
            let expansion = LaplaceExpansion(loss: loss, point: w, pattern: point.pattern, free: free, bits: bits)
            correction = try expansion.chiCorrections(observables: observables, inputs: inputs)
            means = try expansion.meanCorrections(observables: observables)
            a = try expansion.llcCorrection()
        }
        return RegularLimitSusceptibility(pointIndex: index, regime: regime, observables: observables, inputs: inputs,
                                          jacobian: jacobian, meanPreserving: meanPreserving, nextOrder: correction,
                                          meanCorrections: means, llcCorrection: a)
    }

    /// The learning coefficient of ``minimum`` (β → ∞).
    public var learningCoefficient: LearningCoefficient? { minimum?.learningCoefficient }

    /// What an LLC estimator centred on ``minimum`` should return at `beta`
    /// (Conventions §4: `λ̂ = β(E_β[E] − E(w*)) = nβ(E[L] − L(w*))`), and which
    /// approximation gives it. Where a kink point sits next to the minimum:
    /// the kink-cone model plus the smooth `a/β` (the two corrections add at
    /// leading order: `O(h√β)` and `O(1/β)`); else `λ + a/β`. The `O(β⁻²)`
    /// remainder is not included (≈ 130/β² at the one-hot pentagon).
    public func expectedLLC(beta: Double) -> (value: Double, statement: String)? {
        guard let lambda = learningCoefficient else { return nil }
        let a = chi?.llcCorrection?.doubleValue
        if let cone = analysis.kinkCone {
            return (cone.llc(beta: beta) + (a ?? 0) / beta,
                    "kink-cone model (Gaussian + first-order cone in the kink plane, exact 2-D integral)"
                        + (a.map { " + a/β, a = \($0)" } ?? "") + "; β → ∞ limit \(lambda.fraction)")
        }
        if let a {
            return (lambda.value + a / beta, "λ + a/β with a = \(a); O(β⁻²) omitted")
        }
        return (lambda.value, "λ (β → ∞); next order not computed")
    }

    /// `χ⁰ + c/β` at ``minimum``, when the next order was computed (`nil`
    /// entries: inputs with a kink through the minimum). Mean-preserving:
    /// `χ⁰_mp + (c + m₁/Σh)/β` ([RegularLimit.md](../../../Derivations/RegularLimit.md)).
    public func expectedChi(beta: Double, meanPreserving: Bool = false) -> [[Double?]]? {
        guard let chi, let c = chi.nextOrder, let m1 = chi.meanCorrections else { return nil }
        let total = analysis.data.doubleWeights.reduce(0, +)
        let leading = meanPreserving ? chi.meanPreserving : chi.jacobian
        return leading.indices.map { k in
            leading[k].indices.map { x in
                c[k][x].map { leading[k][x].doubleValue + ($0.doubleValue + (meanPreserving ? m1[k].doubleValue / total : 0)) / beta }
            }
        }
    }
}
