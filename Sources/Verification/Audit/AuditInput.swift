import AnalyticOracle
import TMSEngine

/// χ estimates produced elsewhere, read for `tms audit --from-file` and
/// compared with the frozen-square oracle (``FrozenSquare``). The accepted
/// layouts (flat records in JSON or CSV, or a χ matrix as `tms sample` writes
/// it) are documented in [Audit.md](../../../Derivations/Audit.md) §4.
public struct AuditInput: Sendable, Equatable {
    /// One χ entry: `χ_{observable, input}` at `beta`, in `convention`.
    public struct Record: Sendable, Equatable {
        public var beta: Double
        public var observable: AnalyticOracle.Observable
        public var input: InputType
        public var convention: Susceptibility.Convention
        public var estimate: Double
        public var standardError: Double?

        public init(
            beta: Double, observable: AnalyticOracle.Observable, input: InputType,
            convention: Susceptibility.Convention = .jacobian, estimate: Double, standardError: Double? = nil
        ) {
            self.beta = beta
            self.observable = observable
            self.input = input
            self.convention = convention
            self.estimate = estimate
            self.standardError = standardError
        }

        /// What the record estimates: two records with the same key are duplicates.
        public var key: String { "β=\(beta) \(convention.rawValue) \(observable.name) \(input.name)" }
    }

    /// Rejects a record that estimates the same quantity as an earlier one (a data error:
    /// which of the two is meant cannot be guessed). `number` is the record's number in the file.
    struct DuplicateCheck {
        var seen: [String: Int] = [:]

        mutating func add(_ record: Record, number: Int, source: String) throws(AuditError) {
            if let first = seen[record.key] {
                throw .malformedRecord(
                    source: source, record: number, field: "*",
                    reason: "duplicates record \(first) (the same β, convention, observable and input: \(record.key))")
            }
            seen[record.key] = number
        }
    }

    public var records: [Record]
    /// Matrix columns the oracle does not cover (inputs with feature 4 and another feature), skipped.
    public var skippedColumns: [String]
    /// The file name used in error messages.
    public var source: String

    public init(records: [Record], skippedColumns: [String] = [], source: String = "input") {
        self.records = records
        self.skippedColumns = skippedColumns
        self.source = source
    }

    /// Reads JSON (if the first non-blank character is `{` or `[`) or CSV.
    public init(parsing text: String, source: String) throws(AuditError) {
        let first = text.unicodeScalars.first { !" \t\r\n".unicodeScalars.contains($0) }
        if first == "{" || first == "[" {
            let json: JSONValue
            do { json = try JSONValue.parse(text, source: source) } catch {
                throw .malformedFile(source: source, reason: "\(error)")
            }
            self = try AuditInput(json: json, source: source)
        } else {
            self = try AuditInput(csv: try CSVTable(parsing: text, source: source), source: source)
        }
    }

    /// The records compared with the oracle: one case per (β, convention), in order of first appearance.
    public func report() throws(AuditError) -> AuditReport {
        var order: [String] = []
        var groups: [String: [AuditEntry]] = [:]
        var betas: [String: Double] = [:]
        for (i, record) in records.enumerated() {
            let square = try FrozenSquare(beta: record.beta)
            let oracle: Double
            do { oracle = try square.chi(record.observable, record.input, convention: record.convention) } catch {
                throw .malformedRecord(source: source, record: i + 1, field: "input", reason: "\(error)")
            }
            let label = "file β=\(record.beta.formatted(significantDigits: 6)) \(record.convention.rawValue)"
            if groups[label] == nil { order.append(label); betas[label] = record.beta }
            let prefix = record.convention == .jacobian ? "chi" : "chi_mp"
            groups[label, default: []].append(AuditEntry(
                caseLabel: label, quantity: "\(prefix)[\(record.observable.name),\(record.input.name)]",
                estimate: record.estimate, standardError: record.standardError, oracle: oracle))
        }
        return AuditReport(
            cases: order.map { AuditReport.CaseResult(label: $0, method: "file", beta: betas[$0]!, entries: groups[$0]!) },
            skipped: skippedColumns.map { "\(source): column \($0): no closed form for an input with feature 4 and another feature" })
    }
}

// MARK: - Fields

extension AuditInput {
    /// Converts the text fields of one record (shared by the JSON and CSV readers).
    static func record(
        beta: String?, observable: String?, input: String?, convention: String?, estimate: String?, standardError: String?,
        source: String, index: Int
    ) throws(AuditError) -> Record {
        func fail(_ field: String, _ reason: String) -> AuditError {
            .malformedRecord(source: source, record: index, field: field, reason: reason)
        }
        guard let betaText = beta, !betaText.isEmpty else { throw fail("beta", "missing") }
        guard let betaValue = Double(betaText), betaValue.isFinite, betaValue > 0 else {
            throw fail("beta", "\"\(betaText)\" is not a finite positive number")
        }
        guard let observableText = observable, !observableText.isEmpty else { throw fail("observable", "missing") }
        let row: AnalyticOracle.Observable
        do { row = try AnalyticOracle.Observable(name: observableText) } catch { throw fail("observable", "\(error)") }
        guard let inputText = input, !inputText.isEmpty else { throw fail("input", "missing") }
        let type: InputType
        do { type = try InputType(name: inputText) } catch { throw fail("input", "\(error)") }
        guard type.features.count <= 1 || !type.contains(4) else {
            throw fail("input", "no closed form for \"\(inputText)\": the oracle covers the inputs without feature 4 and 00001")
        }
        let chosen: Susceptibility.Convention
        switch convention?.lowercased() {
        case nil, "", "jacobian": chosen = .jacobian
        case "mean-preserving", "meanpreserving", "mean_preserving", "mp": chosen = .meanPreserving
        case let other?: throw fail("convention", "\"\(other)\" is neither jacobian nor mean-preserving")
        }
        guard let estimateText = estimate, !estimateText.isEmpty else { throw fail("estimate", "missing") }
        guard let value = Double(estimateText), value.isFinite else { throw fail("estimate", "\"\(estimateText)\" is not a finite number") }
        var se: Double? = nil
        if let text = standardError, !text.isEmpty {
            guard let v = Double(text), v.isFinite, v >= 0 else { throw fail("standard_error", "\"\(text)\" is not a finite non-negative number") }
            se = v
        }
        return Record(beta: betaValue, observable: row, input: type, convention: chosen, estimate: value, standardError: se)
    }

    /// The CSV layout: a header naming the columns `beta, observable, input, estimate` and
    /// optionally `standard_error` (or `se`) and `convention`, in any order.
    init(csv table: CSVTable, source: String) throws(AuditError) {
        let names = table.header.map { $0.lowercased() }
        func column(_ candidates: String...) -> Int? { names.firstIndex { candidates.contains($0) } }
        for required in ["beta", "observable", "input", "estimate"] where column(required) == nil {
            throw .malformedFile(source: source, reason: "the CSV header \(table.header) has no column \"\(required)\"")
        }
        let se = column("standard_error", "se", "standarderror")
        let convention = column("convention")
        var records: [Record] = []
        var duplicates = DuplicateCheck()
        for (i, fields) in table.records.enumerated() {
            records.append(try AuditInput.record(
                beta: fields[column("beta")!], observable: fields[column("observable")!], input: fields[column("input")!],
                convention: convention.map { fields[$0] }, estimate: fields[column("estimate")!],
                standardError: se.map { fields[$0] }, source: source, index: i + 1))
            try duplicates.add(records[records.count - 1], number: i + 1, source: source)
        }
        guard !records.isEmpty else { throw .malformedFile(source: source, reason: "no records after the header") }
        self.init(records: records, source: source)
    }

    /// The JSON layouts: an array of records, `{"estimates": [records]}`, or a χ matrix
    /// `{"beta", "convention"?, "rows", "columns", "values", "standard_errors"?}` (also nested
    /// as `"chi"`/`"chiMeanPreserving"` next to `"beta"`, as `tms sample` writes it).
    init(json: JSONValue, source: String) throws(AuditError) {
        func text(_ value: JSONValue?) -> String? {
            switch value {
            case let .string(s)?: s
            case let .number(d)?: "\(d)"
            case let .integer(i)?: "\(i)"
            default: nil
            }
        }
        if let array = json.arrayValue ?? json["estimates"]?.arrayValue {
            var records: [Record] = []
            var duplicates = DuplicateCheck()
            for (i, item) in array.enumerated() {
                guard item.objectValue != nil else {
                    throw .malformedRecord(source: source, record: i + 1, field: "*", reason: "is not an object")
                }
                records.append(try AuditInput.record(
                    beta: text(item["beta"]), observable: text(item["observable"]), input: text(item["input"]),
                    convention: text(item["convention"]), estimate: text(item["estimate"]),
                    standardError: text(item["standard_error"] ?? item["standardError"] ?? item["se"]), source: source, index: i + 1))
                try duplicates.add(records[records.count - 1], number: i + 1, source: source)
            }
            guard !records.isEmpty else { throw .malformedFile(source: source, reason: "no records") }
            self.init(records: records, source: source)
            return
        }
        guard json.objectValue != nil else {
            throw .malformedFile(source: source, reason: "expected an array of records, {\"estimates\": […]}, or a χ matrix")
        }
        let matrices = [json["rows"] != nil ? json : nil, json["chi"], json["chiMeanPreserving"] ?? json["chi_mean_preserving"]].compactMap { $0 }
        guard !matrices.isEmpty else {
            throw .malformedFile(source: source, reason: "no \"estimates\" array, no \"rows\"/\"values\" matrix and no \"chi\" object")
        }
        var records: [Record] = []
        var skipped: [String] = []
        var duplicates = DuplicateCheck()
        var index = 0
        for matrix in matrices {
            let beta = text(matrix["beta"] ?? json["beta"])
            let convention = text(matrix["convention"] ?? json["convention"])
            guard let rows = matrix["rows"]?.arrayValue, let columns = matrix["columns"]?.arrayValue,
                  let values = matrix["values"]?.arrayValue
            else { throw .malformedFile(source: source, reason: "a χ matrix needs \"rows\", \"columns\" and \"values\"") }
            let errors = (matrix["standard_errors"] ?? matrix["standardErrors"])?.arrayValue
            guard values.count == rows.count, errors == nil || errors!.count == rows.count else {
                throw .malformedFile(source: source, reason: "\"values\" has \(values.count) rows, \"rows\" names \(rows.count)")
            }
            for (k, row) in rows.enumerated() {
                guard let line = values[k].arrayValue, line.count == columns.count else {
                    throw .malformedFile(source: source, reason: "row \(k) of \"values\" does not have \(columns.count) entries")
                }
                let errorLine = errors?[k].arrayValue
                if let errorLine, errorLine.count != columns.count {
                    throw .malformedFile(source: source, reason: "row \(k) of the standard errors does not have \(columns.count) entries")
                }
                for (x, column) in columns.enumerated() {
                    index += 1
                    if let name = column.stringValue, let type = try? InputType(name: name), type.contains(4), type.features.count > 1 {
                        if k == 0, !skipped.contains(name) { skipped.append(name) }
                        continue
                    }
                    records.append(try AuditInput.record(
                        beta: beta, observable: text(row), input: text(column), convention: convention,
                        estimate: text(line[x]), standardError: text(errorLine?[x]), source: source, index: index))
                    try duplicates.add(records[records.count - 1], number: index, source: source)
                }
            }
        }
        self.init(records: records, skippedColumns: skipped, source: source)
    }
}
