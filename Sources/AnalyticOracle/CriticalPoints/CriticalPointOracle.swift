import HighPrecision

/// The critical points of the full 10-parameter model near a k-gon, for any
/// data ([CriticalPoints.md](../../../Derivations/CriticalPoints.md)).
///
/// 1. The regular polygon's radius is solved along the radial direction (MPFR).
/// 2. If a dead feature has a first-order cone (some input with weight
///    contains it and a live feature), no point of the polygon's family is
///    critical: the regular polygon is reported with the steepest one-sided
///    slope (``Descent`` of order 1).
/// 3. Otherwise every sign pattern of the first-order kinks at the regular
///    polygon is solved by Newton in `Double` (``BranchSearch``), the
///    self-consistent solutions are refined by Newton in MPFR, and each point
///    is analysed: loss, live Hessian spectrum (Jacobi), kinks with margins, a
///    certified residual, the dead features' expansions, a verdict and λ.
public struct CriticalPointOracle: Sendable {
    public let data: DataSpecification
    public let polygon: PolygonConfiguration
    /// The MPFR working precision in bits.
    public let precision: Int

    /// - Throws: ``CriticalPointError/invalidSetting(_:)`` for a precision outside 64…4096 bits.
    public init(data: DataSpecification, polygon: PolygonConfiguration, precision: Int = 256) throws(CriticalPointError) {
        guard (64...4096).contains(precision) else { throw .invalidSetting("precision must be 64…4096 bits, got \(precision)") }
        self.data = data
        self.polygon = polygon
        self.precision = precision
    }

    /// The analysis of the polygon.
    public func analyse() throws -> PolygonAnalysis {
        try BigFloat.withWorkingPrecision(precision) { try analyseAtWorkingPrecision() }
    }

    /// The MPFR loss and its enclosure twin at the working precision.
    func losses() throws -> (PiecewiseLoss<BigFloat>, PiecewiseLoss<BigInterval>, PiecewiseLoss<Double>) {
        let exact = PiecewiseLoss(try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }))
        let enclosure = PiecewiseLoss(try TrainingData<BigInterval>(data, decimal: { try BigInterval(decimal: $0) }))
        let fast = PiecewiseLoss(try TrainingData<Double>(data, decimal: DataSpecification.parseDouble))
        return (exact, enclosure, fast)
    }

    /// `2^{−e}` at the working precision.
    static func power2(_ e: Int) -> BigFloat { BigFloat(1).scaled(byPowerOfTwo: e) }

    func analyseAtWorkingPrecision() throws -> PolygonAnalysis {
        let (loss, enclosure, fast) = try losses()
        let bits = precision
        let radius = try polygon.radialCriticalRadius(loss: loss, tolerance: Self.power2(-(bits - 16)))
        let reference = polygon.idealPoint(radius: radius)
        let context = AnalysisContext(polygon: polygon, loss: loss, enclosure: enclosure, fast: fast, bits: bits, reference: reference)

        // Dead features pushed out at first order: nothing of this family is critical.
        for d in polygon.deadFeatures {
            let expansion = context.expansion(at: reference, feature: d)
            let (angle, slope) = expansion.minimumSlope()
            if slope < -context.zeroTolerance {
                let point = try context.analysePoint(reference, pattern: .natural, branchCount: 0, multiplicity: 1, forcedDescent: (d, angle, slope))
                return PolygonAnalysis(data: data, polygon: polygon, precision: precision, radius: radius, kinkGroups: [],
                                       rejectedBranches: 0, points: [point], kinkCone: nil)
            }
        }

        let search = try BranchSearch(loss: fast, polygon: polygon)
        var points: [CriticalPoint] = []
        for solution in search.solutions {
            let newton = BranchNewton(loss: loss, free: polygon.liveCoordinates, pattern: solution.pattern,
                                      tolerance: Self.power2(-(bits - 24)))
            let start = solution.point.map { BigFloat($0) }
            var refined = try newton.solve(from: start).point
            // A point on a flat critical manifold (the digon's and triangle's independent rotations)
            // is only determined up to the flat directions: take the regular polygon when it is critical.
            if context.isNear(context.gauged(refined), reference, within: 1e-9), context.isCritical(reference, pattern: solution.pattern) {
                refined = reference
            }
            points.append(try context.analysePoint(refined, pattern: solution.pattern, branchCount: solution.branchCount, multiplicity: solution.multiplicity))
        }
        points.sort { $0.totalLoss < $1.totalLoss }
        let cone = try? KinkConeModel(analysis: points, context: context)
        return PolygonAnalysis(data: data, polygon: polygon, precision: precision, radius: radius, kinkGroups: search.branches.groups,
                               rejectedBranches: search.rejectedBranches, points: points, kinkCone: cone)
    }
}

/// Everything the oracle found for one polygon and one data specification.
public struct PolygonAnalysis: Sendable {
    public let data: DataSpecification
    public let polygon: PolygonConfiguration
    public let precision: Int
    /// The radius of the radially critical regular polygon.
    public let radius: BigFloat
    /// The first-order kink groups at the regular polygon (each a sign variable of the search).
    public let kinkGroups: [KinkBranches.Group]
    /// Branches whose Newton solution failed or was not self-consistent.
    public let rejectedBranches: Int
    /// The points, by increasing loss.
    public let points: [CriticalPoint]
    /// The local model of the first-order kink (when a kink point sits among minima): λ̂ at finite β.
    public let kinkCone: KinkConeModel?

    /// The local minima, by increasing loss.
    public var minima: [CriticalPoint] { points.filter { $0.verdict.isMinimum } }
}

/// The shared state of the per-point analysis.
struct AnalysisContext {
    let polygon: PolygonConfiguration
    let loss: PiecewiseLoss<BigFloat>
    let enclosure: PiecewiseLoss<BigInterval>
    let fast: PiecewiseLoss<Double>
    let bits: Int
    /// The radially critical regular polygon.
    let reference: [BigFloat]

    /// Eigenvalues, slopes and pre-activations below this count as zero: `2^{−bits/2}`.
    var zeroTolerance: BigFloat { CriticalPointOracle.power2(-bits / 2) }
    /// The kinks listed are those with `|z|` below this margin.
    static let kinkMargin = 1e-3

    func expansion(at w: [BigFloat], feature d: Int) -> DeadFeatureExpansion<BigFloat> {
        DeadFeatureExpansion(loss: loss, point: w, feature: d, polygon: polygon, zeroTolerance: zeroTolerance,
                             epsilon: CriticalPointOracle.power2(-bits / 8))
    }

    /// `w` rotated so that the first live feature lies on the positive x axis.
    func gauged(_ w: [BigFloat]) -> [BigFloat] {
        let i = polygon.liveFeatures[0]
        guard !(w[2 * i + 1].isZero && w[2 * i].signum > 0) else { return w }
        let angle = BigFloat.atan2(y: w[2 * i + 1], x: w[2 * i])
        let c = BigFloat.cos(angle), s = BigFloat.sin(angle)
        var out = w
        for f in 0..<5 {
            let x = w[2 * f], y = w[2 * f + 1]
            out[2 * f] = c * x + s * y
            out[2 * f + 1] = c * y - s * x
        }
        out[2 * i + 1] = BigFloat(0)
        return out
    }

    /// Whether `a` and `b` agree to `tolerance` in every coordinate.
    func isNear(_ a: [BigFloat], _ b: [BigFloat], within tolerance: Double) -> Bool {
        zip(a, b).allSatisfy { ($0 - $1).magnitude.doubleValue <= tolerance }
    }

    /// Whether the branch gradient on the live coordinates is below `2^{−(bits − 32)}` at `w`.
    func isCritical(_ w: [BigFloat], pattern: ActivationPattern) -> Bool {
        let g = loss.derivatives(at: w, activation: pattern.indicators(PiecewiseLoss.preActivations(w)), hessian: false).gradient
        let bound = CriticalPointOracle.power2(-(bits - 32))
        return polygon.liveCoordinates.allSatisfy { !(bound < g[$0].magnitude) }
    }

    /// `E(probe) − E(w)` enclosed (both points taken as exact).
    func lossDifference(_ probe: [BigFloat], _ w: [BigFloat]) -> BigInterval {
        enclosure.loss(probe.map { BigInterval($0) }) - enclosure.loss(w.map { BigInterval($0) })
    }

    func analysePoint(
        _ raw: [BigFloat], pattern: ActivationPattern, branchCount: Int, multiplicity: Int,
        forcedDescent: (feature: Int, angle: BigFloat, slope: BigFloat)? = nil
    ) throws -> CriticalPoint {
        let w = gauged(raw)
        let free = polygon.liveCoordinates
        let z = PiecewiseLoss.preActivations(w)
        let sigma = pattern.indicators(z)
        let d = loss.derivatives(at: w, activation: sigma, hessian: true)
        let hessian = free.map { i in free.map { d.hessian![i][$0] } }
        let spectrum = try SymmetricEigendecomposition(hessian, tolerance: CriticalPointOracle.power2(-(bits - 8)))

        // Kinks and margins over the support.
        let liveMask = polygon.liveFeatures.reduce(0) { $0 | (1 << $1) }
        var kinks: [Kink] = []
        var firstOrderMargin: BigFloat? = nil
        for t in loss.support {
            for j in 0..<5 {
                guard let order = Kink.order(input: t, output: j) else { continue }
                let value = z[5 * t + j]
                let deadOutput = liveMask & (1 << j) == 0
                if order == .first, !deadOutput, t & liveMask != 1 << j, t & liveMask != 0 {
                    firstOrderMargin = firstOrderMargin.map { BigFloat.min($0, value.magnitude) } ?? value.magnitude
                }
                if value.magnitude.doubleValue <= Self.kinkMargin {
                    kinks.append(Kink(input: t, output: j, value: value.doubleValue, order: order))
                }
            }
        }

        // Certified residual on the branch at these exact coordinates.
        let wi = w.map { BigInterval($0) }
        let (sigmaI, _) = pattern.indicators(PiecewiseLoss.preActivations(wi))
        let gi = enclosure.derivatives(at: wi, activation: sigmaI, hessian: false).gradient
        var residual = BigFloat(0), norm2 = BigInterval(0)
        for i in free {
            residual = BigFloat.max(residual, gi[i].magnitude.upper)
            norm2 = norm2 + gi[i] * gi[i]
        }
        let zero = zeroTolerance
        let positive = spectrum.eigenvalues.filter { $0 > zero }
        let smallest = positive.min() ?? BigFloat(1)
        let distance = BigFloat.divide(BigInterval.sqrt(norm2).upper, smallest, rounding: .up)

        let (verdict, dead, lambda) = try classify(w: w, sigma: sigma, gradient: d.gradient, spectrum: spectrum,
                                                    kinks: kinks, forcedDescent: forcedDescent)
        return CriticalPoint(
            polygon: polygon, coordinates: w, pattern: pattern, branchCount: branchCount,
            isRegularPolygon: isNear(w, reference, within: CriticalPointOracle.power2(-bits / 2).doubleValue),
            multiplicity: multiplicity, totalLoss: loss.loss(w),
            liveHessian: hessian, spectrum: spectrum, kinks: kinks, kinkMargin: Self.kinkMargin,
            firstOrderMargin: firstOrderMargin, residual: residual, distanceBound: distance, zeroTolerance: zero,
            verdict: verdict, deadFeatures: dead, learningCoefficient: lambda)
    }

    func classify(
        w: [BigFloat], sigma: [BigFloat], gradient: [BigFloat], spectrum: SymmetricEigendecomposition<BigFloat>,
        kinks: [Kink], forcedDescent: (feature: Int, angle: BigFloat, slope: BigFloat)?
    ) throws -> (Verdict, [DeadFeatureVerdict], LearningCoefficient?) {
        let zero = zeroTolerance
        let free = polygon.liveCoordinates
        var deadVerdicts: [DeadFeatureVerdict] = []

        if let forced = forcedDescent {
            let u = [BigFloat.cos(forced.angle), BigFloat.sin(forced.angle)]
            let step = CriticalPointOracle.power2(-24)
            var probe = w
            probe[2 * forced.feature] = step * u[0]
            probe[2 * forced.feature + 1] = step * u[1]
            let descent = Descent(
                order: 1, rate: -forced.slope, direction: u, location: "dead feature \(forced.feature)",
                probeStep: step, probeDifference: lossDifference(probe, w),
                explanation: "not a critical point: growing W_\(forced.feature) along u has one-sided directional derivative "
                    + "\(forced.slope.decimal(significantDigits: 8)) < 0 (the inputs that contain feature \(forced.feature) and a live feature push it out)")
            for d in polygon.deadFeatures {
                deadVerdicts.append(DeadFeatureVerdict(feature: d, minimumSlope: expansion(at: w, feature: d).minimumSlope().value,
                                                       curvatureRange: nil, minimumQuartic: nil, order: nil))
            }
            return (.descent(descent), deadVerdicts, nil)
        }

        // A first-order kink of the live block at the point: one-sided slopes.
        let vanishingFirst = kinks.filter { $0.order == .first && BigFloat($0.value).magnitude <= zero
            && polygon.liveFeatures.contains($0.output) }
        if !vanishingFirst.isEmpty {
            return (.descent(kinkDescent(w: w, gradient: gradient, kinks: vanishingFirst)), [], nil)
        }

        let negative = spectrum.eigenvalues.filter { $0 < -zero }.count
        if negative > 0 {
            return (.saddle(index: negative), deadSummaries(w), nil)
        }
        let positiveLive = spectrum.eigenvalues.filter { $0 > zero }.count
        let zeroLive = spectrum.eigenvalues.count - positiveLive
        var quadratic = positiveLive, quartic = 0, degenerate = zeroLive > 1

        for d in polygon.deadFeatures {
            let e = expansion(at: w, feature: d)
            let slope = e.minimumSlope()
            if slope.value < -zero {
                deadVerdicts.append(DeadFeatureVerdict(feature: d, minimumSlope: slope.value, curvatureRange: nil, minimumQuartic: nil, order: 1))
                let u = [BigFloat.cos(slope.angle), BigFloat.sin(slope.angle)]
                let step = CriticalPointOracle.power2(-24)
                var probe = w
                probe[2 * d] = step * u[0]; probe[2 * d + 1] = step * u[1]
                return (.descent(Descent(order: 1, rate: -slope.value, direction: u, location: "dead feature \(d)", probeStep: step,
                                         probeDifference: lossDifference(probe, w),
                                         explanation: "not a critical point: W_\(d) grows at first order")), deadVerdicts, nil)
            }
            let low = e.extremeCurvature(), high = e.extremeCurvature(maximum: true)
            if low.value < -zero {
                deadVerdicts.append(DeadFeatureVerdict(feature: d, minimumSlope: slope.value, curvatureRange: (low.value, high.value), minimumQuartic: nil, order: 2))
                let u = [BigFloat.cos(low.angle), BigFloat.sin(low.angle)]
                let step = CriticalPointOracle.power2(-16)
                var probe = w
                probe[2 * d] = step * u[0]; probe[2 * d + 1] = step * u[1]
                return (.descent(Descent(
                    order: 2, rate: -low.value, direction: u, location: "dead feature \(d)", probeStep: step,
                    probeDifference: lossDifference(probe, w),
                    explanation: "saddle: along W_\(d) = s u the loss is E − \(( -low.value).decimal(significantDigits: 8)) s² "
                        + "(the live features leave a gap where the dead one's own input gains more than the interference costs)")),
                        deadVerdicts + deadSummaries(w, skipping: d), nil)
            }
            if high.value > zero {
                guard low.value > zero else {
                    deadVerdicts.append(DeadFeatureVerdict(feature: d, minimumSlope: slope.value, curvatureRange: (low.value, high.value), minimumQuartic: nil, order: nil))
                    degenerate = true
                    continue
                }
                quadratic += 2
                deadVerdicts.append(DeadFeatureVerdict(feature: d, minimumSlope: slope.value, curvatureRange: (low.value, high.value), minimumQuartic: nil, order: 2))
                continue
            }
            // q ≡ 0: the coupled quartic expansion.
            guard polygon.deadFeatures.count == 1 else {
                deadVerdicts.append(DeadFeatureVerdict(feature: d, minimumSlope: slope.value, curvatureRange: (low.value, high.value), minimumQuartic: nil, order: 4))
                degenerate = true
                continue
            }
            let search = DeadFeatureExpansion<Double>(loss: fast, point: w.map(\.doubleValue), feature: d, polygon: polygon,
                                                      zeroTolerance: 1e-12, epsilon: 1.0 / 64)
            let (angle, q) = try e.minimumQuartic(search: search, rounds: 0)
            deadVerdicts.append(DeadFeatureVerdict(feature: d, minimumSlope: slope.value, curvatureRange: (low.value, high.value),
                                                   minimumQuartic: q.value, order: 4))
            if q.value < -zero {
                let u = [BigFloat.cos(angle), BigFloat.sin(angle)]
                let s = CriticalPointOracle.power2(-10)
                var probe = w
                for (a, i) in free.enumerated() { probe[i] = probe[i] + s * s * q.displacement[a] }
                probe[2 * d] = s * u[0]; probe[2 * d + 1] = s * u[1]
                return (.descent(Descent(
                    order: 4, rate: -q.value, direction: u, location: "dead feature \(d) with the live block",
                    probeStep: s, probeDifference: lossDifference(probe, w),
                    explanation: "degenerate saddle: along (live block + s² δ*, W_\(d) = s u) the loss is "
                        + "E − \((-q.value).decimal(significantDigits: 8)) s⁴ + O(s⁵); with the live block frozen it would be a quartic minimum")),
                        deadVerdicts, nil)
            }
            if q.value > zero { quartic += 1 } else { degenerate = true }
        }
        let lambda = degenerate ? nil : LearningCoefficient(quadraticDirections: quadratic, quarticFeatures: quartic, flatDirections: zeroLive)
        return (.minimum(degenerate: quartic > 0 || degenerate), deadVerdicts, lambda)
    }

    /// The dead features' first-order slopes only (for saddles of the live block).
    func deadSummaries(_ w: [BigFloat], skipping: Int? = nil) -> [DeadFeatureVerdict] {
        polygon.deadFeatures.filter { $0 != skipping }.map { d in
            DeadFeatureVerdict(feature: d, minimumSlope: expansion(at: w, feature: d).minimumSlope().value,
                               curvatureRange: nil, minimumQuartic: nil, order: nil)
        }
    }

    /// The steepest one-sided slope among the directions `±∇z_e` of the vanishing first-order kinks.
    func kinkDescent(w: [BigFloat], gradient: [BigFloat], kinks: [Kink]) -> Descent {
        let free = polygon.liveCoordinates
        let gradients: [[BigFloat]] = kinks.map { k in
            let g = PiecewiseLoss.preActivationGradient(w, t: k.input, j: k.output, v: PiecewiseLoss.sumVector(w, k.input))
            var full = [BigFloat](repeating: BigFloat(0), count: 10)
            for (a, x) in g { full[a] = x }
            return free.map { full[$0] }
        }
        func slope(_ u: [BigFloat]) -> BigFloat {
            var s = DenseLinearSystem.dot(free.map { gradient[$0] }, u)
            for (k, a) in zip(kinks, gradients) {
                s = s - 2 * loss.weights[k.input] * loss.importances[k.output] * BigFloat.relu(DenseLinearSystem.dot(a, u))
            }
            return s
        }
        var best: (u: [BigFloat], slope: BigFloat)? = nil
        for a in gradients {
            let norm = BigFloat.sqrt(DenseLinearSystem.dot(a, a))
            guard !norm.isZero else { continue }
            for sign in [BigFloat(1), BigFloat(-1)] {
                let u = a.map { sign * $0 / norm }
                let s = slope(u)
                if best == nil || s < best!.slope { best = (u, s) }
            }
        }
        let (u, s) = best ?? (free.map { _ in BigFloat(0) }, BigFloat(0))
        let step = CriticalPointOracle.power2(-24)
        var probe = w
        for (a, i) in free.enumerated() { probe[i] = probe[i] + step * u[a] }
        let names = Set(kinks.map(\.inputName)).sorted().joined(separator: ", ")
        return Descent(
            order: 1, rate: -s, direction: u, location: "live block", probeStep: step, probeDifference: lossDifference(probe, w),
            explanation: "not differentiable, not a minimum: target-1 pre-activations of \(names) vanish here; moving along u "
                + "(the gradient of one of them) the loss falls at rate \((-s).decimal(significantDigits: 8)) (one-sided directional derivative)")
    }
}
