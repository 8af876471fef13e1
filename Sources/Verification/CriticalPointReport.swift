import AnalyticOracle
import HighPrecision

/// The critical points of several polygons for one data specification, as
/// JSON and as a table (`tms oracle critical-points`).
public struct CriticalPointReport: Sendable {
    /// One polygon: its analysis, or why it could not be analysed.
    public struct Entry: Sendable {
        public let polygon: PolygonConfiguration
        public let analysis: PolygonAnalysis?
        public let failure: String?
        /// The regular-limit χ of each minimum (and of the kink point), when asked for.
        public let susceptibilities: [RegularLimitSusceptibility]

        public init(polygon: PolygonConfiguration, analysis: PolygonAnalysis?, failure: String?, susceptibilities: [RegularLimitSusceptibility] = []) {
            self.polygon = polygon
            self.analysis = analysis
            self.failure = failure
            self.susceptibilities = susceptibilities
        }
    }

    public let data: DataSpecification
    public let entries: [Entry]
    public let digits: Int

    public init(data: DataSpecification, entries: [Entry], digits: Int) {
        self.data = data
        self.entries = entries
        self.digits = digits
    }

    func text(_ x: BigFloat) -> String { x.decimal(significantDigits: digits) }
    func short(_ x: BigFloat) -> String { x.decimal(significantDigits: 6) }

    // MARK: - JSON

    public func json() -> JSONValue {
        .object([
            ("data", .string(data.name)),
            ("conventions", .string("E = sum_x h_x l_x (total loss), L = E/32 (mean loss); Derivations/Conventions.md")),
            ("precision_note", .string("values computed in MPFR at the stated precision; 'residual' is a certified bound of the live gradient at the printed point")),
            ("polygons", .array(entries.map(entryJSON))),
        ])
    }

    func entryJSON(_ entry: Entry) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("polygon", .string(entry.polygon.name)),
            ("k", .integer(entry.polygon.k)),
            ("live_features", .array(entry.polygon.liveFeatures.map { .integer($0) })),
        ]
        if let failure = entry.failure { pairs.append(("error", .string(failure))) }
        if let a = entry.analysis {
            pairs.append(("precision_bits", .integer(a.precision)))
            pairs.append(("regular_radius", .string(text(a.radius))))
            pairs.append(("first_order_kink_groups", .array(a.kinkGroups.map {
                .string("z[\(InputType.all[$0.input].name), \($0.output)]")
            })))
            pairs.append(("rejected_branches", .integer(a.rejectedBranches)))
            pairs.append(("points", .array(a.points.enumerated().map { pointJSON($0.offset, $0.element) })))
            if let cone = a.kinkCone { pairs.append(("kink_cone", coneJSON(cone))) }
        }
        if !entry.susceptibilities.isEmpty {
            pairs.append(("regular_limit_chi", .array(entry.susceptibilities.map { $0.json(digits: digits) })))
        }
        return .object(pairs)
    }

    func pointJSON(_ index: Int, _ p: CriticalPoint) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("index", .integer(index)),
            ("verdict", .string(p.verdict.name)),
            ("is_critical", .bool(p.verdict.isCritical)),
            ("total_loss", .string(text(p.totalLoss))),
            ("mean_loss", .string(text(p.meanLoss))),
            ("coordinates", .array(p.coordinates.map { .string(text($0)) })),
            ("live_hessian_eigenvalues", .array(p.spectrum.eigenvalues.map { .string(text($0)) })),
            ("inertia", .object([("negative", .integer(p.inertia.negative)), ("zero", .integer(p.inertia.zero)), ("positive", .integer(p.inertia.positive))])),
            ("residual_bound", .string(short(p.residual))),
            ("distance_bound", .string(short(p.distanceBound))),
            ("first_order_margin", p.firstOrderMargin.map { .string(short($0)) } ?? .null),
            ("kinks", .array(p.kinks.map { k in
                .object([("input", .string(k.inputName)), ("output", .integer(k.output)), ("z", .number(k.value)), ("order", .string(k.order.rawValue))])
            })),
            ("branch_count", .integer(p.branchCount)),
            ("multiplicity", .integer(p.multiplicity)),
        ]
        if case .descent(let d) = p.verdict {
            pairs.append(("descent", .object([
                ("order", .integer(d.order)),
                ("rate", .string(text(d.rate))),
                ("location", .string(d.location)),
                ("direction", .array(d.direction.map { .string(short($0)) })),
                ("probe_step", .string(short(d.probeStep))),
                ("probe_loss_difference_upper", .string(d.probeDifference.upper.decimal(significantDigits: 6))),
                ("certified", .bool(d.isCertified)),
                ("explanation", .string(d.explanation)),
            ])))
        }
        if !p.deadFeatures.isEmpty {
            pairs.append(("dead_features", .array(p.deadFeatures.map { d in
                var items: [(String, JSONValue)] = [("feature", .integer(d.feature)), ("minimum_slope", .string(short(d.minimumSlope)))]
                if let c = d.curvatureRange { items.append(("curvature_range", .array([.string(short(c.minimum)), .string(short(c.maximum))]))) }
                if let q = d.minimumQuartic { items.append(("minimum_quartic", .string(short(q)))) }
                if let o = d.order { items.append(("order", .integer(o))) }
                return .object(items)
            })))
        }
        if let l = p.learningCoefficient {
            pairs.append(("learning_coefficient", .object([
                ("value", .string(l.fraction)),
                ("quadratic_directions", .integer(l.quadraticDirections)),
                ("quartic_dead_features", .integer(l.quarticFeatures)),
                ("flat_directions", .integer(l.flatDirections)),
                ("statement", .string("beta -> infinity; Derivations/LearningCoefficients.md")),
            ])))
        }
        return .object(pairs)
    }

    func coneJSON(_ c: KinkConeModel) -> JSONValue {
        let betas: [Double] = [10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12]
        return .object([
            ("model", .string("Gaussian + first-order cone in the kink plane (Derivations/LearningCoefficients.md section 3)")),
            ("model_drop", .number(c.minimumValue)),
            ("exact_drop", .number(c.exactDrop)),
            ("displacement", .number(c.displacement)),
            ("small_beta_coefficient", .number(c.smallBetaCoefficient)),
            ("width_crossover_beta", .number(c.widthCrossover)),
            ("depth_crossover_beta", .number(c.depthCrossover)),
            ("llc_at_beta", .array(betas.map { b in
                .object([("beta", .number(b)), ("llc", .number(c.llc(beta: b))), ("llc_relative_to_kink_point", .number(c.llcRelativeToKinkPoint(beta: b)))])
            })),
        ])
    }

    // MARK: - Table

    public func table() -> String {
        var lines = ["data \(data.label)   (E = Σ h_x ℓ_x total loss, L = E/32; Conventions.md)"]
        for entry in entries {
            lines.append("")
            guard let a = entry.analysis else {
                lines.append("\(entry.polygon.name): \(entry.failure ?? "not analysed")")
                continue
            }
            lines.append("\(entry.polygon.name) (live \(entry.polygon.liveFeatures.map(String.init).joined(separator: ","))): regular radius \(short(a.radius)), "
                + "\(a.kinkGroups.count) first-order kink group(s), \(a.points.count) point(s)")
            for (i, p) in a.points.enumerated() {
                let ev = p.spectrum.eigenvalues.prefix(4).map { short($0) }.joined(separator: ", ")
                let lambda = p.learningCoefficient.map { "λ = \($0.fraction)" } ?? "λ —"
                let margin = p.firstOrderMargin.map { "margin \(short($0))" } ?? ""
                let times = p.multiplicity > 1 ? " (×\(p.multiplicity) relabellings)" : ""
                lines.append("  #\(i) \(p.verdict.name)\(times): L = \(text(p.meanLoss))  E = \(text(p.totalLoss))")
                lines.append("      eigenvalues (live, smallest) \(ev) …   \(lambda)   kinks \(p.kinks.count) \(margin)   |∇E| ≤ \(short(p.residual))")
                if case .descent(let d) = p.verdict { lines.append("      \(d.explanation)\(d.isCertified ? " [certified: E(probe) − E < 0 at step \(short(d.probeStep))]" : "")") }
            }
            if let c = a.kinkCone {
                lines.append("  kink cone: drop \(c.minimumValue) (exact \(c.exactDrop)), displacement \(c.displacement), "
                    + "λ̂ ≈ \(Double(c.quadraticDirections) / 2) − \(c.smallBetaCoefficient)·√β for β ≪ \(c.widthCrossover)")
                for b in [1e2, 1e4, 1e6, 1e8, 1e10] { lines.append("    β = \(b): λ̂ = \(c.llc(beta: b))") }
            }
            for table in entry.susceptibilities { lines.append(contentsOf: table.lines(digits: digits)) }
        }
        return lines.joined(separator: "\n")
    }
}

extension RegularLimitSusceptibility {
    func json(digits: Int) -> JSONValue {
        func table(_ m: [[BigFloat]]) -> JSONValue { .array(m.map { .array($0.map { .string($0.decimal(significantDigits: digits)) }) }) }
        var pairs: [(String, JSONValue)] = [
            ("point", .integer(pointIndex)),
            ("regime", .string(regime)),
            ("observables", .array(observables.map { .string($0.name) })),
            ("inputs", .array(inputs.map { .string(InputType.all[$0].name) })),
            ("chi", table(jacobian)),
            ("chi_mean_preserving", table(meanPreserving)),
        ]
        if let c = nextOrder {
            pairs.append(("chi_next_order", .array(c.map { .array($0.map { $0.map { .string($0.decimal(significantDigits: digits)) } ?? .null }) })))
        }
        if let a = llcCorrection { pairs.append(("llc_next_order", .string(a.decimal(significantDigits: digits)))) }
        return .object(pairs)
    }

    func lines(digits: Int) -> [String] {
        var out = ["  χ⁰ at point #\(pointIndex) (\(regime)); rows \(observables.map(\.name).joined(separator: " ")), one-hot columns:"]
        let columns = inputs.enumerated().filter { InputType.all[$0.element].features.count == 1 }
        for (k, o) in observables.enumerated() {
            let cells = columns.map { $0.offset }.map { jacobian[k][$0].decimal(significantDigits: 6) }
            out.append("    \(o.name.padding(toLength: 9, withPad: " ", startingAt: 0)) " + cells.joined(separator: "  "))
        }
        if let a = llcCorrection { out.append("  λ̂(β) = λ + a/β with a = \(a.decimal(significantDigits: 8))") }
        return out
    }
}
