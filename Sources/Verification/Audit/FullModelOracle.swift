import AnalyticOracle
import HighPrecision
import TMSEngine

/// The references of the full 10-parameter model at the lowest minimum of a
/// k-gon under given data, at any β and localization γ, each with the bound
/// on what it leaves out ([Audit.md §6](../../../Derivations/Audit.md)).
///
/// - **Exact (certified):** the minimum itself (`FullModelReference`: MPFR
///   Newton, Krawczyk, certified spectrum), hence λ.
/// - **Asymptotic (β → ∞):** λ (counted from the spectrum), χ⁰ = −∇φᵀH⁺∇ℓ_x.
/// - **Finite-β model:** `FiniteBetaExpansion` (Laplace with localization plus
///   the `1/β` term), and at Bernoulli data the kink-cone model of the LLC
///   (`KinkConeModel`). The `O(β⁻²)` remainder is bounded by the measured
///   allowances ``llcRemainder`` and ``chiRemainderRatio`` (the long tier's fits at
///   the one-hot pentagon, LearningCoefficients.md §4 and RegularLimit.md §3),
///   transferred to other data and to γ > 0, where every term of the remainder
///   is smaller term by term (the localization only narrows the posterior).
public struct FullModelOracle: Sendable {
    public let configuration: PolygonConfiguration
    public let data: DataSpecification
    public let reference: FullModelReference
    public let minimum: CriticalPoint
    public let expansion: FiniteBetaExpansion<Double>
    /// χ⁰ (β → ∞, both conventions, 32 columns).
    public let leadingChi: [[Double]]
    public let leadingChiMeanPreserving: [[Double]]
    /// The γ = 0 coefficients of the `1/β` terms: `a` (LLC), `c` (χ, both conventions, 32 columns), `m₁` (means).
    public let llcCoefficient: Double
    public let chiCoefficients: [[Double]]
    public let chiCoefficientsMeanPreserving: [[Double]]
    public let meanCoefficients: [Double]
    /// `|χ⁰(minimum) − χ⁰(kink point)|` per entry (both conventions) when a kink point sits next to the minimum.
    let kinkAllowance: (jacobian: [[Double]], meanPreserving: [[Double]])?
    let weights: [Double]

    /// `|λ̂ − (λ + a/β)| ≤ llcRemainder/β²` (measured `b = 111 ± 61` at the one-hot pentagon).
    public static let llcRemainder = 200.0
    /// `|χ − (χ⁰ + c/β)| ≤ chiRemainderRatio·|c|/β²` per entry (measured `|d| ≤ 30|c|` within 5 SE).
    public static let chiRemainderRatio = 30.0
    /// Below this β the expansion is not controlled (the remainder of λ̂ is 0.49 at β = 20).
    public static let smallestBeta = 20.0
    /// The χ rows the expansion covers: the rotation-invariant observables.
    public static let observables = FullModelReference.observables

    /// Why a configuration has no reference.
    public struct NoMinimum: Error, CustomStringConvertible, Sendable {
        public let configuration: PolygonConfiguration
        public let data: DataSpecification
        /// `not a minimum: …` or `not a critical point: …`, with the oracle's explanation.
        public let reason: String
        public var description: String { reason }
    }

    /// Analyses the polygon in MPFR and prepares the expansion at its lowest minimum.
    ///
    /// - Throws: ``NoMinimum`` when the polygon has no minimum for these data (the square with a
    ///   dead feature under one-hot data is a degenerate saddle; no k < 5 is a critical point under
    ///   Bernoulli data); the oracle's own errors otherwise.
    public static func compute(configuration: PolygonConfiguration, data: DataSpecification, precision: Int = 192) throws -> FullModelOracle {
        let reference = try FullModelReference.compute(configuration: configuration, data: data, precision: precision, nextOrder: false)
        guard let minimum = reference.minimum else {
            throw NoMinimum(configuration: configuration, data: data, reason: Self.reason(reference.analysis))
        }
        // Swift's Double(String) rounds correctly; the specification has validated every number.
        let loss = PiecewiseLoss(try TrainingData<Double>(data, decimal: { text in
            guard let value = Double(text) else { throw NoMinimum(configuration: configuration, data: data, reason: "malformed number \(text)") }
            return value
        }))
        let expansion = FiniteBetaExpansion(
            loss: loss, point: minimum.doubleCoordinates, pattern: minimum.pattern, free: configuration.liveCoordinates,
            observables: observables, differenceStep: 1.0 / 1024)
        // At γ = 0 every correction is exactly proportional to 1/β: its coefficient is the value at β = 1.
        let unit = try expansion.evaluate(beta: 1, localization: 0)
        let weights = data.doubleWeights
        var allowance: (jacobian: [[Double]], meanPreserving: [[Double]])? = nil
        if let kink = reference.chiAtKinkPoint, let chi = reference.chi {
            func difference(_ a: [[BigFloat]], _ b: [[BigFloat]]) -> [[Double]] {
                a.indices.map { k in a[k].indices.map { x in (a[k][x] - b[k][x]).magnitude.doubleValue } }
            }
            allowance = (difference(chi.jacobian, kink.jacobian), difference(chi.meanPreserving, kink.meanPreserving))
        }
        return FullModelOracle(
            configuration: configuration, data: data, reference: reference, minimum: minimum, expansion: expansion,
            leadingChi: unit.leadingChi, leadingChiMeanPreserving: unit.leadingChiMeanPreserving, llcCoefficient: unit.llc - unit.laplaceLLC, chiCoefficients: unit.chiCorrection,
            chiCoefficientsMeanPreserving: unit.chiCorrectionMeanPreserving,
            meanCoefficients: zip(unit.means, expansion.observableValues).map { $0 - $1 }, kinkAllowance: allowance, weights: weights)
    }

    /// `not a minimum: …` / `not a critical point: …` from the regular polygon's verdict.
    static func reason(_ analysis: PolygonAnalysis) -> String {
        let name = AuditConfiguration.fullModel(analysis.polygon).name
        let point = analysis.points.first { $0.isRegularPolygon } ?? analysis.points.first
        guard let point else { return "not a minimum: the oracle found no critical point of the \(name) under \(analysis.data.label)" }
        // The explanations start with the verdict's name ("degenerate saddle: along …"); keep the rest.
        func detail(_ d: Descent) -> String {
            for prefix in [point.verdict.name + ": ", "not a critical point: "] where d.explanation.hasPrefix(prefix) {
                return String(d.explanation.dropFirst(prefix.count))
            }
            return d.explanation
        }
        let tail = "; there is no λ or χ to audit against"
        switch point.verdict {
        case .descent(let d) where d.order == 1:
            return "not a critical point: the \(name) under \(analysis.data.label) has no minimum (\(detail(d)))\(tail)"
        case .descent(let d):
            return "not a minimum: the \(name) under \(analysis.data.label) is a \(point.verdict.name) (\(detail(d)))\(tail)"
        case .saddle:
            return "not a minimum: the \(name) under \(analysis.data.label) is a \(point.verdict.name)\(tail)"
        case .minimum:
            return "not a minimum of the full model: the \(name) under \(analysis.data.label) has a minimum only with its dead features frozen"
        }
    }

    /// The importances `I_j` as `Double` (`nil`: all 1).
    public var importances: [Double]? { data.importances?.map { Double($0) ?? .nan } }

    /// λ (β → ∞) of the minimum.
    public var learningCoefficient: LearningCoefficient { minimum.learningCoefficient! }

    // MARK: References at (β, γ)

    /// The expansion at `(β, γ)`, or why β is outside its reach.
    public func evaluation(beta: Double, localization gamma: Double) -> Result<FiniteBetaExpansion<Double>.Evaluation, Skip> {
        guard beta >= Self.smallestBeta else {
            return .failure(Skip("outside the oracle's reach: β = \(beta) is below \(Self.smallestBeta), where the full model's finite-β expansion is not controlled (LearningCoefficients.md §4)"))
        }
        do { return .success(try expansion.evaluate(beta: beta, localization: gamma)) } catch {
            return .failure(Skip("the expansion failed at β = \(beta), γ = \(gamma): \(error)"))
        }
    }

    /// A reason a record is outside the oracle's reach.
    public struct Skip: Error, Sendable { public let reason: String; init(_ r: String) { reason = r } }

    /// `λ̂(β, γ)`: at γ = 0 the LLC's `λ + a/β` plus, at Bernoulli data, the kink-cone
    /// model's correction (exact 2-D integral); at γ > 0 the Laplace count with localization
    /// plus its `1/β` term, with the unlocalized cone effect added to the bound.
    public func llc(_ e: FiniteBetaExpansion<Double>.Evaluation) -> Result<AuditReference, Skip> {
        let beta = e.beta
        var value = e.llc, bound = Self.llcRemainder / (beta * beta) + e.kinkAllowance.llc
        if let cone = reference.analysis.kinkCone {
            let d = Double(cone.quadraticDirections) / 2
            if e.localization == 0 {
                value += cone.llc(beta: beta) - d
                bound += beta * abs(cone.minimumValue - cone.exactDrop)
            } else {
                guard beta < cone.widthCrossover / 100 else {
                    return .failure(Skip("outside the oracle's reach: with localization γ > 0 the kink-cone model is derived only for β well below its crossover \(cone.widthCrossover.formatted(significantDigits: 3))"))
                }
                bound += abs(cone.llc(beta: beta) - d)
            }
        }
        return .success(AuditReference(value: value, bound: bound))
    }

    /// `χ_{k,x}(β, γ)` to `O(β⁻²)` with the bound `30|c|/β²` (plus the kink allowance when the total
    /// loss has a kink within the posterior); `nil` rows and inputs with a kink within the posterior are skipped.
    public func chi(_ e: FiniteBetaExpansion<Double>.Evaluation, row k: Int, input x: Int, convention: Susceptibility.Convention) -> Result<AuditReference, Skip> {
        let meanPreserving = convention == .meanPreserving
        guard let value = (meanPreserving ? e.chiMeanPreserving : e.chi)[k][x] else {
            let distance = e.kinkDistance[x].map { $0 < 1e-3 ? " (on the kink)" : " (\($0.formatted(significantDigits: 2)) standard deviations)" } ?? ""
            return .failure(Skip("outside the oracle's reach: input \(InputType.all[x].name) has a ReLU kink within \(Int(FiniteBetaExpansion<Double>.kinkExclusion)) posterior standard deviations of the minimum at β = \(e.beta.formatted(significantDigits: 6))\(distance): χ has no expansion in 1/β there"))
        }
        let c = (meanPreserving ? chiCoefficientsMeanPreserving : chiCoefficients)[k][x]
        var bound = Self.chiRemainderRatio * abs(c) / (e.beta * e.beta) + (meanPreserving ? e.kinkAllowance.chiMeanPreserving : e.kinkAllowance.chi)[k][x]
        if e.lossIsKinked, let allowance = kinkAllowance {
            bound += (meanPreserving ? allowance.meanPreserving : allowance.jacobian)[k][x]
        }
        return .success(AuditReference(value: value, bound: bound))
    }

    /// `E[φ_k]` to `O(β⁻²)`, bound `15 Σ_y h_y|c_{k,y}|/β²` (from χ's: `m₂ = −½ Σ_y h_y d_y` by homogeneity),
    /// plus `|φ(w*) − φ(w_r)|` when the posterior is centred on a kink point.
    public func mean(_ e: FiniteBetaExpansion<Double>.Evaluation, row k: Int) -> AuditReference {
        var sum = 0.0
        for y in 0..<32 { sum += weights[y] * abs(chiCoefficients[k][y]) }
        var bound = Self.chiRemainderRatio / 2 * sum / (e.beta * e.beta) + e.kinkAllowance.means[k]
        if e.lossIsKinked, let kink = reference.kinkPoint {
            let observable = Self.observables[k]
            bound += abs(observable.value(parameters: kink.doubleCoordinates) - expansion.observableValues[k])
        }
        return AuditReference(value: e.means[k], bound: bound)
    }

    /// `E[L] = (E(w*) + λ̂/β)/32`, with the LLC's bound divided by `32β`.
    public func meanLoss(_ e: FiniteBetaExpansion<Double>.Evaluation) -> Result<AuditReference, Skip> {
        llc(e).map { r in
            AuditReference(value: (minimum.totalLoss.doubleValue + r.value / e.beta) / 32, bound: r.bound / (32 * e.beta))
        }
    }

    /// The row of `observable` among ``observables``, if the expansion covers it.
    public static func row(of observable: AnalyticOracle.Observable) -> Int? { observables.firstIndex(of: observable) }

    /// One line each: what is exact, what is asymptotic, what is a finite-β model and its bound.
    public func notes(localization gamma: Double) -> [String] {
        let name = "\(AuditConfiguration.fullModel(configuration).name) under \(data.label)"
        var lines = [
            "exact (certified): the minimum of the \(name), E = \(minimum.totalLoss.doubleValue.formatted(significantDigits: 15)), "
                + "certified gradient bound \(minimum.residual.doubleValue.formatted(significantDigits: 2)); its Hessian's inertia gives λ = \(learningCoefficient.fraction)",
            "asymptotic (β → ∞): λ = \(learningCoefficient.fraction) and χ⁰ = −∇φᵀH⁺∇ℓ_x (LearningCoefficients.md, RegularLimit.md)",
            "finite-β model (Audit.md §6): λ̂(β, γ) = ½Σ βμ_i/(βμ_i + γ) + its 1/β term (a = \(llcCoefficient.formatted(significantDigits: 6)) at γ = 0), "
                + "|rest| ≤ \(Int(Self.llcRemainder))/β²; χ(β, γ) and E[φ] to O(β⁻²), |rest| ≤ \(Int(Self.chiRemainderRatio))|c|/β² per χ entry "
                + "(both bounds measured at the one-hot pentagon and transferred)",
        ]
        if let cone = reference.analysis.kinkCone {
            lines.append("kink (11111 on a first-order ReLU kink \(cone.displacement.formatted(significantDigits: 2)) from the minimum): "
                + (gamma == 0 ? "λ̂ adds the kink-cone model's exact 2-D integral" : "the unlocalized kink-cone effect |λ̂_cone − d/2| is added to λ̂'s bound")
                + "; χ columns with a kink within 5 posterior standard deviations are not audited; the other columns' bound adds |χ⁰(minimum) − χ⁰(kink point)|")
        }
        if gamma > 0 {
            lines.append("localization γ = \(gamma) centred at the minimum: the rotation angle is confined, the orbit tilt is s = \(OrbitTilt(kappa: gamma * expansion.radiusSquared).s.formatted(significantDigits: 4)) (1 at γ = 0)")
        }
        return lines
    }
}

