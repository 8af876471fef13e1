import Foundation

/// The three output formats of `tms audit` (`--format table|json|csv`);
/// the JSON and CSV columns are documented in [Audit.md](../../../Derivations/Audit.md).
extension AuditReport {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    /// The report in `format`, judged by `gate` (``verdict(_:)``).
    public func formatted(_ format: Format, gate: AuditGate) -> String {
        switch format {
        case .table: table(gate: gate)
        case .json: json(gate: gate).serialized()
        case .csv: csv()
        }
    }

    /// The report in `format` with the gate `|z| ≤ maxZ`.
    public func formatted(_ format: Format, maxZ: Double) -> String { formatted(format, gate: AuditGate(maxZ: maxZ)) }

    // MARK: JSON

    /// `{ "max_z", "min_coverage", "passed", "failures", "coverage_test", "skipped", "summary", "by_method",
    /// "cases": [{ …, "summary", "entries": [...] }] }`.
    public func json(gate: AuditGate) -> JSONValue {
        let verdict = verdict(gate)
        return .object([
            ("max_z", .number(gate.maxZ)),
            ("min_coverage", gate.minimumCoverage.map { .number($0) } ?? .null),
            ("passed", .bool(verdict.passed)),
            ("failures", .strings(verdict.failures)),
            ("coverage_test", verdict.coverageTest.map(\.json) ?? .null),
            ("skipped", .strings(skipped)),
            ("notes", .strings(notes)),
            ("summary", summary.json),
            ("by_method", .object(summariesByMethod.map { ($0.method, $0.summary.json) })),
            ("cases", .array(cases.map(\.json))),
        ])
    }

    /// ``json(gate:)`` with the gate `|z| ≤ maxZ`.
    public func json(maxZ: Double) -> JSONValue { json(gate: AuditGate(maxZ: maxZ)) }

    // MARK: CSV

    static let csvHeader = [
        "case", "method", "beta", "step_size", "quantity", "estimate", "oracle", "bias", "standard_error", "z", "covered",
        "reference_bound", "z_beyond_bound",
    ]

    /// One line per entry, with the header `csvHeader`.
    public func csv() -> String {
        var lines = [CSVTable.line(AuditReport.csvHeader)]
        for item in cases {
            for entry in item.entries {
                lines.append(CSVTable.line([
                    item.label, item.method, "\(item.beta)", item.stepSize.map { "\($0)" } ?? "",
                    entry.quantity, "\(entry.estimate)", "\(entry.oracle)", "\(entry.bias)",
                    entry.standardError.map { "\($0)" } ?? "", entry.z.map { "\($0)" } ?? "",
                    entry.covered.map { $0 ? "1" : "0" } ?? "", "\(entry.referenceBound)", entry.gateZ.map { "\($0)" } ?? "",
                ]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Table

    /// ``table(gate:)`` with the gate `|z| ≤ maxZ`.
    public func table(maxZ: Double) -> String { table(gate: AuditGate(maxZ: maxZ)) }

    /// A human-readable table: per case a header line with coverage and max |z|, then every
    /// entry with a positive standard error or a nonzero bias (exact agreements are counted, not listed),
    /// the skipped records, and the verdict of `gate`.
    public func table(gate: AuditGate) -> String {
        let maxZ = gate.maxZ
        func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
        func left(_ s: String, _ width: Int) -> String { s.count >= width ? s : String(repeating: " ", count: width - s.count) + s }
        func number(_ x: Double?) -> String {
            guard let x else { return "—" }
            return x.isFinite ? String(format: "%.5g", x) : (x > 0 ? "inf" : "-inf")
        }
        var out: [String] = notes.map { "note: \($0)" }
        if !notes.isEmpty { out.append("") }
        for item in cases {
            let s = item.summary
            var header = "== \(item.label)"
            if let chains = item.chains, let draws = item.draws { header += "  chains=\(chains) draws=\(draws)" }
            if let a = item.acceptanceRate { header += String(format: "  acceptance=%.3f", a) }
            out.append(header)
            out.append("   coverage(95%) = \(s.coverageText)   max|z| = \(number(s.maxAbsZ))" + (s.worst.map { " (\($0.quantity))" } ?? ""))
            for warning in item.warnings { out.append("   warning: \(warning)") }
            // Asymptotic references add two columns: the bound and z beyond it (what the gate judges).
            let bounded = item.entries.contains { $0.referenceBound > 0 }
            out.append("   " + pad("quantity", 28) + left("estimate", 13) + left("oracle", 13) + left("bias", 13) + left("SE", 13) + left("z", 12)
                + (bounded ? left("bound", 12) + left("z beyond", 12) : ""))
            var omitted = 0
            for e in item.entries {
                if e.standardError == 0, e.z == 0 { omitted += 1; continue }
                let flag = (e.gateZ?.magnitude ?? 0) > maxZ ? "  <-- |z| > \(number(maxZ))" + (bounded ? " beyond the bound" : "") : ""
                out.append("   " + pad(e.quantity, 28) + left(number(e.estimate), 13) + left(number(e.oracle), 13)
                    + left(number(e.bias), 13) + left(number(e.standardError), 13) + left(number(e.z), 12)
                    + (bounded ? left(number(e.referenceBound), 12) + left(number(e.gateZ), 12) : "") + flag)
            }
            if omitted > 0 { out.append("   (\(omitted) entries constant on the posterior: estimate = oracle exactly, SE = 0)") }
            out.append("")
        }
        let s = summary
        for line in skipped { out.append("skipped: \(line)") }
        out.append("overall: \(cases.count) cases, \(entries.count) entries, coverage(95%) = \(s.coverageText), max|z| = \(number(s.maxAbsZ))"
            + (s.worst.map { " (\($0.caseLabel): \($0.quantity))" } ?? ""))
        if summariesByMethod.count > 1 {
            for (method, s) in summariesByMethod {
                out.append("  \(method): coverage(95%) = \(s.coverageText), max|z| = \(number(s.maxAbsZ))")
            }
        }
        let verdict = verdict(gate)
        if let test = verdict.coverageTest {
            out.append(String(
                format: "coverage test: %d/%d covered against a minimum of %g, one-sided binomial p-value %.3g (fails below %g)",
                test.covered, test.count, test.minimumCoverage, test.pValue, test.significance))
        }
        if verdict.passed {
            out.append("PASS: no |z| above \(number(maxZ))" + (gate.minimumCoverage.map { ", coverage not significantly below \($0)" } ?? ""))
        } else {
            out.append("FAIL: " + verdict.failures.joined(separator: "; "))
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension AuditReport.Summary {
    var coverageText: String {
        guard let coverage else { return "—" }
        return String(format: "%.3f (%d/%d)", coverage, coveredCount, statisticalCount)
    }

    var json: JSONValue {
        .object([
            ("coverage_95", coverage.map { .number($0) } ?? .null),
            ("covered", .integer(coveredCount)),
            ("statistical_entries", .integer(statisticalCount)),
            ("exact_entries", .integer(exactCount)),
            ("entries_without_standard_error", .integer(unratedCount)),
            ("max_abs_z", maxAbsZ.map(JSONValue.real) ?? .null),
            ("worst", worst.map { .string("\($0.caseLabel): \($0.quantity)") } ?? .null),
        ])
    }
}

extension AuditVerdict.CoverageTest {
    var json: JSONValue {
        .object([
            ("minimum_coverage", .number(minimumCoverage)),
            ("significance", .number(significance)),
            ("entries", .integer(count)),
            ("covered", .integer(covered)),
            ("p_value", .real(pValue)),
            ("passed", .bool(passed)),
        ])
    }
}

extension AuditReport.CaseResult {
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("label", .string(label)), ("method", .string(method)), ("beta", .number(beta))]
        if let stepSize { pairs.append(("step_size", .number(stepSize))) }
        if let chains { pairs.append(("chains", .integer(chains))) }
        if let draws { pairs.append(("draws", .integer(draws))) }
        if let seed { pairs.append(("seed", .string(String(seed)))) }
        if let acceptanceRate { pairs.append(("acceptance_rate", .number(acceptanceRate))) }
        if !warnings.isEmpty { pairs.append(("warnings", .strings(warnings))) }
        pairs.append(("summary", summary.json))
        pairs.append(("entries", .array(entries.map(\.json))))
        return .object(pairs)
    }
}

extension AuditEntry {
    var json: JSONValue {
        .object([
            ("quantity", .string(quantity)),
            ("estimate", .real(estimate)),
            ("oracle", .real(oracle)),
            ("bias", .real(bias)),
            ("standard_error", standardError.map(JSONValue.real) ?? .null),
            ("z", z.map(JSONValue.real) ?? .null),
            ("covered", covered.map(JSONValue.bool) ?? .null),
            ("reference_bound", .real(referenceBound)),
            ("z_beyond_bound", gateZ.map(JSONValue.real) ?? .null),
        ])
    }
}

extension JSONValue {
    /// A Double as a JSON number, or `"inf"`, `"-inf"`, `"nan"` (JSON has no non-finite numbers).
    static func real(_ x: Double) -> JSONValue {
        if x.isFinite { return .number(x) }
        return .string(x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
    }
}
