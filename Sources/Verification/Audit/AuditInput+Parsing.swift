import AnalyticOracle
import TMSEngine

// MARK: - Fields

extension AuditInput {
    /// The text fields of one record (shared by the JSON and CSV readers); `nil` when the
    /// column or key is absent.
    struct Fields {
        var quantity: String?
        var config: String?
        var data: String?
        var beta: String?
        var observable: String?
        var input: String?
        var convention: String?
        var estimate: String?
        var standardError: String?
        var localization: String?
        var estimator: String?
    }

    /// Converts one record's fields (Audit.md §4: every column, its default and what is allowed).
    static func record(_ f: Fields, source: String, index: Int) throws(AuditError) -> Record {
        func fail(_ field: String, _ reason: String) -> AuditError {
            .malformedRecord(source: source, record: index, field: field, reason: reason)
        }
        func present(_ text: String?) -> String? {
            guard let t = text?.trimmingSpaces, !t.isEmpty else { return nil }
            return t
        }
        let quantity: Record.Quantity
        if let text = present(f.quantity) {
            guard let q = Record.Quantity(rawValue: text.lowercased()) else {
                throw fail("quantity", "\"\(text)\" is not chi, llc or expectation")
            }
            quantity = q
        } else {
            quantity = .chi
        }
        var configuration = AuditConfiguration.frozenSquare
        if let text = present(f.config) {
            guard let c = AuditConfiguration(name: text) else {
                throw fail("config", "\"\(text)\" is not a configuration of the oracle (\(AuditConfiguration.knownNames))")
            }
            configuration = c
        }
        var data = DataSpecification.oneHot
        if let text = present(f.data) {
            do { data = try DataSpecification(parsing: text) } catch { throw fail("data", "\(error)") }
        }
        guard let betaText = present(f.beta) else { throw fail("beta", "missing") }
        guard let betaValue = Double(betaText), betaValue.isFinite, betaValue > 0 else {
            throw fail("beta", "\"\(betaText)\" is not a finite positive number")
        }
        var observable: AuditObservable? = nil
        switch (quantity, present(f.observable)) {
        case (.llc, let text?): throw fail("observable", "an llc record has no observable, got \"\(text)\"")
        case (.llc, nil): break
        case (_, nil): throw fail("observable", "missing (a \(quantity.rawValue) record names its observable)")
        case (_, let text?):
            do { observable = try AuditObservable(name: text) } catch { throw fail("observable", "\(error)") }
            if quantity == .chi, case .structural = observable {} else if quantity == .chi {
                throw fail("observable", "\"\(text)\" is not a χ row: dot(i,j), norm(i), pos(i,x), pos(i,y)")
            }
        }
        var input: InputType? = nil
        switch (quantity, present(f.input)) {
        case (.chi, nil): throw fail("input", "missing (a chi record names its input type, e.g. 10000)")
        case (.chi, let text?):
            do { input = try InputType(name: text) } catch { throw fail("input", "\(error)") }
        case (_, let text?): throw fail("input", "only chi records have an input, got \"\(text)\" in a \(quantity.rawValue) record")
        case (_, nil): break
        }
        var convention = Susceptibility.Convention.jacobian
        if quantity == .chi {
            switch present(f.convention)?.lowercased() {
            case nil, "jacobian": convention = .jacobian
            case "mean-preserving", "meanpreserving", "mean_preserving", "mp": convention = .meanPreserving
            case let other?: throw fail("convention", "\"\(other)\" is neither jacobian nor mean-preserving")
            }
        }
        guard let estimateText = present(f.estimate) else { throw fail("estimate", "missing") }
        guard let value = Double(estimateText), value.isFinite else { throw fail("estimate", "\"\(estimateText)\" is not a finite number") }
        var se: Double? = nil
        if let text = present(f.standardError) {
            guard let v = Double(text), v.isFinite, v >= 0 else { throw fail("standard_error", "\"\(text)\" is not a finite non-negative number") }
            se = v
        }
        var gamma = 0.0
        if let text = present(f.localization) {
            guard let v = Double(text), v.isFinite, v >= 0 else { throw fail("localization", "\"\(text)\" is not a finite non-negative number") }
            gamma = v
        }
        return Record(
            quantity: quantity, configuration: configuration, data: data, beta: betaValue, observable: observable, input: input,
            convention: convention, estimate: value, standardError: se, localization: gamma, estimator: present(f.estimator))
    }
}

// MARK: - CSV and JSON

extension AuditInput {
    /// The CSV layout: a header naming the columns, in any order: `beta` and `estimate`
    /// (required), `quantity`, `config`, `data`, `observable`, `input`, `convention`,
    /// `standard_error` (or `se`), `localization`, `estimator`. Unknown columns are ignored.
    init(csv table: CSVTable, source: String) throws(AuditError) {
        let names = table.header.map { $0.lowercased() }
        func column(_ candidates: String...) -> Int? { names.firstIndex { candidates.contains($0) } }
        for required in ["beta", "estimate"] where column(required) == nil {
            throw .malformedFile(source: source, reason: "the CSV header \(table.header) has no column \"\(required)\"")
        }
        // A version-1 file (no quantity column) needs observable and input.
        if column("quantity") == nil {
            for required in ["observable", "input"] where column(required) == nil {
                throw .malformedFile(source: source, reason: "the CSV header \(table.header) has no column \"\(required)\"")
            }
        }
        let columns = (
            quantity: column("quantity"), config: column("config", "configuration"), data: column("data"), beta: column("beta")!,
            observable: column("observable"), input: column("input"), convention: column("convention"), estimate: column("estimate")!,
            se: column("standard_error", "se", "standarderror"), localization: column("localization"), estimator: column("estimator"))
        var records: [Record] = []
        var duplicates = DuplicateCheck()
        for (i, fields) in table.records.enumerated() {
            func value(_ c: Int?) -> String? { c.map { fields[$0] } }
            records.append(try AuditInput.record(Fields(
                quantity: value(columns.quantity), config: value(columns.config), data: value(columns.data),
                beta: fields[columns.beta], observable: value(columns.observable), input: value(columns.input),
                convention: value(columns.convention), estimate: fields[columns.estimate], standardError: value(columns.se),
                localization: value(columns.localization), estimator: value(columns.estimator)), source: source, index: i + 1))
            try duplicates.add(records[records.count - 1], number: i + 1, source: source)
        }
        guard !records.isEmpty else { throw .malformedFile(source: source, reason: "no records after the header") }
        self.init(records: records, source: source)
    }

    /// The JSON layouts: an array of records, `{"records": [records]}` or `{"estimates": [records]}`
    /// (each record an object with the CSV's column names as keys), or a χ matrix
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
        if let array = json.arrayValue ?? json["records"]?.arrayValue ?? json["estimates"]?.arrayValue {
            var records: [Record] = []
            var duplicates = DuplicateCheck()
            for (i, item) in array.enumerated() {
                guard item.objectValue != nil else {
                    throw .malformedRecord(source: source, record: i + 1, field: "*", reason: "is not an object")
                }
                records.append(try AuditInput.record(Fields(
                    quantity: text(item["quantity"]), config: text(item["config"] ?? item["configuration"]), data: text(item["data"]),
                    beta: text(item["beta"]), observable: text(item["observable"]), input: text(item["input"]),
                    convention: text(item["convention"]), estimate: text(item["estimate"]),
                    standardError: text(item["standard_error"] ?? item["standardError"] ?? item["se"]),
                    localization: text(item["localization"]), estimator: text(item["estimator"])), source: source, index: i + 1))
                try duplicates.add(records[records.count - 1], number: i + 1, source: source)
            }
            guard !records.isEmpty else { throw .malformedFile(source: source, reason: "no records") }
            self.init(records: records, source: source)
            return
        }
        guard json.objectValue != nil else {
            throw .malformedFile(source: source, reason: "expected an array of records, {\"records\": […]}, or a χ matrix")
        }
        let matrices = [json["rows"] != nil ? json : nil, json["chi"], json["chiMeanPreserving"] ?? json["chi_mean_preserving"]].compactMap { $0 }
        guard !matrices.isEmpty else {
            throw .malformedFile(source: source, reason: "no \"records\" or \"estimates\" array, no \"rows\"/\"values\" matrix and no \"chi\" object")
        }
        var records: [Record] = []
        var numbers: [Int] = []
        var duplicates = DuplicateCheck()
        var index = 0
        for matrix in matrices {
            let beta = text(matrix["beta"] ?? json["beta"])
            let convention = text(matrix["convention"] ?? json["convention"])
            let data = text(matrix["data"] ?? json["data"])
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
                    records.append(try AuditInput.record(Fields(
                        data: data, beta: beta, observable: text(row), input: text(column), convention: convention,
                        estimate: text(line[x]), standardError: text(errorLine?[x])), source: source, index: index))
                    numbers.append(index)
                    try duplicates.add(records[records.count - 1], number: index, source: source)
                }
            }
        }
        self.init(records: records, recordNumbers: numbers, source: source)
    }
}
