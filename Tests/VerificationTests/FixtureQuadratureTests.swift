import AnalyticOracle
import Foundation
import HighPrecision
import TMSEngine
import Testing
@testable import Verification

/// The published fixture files against independent routes, not against their own regeneration
/// (which `FixtureTests` covers): every `Fixtures/*.json` is read and each value whose shape is
/// known is recomputed another way —
///
/// - χ tables (`chi`, `chi_mean_preserving`, `alpha`) and the frozen square's `llc`, `E[H]`,
///   `E[r^k]`: two-dimensional Gauss–Legendre quadrature of the posterior (``PosteriorQuadrature``
///   in Double, 15 digits, the reference model at every node) at every fixture β;
///   the plane normalizer by a radial Gauss–Legendre rule;
/// - k-gon landscapes: the reference model `ReLU(WᵀWx)` at the k-gon plus the dead feature,
///   and the frame sum from the landscape identity `H = (5 − k) + r⁴ − 2r²(1 − g)`;
/// - the taxonomy: gap strings, break counts, sizes and cosines recomputed from the listed
///   members, the members partitioning all 120 arrangements; the norms by a golden-section
///   minimisation of the reference model's one-hot loss over the pentagon's radius.
///
/// Files or cases of unknown shape (e.g. other training data, for which the quadrature has no
/// route yet) are listed in the output as unchecked. Tolerance: `10⁻¹⁰` of each case's largest
/// magnitude (Double quadrature is good to ≈ 10⁻¹³ of it; a wrong 10th digit is ≥ 10⁻¹⁰ of a value).
@Suite struct FixtureQuadratureTests {
    static let tolerance = 1e-10

    struct Tally {
        var checked = 0
        var unchecked: [String] = []
    }

    static func files() throws -> [(name: String, document: JSONValue)] {
        let directory = FixtureTests.fixtures
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
            (name, try JSONValue.parse(String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8), source: name))
        }
    }

    static func number(_ value: JSONValue?) -> Double? { value?.stringValue.flatMap(Double.init) ?? value?.doubleValue }

    /// Whether a file's parameters describe one-hot training data (the quadrature's data).
    static func isOneHot(_ document: JSONValue) -> Bool {
        guard let parameters = document["parameters"]?.objectValue else { return true }
        let described = parameters.filter { ["data", "density"].contains($0.0) }.compactMap { $0.1.stringValue }
        return described.isEmpty || described.contains { $0.contains("one-hot") }
    }

    /// Records an issue if `found` and `expected` differ by more than the tolerance of `scale`.
    static func compare(_ found: Double?, _ expected: Double, scale: Double, _ label: String, into tally: inout Tally) {
        guard let found else { tally.unchecked.append(label); return }
        tally.checked += 1
        #expect((found - expected).magnitude <= tolerance * max(scale, 1e-300), "\(label): file has \(found), independent route \(expected)")
    }

    @Test func fixturesAgreeWithIndependentRoutes() throws {
        var total = Tally()
        var quadratures: [String: PosteriorExpectations<Double>] = [:]
        for (name, document) in try Self.files() {
            // Verified by two routes for every input and data set: checked by FixtureAnyDataTests.
            if name == "\(Fixture.frozenSquareAnyDataName).json" { continue }
            var tally = Tally()
            let cases = document["values"]?["cases"]?.arrayValue ?? []
            for (index, item) in cases.enumerated() {
                let label = "\(name) cases[\(index)]"
                if let betaText = item["beta"]?.stringValue, let beta = Double(betaText), Self.isOneHot(document) {
                    let q = quadratures[betaText] ?? PosteriorQuadrature(beta: beta, digits: 15).expectations()
                    quadratures[betaText] = q
                    try Self.checkChi(item, q, label: label, into: &tally)
                    Self.checkMoments(item, beta: beta, q, label: label, into: &tally)
                } else if item["polygons"] != nil {
                    continue  // critical points: below
                } else if let k = item["k"]?.intValue, let r = Self.number(item["r"]) {
                    try Self.checkLandscape(item, k: k, r: r, label: label, into: &tally)
                } else {
                    tally.unchecked.append(label)
                }
            }
            if let classes = document["values"]?["classes"]?.arrayValue {
                Self.checkTaxonomy(classes, label: name, into: &tally)
            }
            if name == "critical-points.json" {
                tally.unchecked.removeAll()
                try Self.checkCriticalPoints(cases, label: name, into: &tally)
            }
            print("fixture \(name): \(tally.checked) values checked against an independent route"
                  + (tally.unchecked.isEmpty ? "" : "; unchecked: \(tally.unchecked.prefix(5).joined(separator: ", "))\(tally.unchecked.count > 5 ? " … (\(tally.unchecked.count))" : "")"))
            #expect(tally.checked > 0 || !Self.isOneHot(document), "\(name): no value could be checked against an independent route")
            total.checked += tally.checked
            total.unchecked += tally.unchecked
        }
        print("fixtures: \(total.checked) values checked at \(quadratures.count) β values, \(total.unchecked.count) unchecked")
        #expect(quadratures.count >= Fixture.betaGrid.count)
    }

    static func checkChi(_ item: JSONValue, _ q: PosteriorExpectations<Double>, label: String, into tally: inout Tally) throws {
        guard let observables = item["observables"]?.arrayValue?.compactMap(\.stringValue),
              let inputs = item["inputs"]?.arrayValue?.compactMap(\.stringValue) else { return }
        let alpha = -(try q.chi(.dot(0, 4), try InputType(name: "10000")))
        if item["alpha"] != nil { compare(number(item["alpha"]), alpha, scale: alpha, "\(label).alpha", into: &tally) }
        for (key, meanPreserving) in [("chi", false), ("chi_mean_preserving", true)] {
            guard let table = item[key]?.arrayValue else { continue }
            let values = table.map { $0.arrayValue?.map { number($0) } ?? [] }
            let scale = values.joined().compactMap { $0?.magnitude }.max() ?? 1
            for (k, name) in observables.enumerated() {
                let row = try AnalyticOracle.Observable(name: name)
                for (x, inputName) in inputs.enumerated() {
                    let input = try InputType(name: inputName)
                    let where_ = "\(label).\(key)[\(name)][\(inputName)]"
                    guard InputType.oracleInputs.contains(input), k < values.count, x < values[k].count else {
                        tally.unchecked.append(where_)
                        continue
                    }
                    let exact = meanPreserving ? try q.meanPreservingChi(row, input) : try q.chi(row, input)
                    compare(values[k][x], exact, scale: scale, where_, into: &tally)
                }
            }
        }
    }

    static func checkMoments(_ item: JSONValue, beta: Double, _ q: PosteriorExpectations<Double>, label: String, into tally: inout Tally) {
        let rule = PosteriorQuadrature(beta: beta, digits: 15)
        if let moments = item["radial_moments"]?.objectValue {
            for (key, value) in moments {
                guard let k = Int(key.dropFirst(4).dropLast()) else { tally.unchecked.append("\(label).\(key)"); continue }
                let exact = rule.radialMoment(k)
                compare(number(value), exact, scale: exact, "\(label).radial_moments.\(key)", into: &tally)
            }
        }
        // β(E[H] − H(0)) loses log₁₀β digits to cancellation in Double: the LLC is β E[r⁴] by the radial rule instead.
        if item["llc"] != nil { compare(number(item["llc"]), beta * rule.radialMoment(4), scale: 1, "\(label).llc", into: &tally) }
        if item["expected_total_loss"] != nil {
            compare(number(item["expected_total_loss"]), q.expectedTotalLoss, scale: q.expectedTotalLoss, "\(label).expected_total_loss", into: &tally)
        }
        if item["plane_normalizer"] != nil {
            // ∫ e^{−β|w|⁴} dw = 2π β^{−1/2} ∫_0^S s e^{−s⁴} ds (r = β^{−1/4} s), S = 40^{1/4}: tail below e^{−40}.
            let cutoff = Foundation.pow(40.0, 0.25)
            let radial = GaussLegendre<Double>(count: 60, newtonSteps: GaussLegendre<Double>.newtonSteps(forDigits: 16))
                .integrate(0, cutoff) { s in s * Foundation.exp(-s * s * s * s) }
            let exact = 2 * Double.pi * radial / beta.squareRoot()
            compare(number(item["plane_normalizer"]), exact, scale: exact, "\(label).plane_normalizer", into: &tally)
        }
    }

    /// The k-gon case against the reference model: unit k-gon `W_i` at angles `2πi/k` (features
    /// k…3 dead at 0), `W_4 = r(cos θ, sin θ)`, one-hot total loss; `g = 1 − ((5 − k) + r⁴ − H)/(2r²)`.
    static func checkLandscape(_ item: JSONValue, k: Int, r: Double, label: String, into tally: inout Tally) throws {
        let thetas = item["theta_over_2pi"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let losses = item["total_loss"]?.arrayValue ?? [], frames = item["frame_sum"]?.arrayValue ?? []
        for (n, text) in thetas.enumerated() {
            let parts = text.split(separator: "/").compactMap { Double($0) }
            guard parts.count == 2, n < losses.count, n < frames.count else { tally.unchecked.append("\(label)[\(n)]"); continue }
            let theta = 2 * Double.pi * parts[0] / parts[1]
            var columns = (0..<4).map { i -> Vector2<Double> in
                i < k ? Vector2(Foundation.cos(2 * .pi * Double(i) / Double(k)), Foundation.sin(2 * .pi * Double(i) / Double(k))) : Vector2(0, 0)
            }
            columns.append(Vector2(r * Foundation.cos(theta), r * Foundation.sin(theta)))
            let h = ReferenceModel(columns: columns).losses(InputType.oneHot).reduce(0, +)
            let g = 1 - (Double(5 - k) + r * r * r * r - h) / (2 * r * r)
            compare(number(losses[n]), h, scale: max(1, h), "\(label).total_loss[\(n)]", into: &tally)
            compare(number(frames[n]), g, scale: 1 / (r * r), "\(label).frame_sum[\(n)]", into: &tally)
        }
    }

    static func checkTaxonomy(_ classes: [JSONValue], label: String, into tally: inout Tally) {
        var all = Set<[Int]>()
        // The regular pentagon's optimal radius under one-hot data, by golden section on the reference model.
        func loss(_ radius: Double) -> Double {
            let columns = (0..<5).map { p in Vector2(radius * Foundation.cos(2 * .pi * Double(p) / 5), radius * Foundation.sin(2 * .pi * Double(p) / 5)) }
            return ReferenceModel(columns: columns).losses(InputType.oneHot).reduce(0, +)
        }
        var (a, b) = (0.5, 1.5)
        let phi = (5.0.squareRoot() - 1) / 2
        for _ in 0..<80 {
            let c = b - phi * (b - a), d = a + phi * (b - a)
            if loss(c) < loss(d) { b = d } else { a = c }
        }
        let radius = (a + b) / 2
        for (index, item) in classes.enumerated() {
            let where_ = "\(label) classes[\(index)]"
            let members = item["members"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.intValue) ?? [] } ?? []
            let gaps = members.map { f in (0..<5).map { p -> Int in let d = ((f[(p + 1) % 5] - f[p]) % 5 + 5) % 5; return min(d, 5 - d) } }
            let pattern = item["adjacent_gaps"]?.stringValue ?? ""
            tally.checked += 1
            #expect(!members.isEmpty && gaps.allSatisfy { $0.map(String.init).joined() == pattern }, "\(where_): members' gaps \(gaps.prefix(3)) vs \(pattern)")
            #expect(item["breaks"]?.intValue == pattern.filter { $0 == "2" }.count && item["size"]?.intValue == members.count, "\(where_): breaks or size")
            all.formUnion(members)
            // Target cosines of the representative: dot(i,j) = cos(2π·d(pos_i, pos_j)/5), observables in Pentagon pair order.
            if let ring = item["representative_arrangement"]?.arrayValue?.compactMap(\.intValue), ring.count == 5,
               let cosines = item["target_cosines"]?.arrayValue {
                let position = (0..<5).map { f in ring.firstIndex(of: f)! }
                let pairs = (0..<5).flatMap { i in ((i + 1)..<5).map { (i, $0) } }
                for ((i, j), value) in zip(pairs, cosines) {
                    let d = abs(position[i] - position[j])
                    compare(number(value), Foundation.cos(2 * .pi * Double(min(d, 5 - d)) / 5), scale: 1, "\(where_).target_cosines(\(i),\(j))", into: &tally)
                }
            }
            for value in item["target_norms"]?.arrayValue ?? [] {
                // Golden section is good to ~10⁻⁸ in the radius: a looser, stated tolerance.
                tally.checked += 1
                #expect(((number(value) ?? .nan) - radius).magnitude <= 1e-6, "\(where_).target_norms: \(String(describing: number(value))) vs golden-section optimum \(radius)")
            }
        }
        tally.checked += 1
        #expect(all.count == 120 && classes.map { $0["size"]?.intValue ?? 0 }.reduce(0, +) == 120, "\(label): members do not partition the 120 arrangements")
    }

    /// The full model's critical points against the Double engine (`TMSModel`, hand-written loss
    /// and gradient; `InfluenceFunction`'s central-difference Hessian and ridge solve), at every
    /// minimum of every data set in the file:
    ///
    /// - the total loss `E = 32 L` at the listed coordinates (rounded to Double: the change is
    ///   `O(|∇E| u) = 0` at a critical point plus `O(u)` rounding) within `10⁻¹³`;
    /// - the gradient vanishes: `|∇E| ≤ 10⁻¹²` (`|H| ≈ 15` times the coordinates' rounding `u`);
    /// - the Hessian spectrum, without any eigensolver: the trace and the Frobenius norm of the
    ///   engine's Hessian (δ = 10⁻⁷, so the stencil stays on one side of the `11111` kinks 4·10⁻⁶
    ///   away; error ≲ 10⁻⁶) against the sum and the sum of squares of the listed eigenvalues;
    /// - the regular-limit χ against the influence function with ridge 10⁻⁷ (the rotation
    ///   direction is orthogonal to every `∇φ_k` and `∇ℓ_x`; bound as in `CriticalPointEngineTests`).
    static func checkCriticalPoints(_ cases: [JSONValue], label: String, into tally: inout Tally) throws {
        for (c, item) in cases.enumerated() {
            guard let dataName = item["data"]?.stringValue, let polygons = item["polygons"]?.arrayValue else {
                tally.unchecked.append("\(label) cases[\(c)]")
                continue
            }
            let model = try TMSModel(weights: try DataSpecification(parsing: dataName).doubleWeights)
            for polygon in polygons {
                for (n, point) in (polygon["points"]?.arrayValue ?? []).enumerated() where point["verdict"]?.stringValue == "minimum" {
                    let where_ = "\(label) \(dataName) \(polygon["polygon"]?.stringValue ?? "?") point \(n)"
                    let w = point["coordinates"]?.arrayValue?.compactMap { number($0) } ?? []
                    guard w.count == 10, let total = number(point["total_loss"]) else { tally.unchecked.append(where_); continue }
                    let (loss, gradient) = model.lossAndGradient(w)
                    compare(32 * loss, total, scale: 1, "\(where_).total_loss", into: &tally)
                    let gradientNorm = (gradient.map { 32 * $0 * 32 * $0 }.reduce(0, +)).squareRoot()
                    tally.checked += 1
                    #expect(gradientNorm <= 1e-12, "\(where_): engine |∇E| = \(gradientNorm) at the listed minimum")

                    let influence = try InfluenceFunction(potential: model, at: w, observables: .structural(), ridge: 1e-7, step: 1e-7)
                    let eigenvalues = (point["live_hessian_eigenvalues"]?.arrayValue ?? []).map { number($0) ?? 0 }  // "|x| ≤ …" is the rotation's 0
                    let trace = (0..<10).map { influence.hessian[$0 * 11] }.reduce(0, +)
                    let frobenius = influence.hessian.map { $0 * $0 }.reduce(0, +)
                    let scale = eigenvalues.map(\.magnitude).max() ?? 1
                    tally.checked += 2
                    #expect(eigenvalues.count == 10 && abs(eigenvalues.reduce(0, +) - trace) <= 1e-5 * scale,
                            "\(where_): Σ eigenvalues \(eigenvalues.reduce(0, +)) vs the engine Hessian's trace \(trace)")
                    #expect(abs(eigenvalues.map { $0 * $0 }.reduce(0, +) - frobenius) <= 1e-5 * scale * scale,
                            "\(where_): Σ eigenvalues² vs the engine Hessian's ‖H‖²_F \(frobenius)")

                    guard let limit = point["regular_limit"], let chi = limit["chi"]?.arrayValue,
                          let inputs = limit["inputs"]?.arrayValue?.compactMap(\.stringValue) else { continue }
                    let lambdaMin = eigenvalues.filter { $0 > 1e-9 }.min() ?? 1
                    for (k, row) in chi.enumerated() where k < influence.values.count {
                        for (x, value) in (row.arrayValue ?? []).enumerated() where x < inputs.count {
                            // 11111 sits on a kink at the one-hot pentagon (reported there, not a χ⁰ entry).
                            guard let oracle = number(value), let t = TMSModel.typeIndex(named: inputs[x]) else { continue }
                            let bound = 50 * 1e-7 / (lambdaMin * lambdaMin) + 1e-6 * max(1, abs(oracle))
                            tally.checked += 1
                            #expect(abs(influence.values[k][t] - oracle) <= bound,
                                    "\(where_).regular_limit.chi[\(k)][\(inputs[x])]: file \(oracle), influence function \(influence.values[k][t])")
                        }
                    }
                }
            }
        }
    }

    /// The critical-points fixture's regular-limit χ⁰ to full precision by a second route (the
    /// Double influence function above resolves only `10⁻⁶`): the reference model `ReLU(WᵀWx)`
    /// evaluated literally in MPFR (192 bits) at the listed coordinates, with the total loss's
    /// Hessian on the live coordinates by the four-point stencil (step `2⁻⁴⁰`) and `∇ℓ_x`, `∇φ_k`
    /// by central differences (step `2⁻⁶⁰`), then `χ⁰_{k,x} = −∇φ_kᵀ y_x`, `H y_x = ∇ℓ_x` with one
    /// rotation coordinate fixed — where the oracle differentiates the piecewise polynomial
    /// analytically. Errors: the stencils' `δ²|∂⁴E| ≲ 2⁻⁸⁰·10²` and `δ²|∂³ℓ| ≲ 2⁻¹²⁰·10`, rounding
    /// `2⁻¹⁹²/δ² = 2⁻¹¹²`, amplified by H's condition (< 10): below `10⁻²⁰`; tolerance `10⁻¹⁵`
    /// of `max(1, |χ⁰|)`, so a wrong 10th digit fails. A central difference across the one-hot
    /// pentagon's `11111` kink is the mean of the one-sided slopes, the oracle's convention there
    /// (listed as `|x| ≤ r`, i.e. 0).
    @Test func criticalPointChiAgainstTheReferenceModelInMPFR() throws {
        let url = FixtureTests.fixtures.appendingPathComponent("critical-points.json")
        let document = try JSONValue.parse(String(contentsOf: url, encoding: .utf8), source: "critical-points.json")
        var checked = 0
        try BigFloat.withWorkingPrecision(192) {
            for item in document["values"]?["cases"]?.arrayValue ?? [] {
                let dataName = try #require(item["data"]?.stringValue)
                let data = try TrainingData<BigFloat>(try DataSpecification(parsing: dataName), decimal: { try BigFloat(decimal: $0) })
                let weighted = (1..<32).filter { !data.weights[$0].isZero }.map { (InputType.all[$0], data.weights[$0]) }
                for polygon in item["polygons"]?.arrayValue ?? [] {
                    let live = polygon["live_features"]?.arrayValue?.compactMap(\.intValue) ?? []
                    for (n, point) in (polygon["points"]?.arrayValue ?? []).enumerated() where point["verdict"]?.stringValue == "minimum" {
                        guard let limit = point["regular_limit"], let rows = limit["chi"]?.arrayValue else { continue }
                        let label = "\(dataName) \(polygon["polygon"]?.stringValue ?? "?") point \(n)"
                        let w = try (point["coordinates"]?.arrayValue ?? []).map { try BigFloat(decimal: try #require($0.stringValue)) }
                        try #require(w.count == 10 && !live.isEmpty, "\(label): coordinates or live features missing")
                        func shifted(_ v: [BigFloat], _ steps: [(Int, BigFloat)]) -> [BigFloat] {
                            var u = v
                            for (a, d) in steps { u[a] = u[a] + d }
                            return u
                        }
                        func total(_ v: [BigFloat]) -> BigFloat {
                            ReferenceModel(parameters: v, importances: data.importances).totalLoss(weights: weighted)
                        }
                        let g = BigFloat(1).scaled(byPowerOfTwo: -60), d = BigFloat(1).scaled(byPowerOfTwo: -40)
                        func gradient(_ f: ([BigFloat]) -> BigFloat, _ coordinates: [Int]) -> [BigFloat] {
                            coordinates.map { a in (f(shifted(w, [(a, g)])) - f(shifted(w, [(a, -g)]))) / (2 * g) }
                        }
                        // Fix the rotation with the first live feature's coordinate whose partner is larger.
                        let first = live[0]
                        let gauge = w[2 * first].magnitude < w[2 * first + 1].magnitude ? 2 * first : 2 * first + 1
                        let reduced = live.flatMap { [2 * $0, 2 * $0 + 1] }.filter { $0 != gauge }
                        let hessian = reduced.map { a in
                            reduced.map { b in
                                (total(shifted(w, [(a, d), (b, d)])) - total(shifted(w, [(a, d), (b, -d)]))
                                    - total(shifted(w, [(a, -d), (b, d)])) + total(shifted(w, [(a, -d), (b, -d)]))) / (4 * d * d)
                            }
                        }
                        let inputs = try (limit["inputs"]?.arrayValue ?? []).map { try InputType(name: try #require($0.stringValue)) }
                        let sampleGradients = inputs.map { x in
                            gradient({ ReferenceModel(parameters: $0, importances: data.importances).loss(x) }, reduced)
                        }
                        let y = try DenseLinearSystem.solve(hessian, reduced.indices.map { i in sampleGradients.map { $0[i] } })
                        let observables = try (limit["observables"]?.arrayValue ?? []).map { try Observable(name: try #require($0.stringValue)) }
                        for (k, observable) in observables.enumerated() {
                            let gradientPhi = gradient({ observable.value(parameters: $0) }, reduced)
                            for (x, value) in (rows[k].arrayValue ?? []).enumerated() {
                                let text = try #require(value.stringValue)
                                let listed = try text.hasPrefix("|x| ≤") ? BigFloat(0) : BigFloat(decimal: text)
                                var chi = BigFloat(0)
                                for i in reduced.indices { chi = chi - gradientPhi[i] * y[i][x] }
                                let bound = BigFloat(1e-15) * BigFloat.max(BigFloat(1), listed.magnitude)
                                checked += 1
                                #expect(!(bound < (chi - listed).magnitude),
                                        "\(label) χ⁰[\(observable.name)][\(inputs[x].name)]: file \(text), reference model \(chi.decimal(significantDigits: 20))")
                            }
                        }
                    }
                }
            }
        }
        #expect(checked >= 3 * 15 * 32, "only \(checked) χ⁰ entries checked")
    }
}
