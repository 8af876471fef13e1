import AnalyticOracle
import HighPrecision

extension Fixture {
    /// The data specifications of `critical-points.json`.
    public static let criticalPointData = ["one-hot", "bernoulli:0.95", "bernoulli:0.9"]

    /// `critical-points.json`: the k-gons of the full 10-parameter model for
    /// each data specification of ``criticalPointData``
    /// ([CriticalPoints.md](../../Derivations/CriticalPoints.md),
    /// [LearningCoefficients.md](../../Derivations/LearningCoefficients.md),
    /// [RegularLimit.md](../../Derivations/RegularLimit.md)).
    ///
    /// Points that differ only by a relabelling of the features form a class
    /// (`CriticalPoint.multiplicity`); each representative is enclosed (Krawczyk, or
    /// the radial interval Newton at a regular polygon) and its coordinates,
    /// loss, live Hessian eigenvalues and near-vanishing pre-activations are
    /// printed with certified digits, or as a certified bound `|x| ≤ b` where
    /// the value is 0 by symmetry. The lowest minimum also gets the
    /// regular-limit χ (15 × 32, both conventions, certified) and the
    /// next-order LLC coefficient `a` (MPFR, not interval-certified).
    public static func criticalPoints(digits: Int) throws -> Fixture {
        let bits = Certified.initialPrecision(forDigits: digits)
        var cases: [JSONValue] = []
        for name in criticalPointData {
            let data = try DataSpecification(parsing: name)
            var polygons: [JSONValue] = []
            for k in PolygonConfiguration.sizes {
                let polygon = try PolygonConfiguration(k: k)
                let analysis = try CriticalPointOracle(data: data, polygon: polygon, precision: bits).analyse()
                polygons.append(try criticalPointEntry(analysis, data: data, digits: digits))
            }
            cases.append(.object([("data", .string(name)), ("polygons", .array(polygons))]))
        }
        return Fixture(
            name: "critical-points",
            description: "Critical points of the full model xhat = ReLU(W^T W x) near the k-gons (k live features on a regular polygon, "
                + "the others dead at 0), for one-hot and Bernoulli data: verdict (minimum, saddle, degenerate saddle, not critical), "
                + "total loss E = sum_x h_x l_x and mean loss L = E/32, coordinates (gauge: the first live feature on the positive x axis), "
                + "live Hessian eigenvalues of E, learning coefficient lambda (beta -> infinity), the pre-activations within 1e-3 of 0, "
                + "and at the lowest minimum the regular-limit susceptibilities chi = -grad(phi)^T H^+ grad(l_x) in both conventions "
                + "(Conventions.md section 6) with the next-order LLC coefficient a of llc(beta) = lambda + a/beta. "
                + "Values written '|x| <= b' are certified bounds of quantities that vanish by symmetry. "
                + "Derivations/CriticalPoints.md, LearningCoefficients.md, RegularLimit.md.",
            digits: digits,
            parameters: .object([
                ("model", .string("xhat = ReLU(W^T W x), no bias, W 2x5; parameters w[2i] = W_i,x, w[2i+1] = W_i,y (Derivations/Conventions.md)")),
                ("loss", .string("E(w; h) = sum_x h_x sum_j I_j (x_j - xhat_j)^2 over the 32 input types; L = E/32")),
                ("data", .string("one-hot: h_x = 1 on the one-hot inputs; bernoulli:S: h_x = 32 p^|x| S^(5-|x|), p = 1 - S; importances 1")),
                ("certification", .string("coordinates, losses, eigenvalues, pre-activations and chi: interval arithmetic on a box that provably "
                    + "contains the critical point (Krawczyk operator on the gauge-fixed branch gradient, or the radial interval Newton operator "
                    + "at a regular polygon); descent rates, a and the kink-cone numbers are MPFR or Double values, not interval-certified")),
            ]),
            values: .object([("cases", .array(cases))])
        )
    }

    /// One polygon's entry.
    static func criticalPointEntry(_ analysis: PolygonAnalysis, data: DataSpecification, digits: Int) throws -> JSONValue {
        let lowestMinimum = analysis.points.firstIndex { $0.verdict.isMinimum && $0.polygon.deadFeatures.isEmpty }
        var entries: [JSONValue] = []
        for (representative, p) in analysis.points.enumerated() {
            let withChi = representative == lowestMinimum
            let n = p.kinks.count, m = p.spectrum.eigenvalues.count
            var route = ""
            let values = try Certified.decimalsOrZeroBounds(digits: digits) { () throws -> [BigInterval] in
                let c = try p.certified(data: data)
                route = c.route
                var out = c.box + [c.totalLoss, c.meanLoss] + c.eigenvalues + c.kinkValues
                if withChi {
                    let chi = try p.certifiedSusceptibilities(data: data, box: c.box)
                    out += chi.jacobian.flatMap { $0 } + chi.meanPreserving.flatMap { $0 }
                }
                return out
            }
            var pairs: [(String, JSONValue)] = [
                ("verdict", .string(p.verdict.name)),
                ("is_critical", .bool(p.verdict.isCritical)),
                ("multiplicity", .integer(p.multiplicity)),
                ("enclosure", .string(route)),
                ("coordinates", .array(values[0..<10].map { .string($0) })),
                ("total_loss", .string(values[10])),
                ("mean_loss", .string(values[11])),
                ("live_hessian_eigenvalues", .array(values[12..<(12 + m)].map { .string($0) })),
                ("kinks", .array(zip(p.kinks, values[(12 + m)..<(12 + m + n)]).map { k, z in
                    .object([("input", .string(k.inputName)), ("output", .integer(k.output)), ("order", .string(k.order.rawValue)), ("z", .string(z))])
                })),
                ("learning_coefficient", p.learningCoefficient.map { .string($0.fraction) } ?? .null),
            ]
            if case .descent(let d) = p.verdict {
                pairs.append(("descent", .object([
                    ("order", .integer(d.order)),
                    ("rate", .string(d.rate.decimal(significantDigits: 12))),
                    ("location", .string(d.location)),
                    ("probe_step", .string(d.probeStep.decimal(significantDigits: 6))),
                    ("probe_loss_difference_upper", .string(d.probeDifference.upper.decimal(significantDigits: 3, rounding: .up))),
                    ("probe_certified", .bool(d.isCertified)),
                ])))
            }
            if withChi {
                let rows = Observable.structural
                let base = 12 + m + n, size = rows.count * 32
                func table(_ flat: ArraySlice<String>) -> JSONValue {
                    let f = Array(flat)
                    return .array((0..<rows.count).map { r in .array(f[(r * 32)..<((r + 1) * 32)].map { .string($0) }) })
                }
                let a = try BigFloat.withWorkingPrecision(analysis.precision) { () throws -> BigFloat in
                    let loss = PiecewiseLoss(try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }))
                    return try LaplaceExpansion(loss: loss, point: p.coordinates, pattern: p.pattern, free: p.polygon.liveCoordinates, bits: analysis.precision).llcCorrection()
                }
                pairs.append(("regular_limit", .object([
                    ("observables", .array(rows.map { .string($0.name) })),
                    ("inputs", .array(InputType.all.map { .string($0.name) })),
                    ("chi", table(values[base..<(base + size)])),
                    ("chi_mean_preserving", table(values[(base + size)..<(base + 2 * size)])),
                    ("llc_next_order", .string(a.decimal(significantDigits: 12))),
                ])))
            }
            entries.append(.object(pairs))
        }
        var pairs: [(String, JSONValue)] = [
            ("polygon", .string(analysis.polygon.name)),
            ("k", .integer(analysis.polygon.k)),
            ("live_features", .array(analysis.polygon.liveFeatures.map { .integer($0) })),
            ("first_order_kink_groups", .array(analysis.kinkGroups.map { .string("z[\(InputType.all[$0.input].name), \($0.output)]") })),
            ("points", .array(entries)),
        ]
        if let cone = analysis.kinkCone {
            func six(_ x: Double) -> JSONValue { .string(BigFloat(x).decimal(significantDigits: 6)) }
            pairs.append(("kink_cone", .object([
                ("model_drop", six(cone.minimumValue)),
                ("displacement", six(cone.displacement)),
                ("small_beta_coefficient", six(cone.smallBetaCoefficient)),
                ("width_crossover_beta", six(cone.widthCrossover)),
                ("depth_crossover_beta", six(cone.depthCrossover)),
                ("llc", .array(["10", "100", "1000", "10000", "100000", "1000000", "10000000", "100000000", "1000000000", "10000000000"].map { b in
                    .object([("beta", .string(b)), ("llc", six(cone.llc(beta: Double(b)!)))])
                })),
            ])))
        }
        return .object(pairs)
    }
}
