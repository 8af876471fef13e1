import AnalyticOracle
import TMSEngine

/// Estimates produced elsewhere — χ, LLC and posterior expectations of the
/// frozen square or of the full model — read for `tms audit --from-file` and
/// compared with the oracle (``AuditReferences``). The accepted layouts
/// (records version 2 in CSV or JSON, the version-1 χ records, a χ matrix as
/// `tms sample` writes it) are documented in [Audit.md](../../../Derivations/Audit.md) §4.
public struct AuditInput: Sendable, Equatable {
    /// One estimated number and what it estimates.
    public struct Record: Sendable, Equatable {
        /// The `quantity` column.
        public enum Quantity: String, Sendable, CaseIterable {
            /// `χ_{observable, input}` in ``convention``.
            case chi
            /// The local learning coefficient `λ̂ = β(E_β[E] − E(w*))` (Conventions §4).
            case llc
            /// The posterior expectation `E_β[observable]`.
            case expectation
        }

        public var quantity: Quantity
        public var configuration: AuditConfiguration
        public var data: DataSpecification
        /// β of the total loss (Conventions §3–4).
        public var beta: Double
        /// The observable (χ and expectations; `nil` for the LLC).
        public var observable: AuditObservable?
        /// The input type (χ only).
        public var input: InputType?
        public var convention: Susceptibility.Convention
        public var estimate: Double
        public var standardError: Double?
        /// γ of the localizing prior (Conventions §3).
        public var localization: Double
        /// Free text naming the estimator and its settings; groups records into cases.
        public var estimator: String?

        public init(
            quantity: Quantity, configuration: AuditConfiguration = .frozenSquare, data: DataSpecification = .oneHot,
            beta: Double, observable: AuditObservable? = nil, input: InputType? = nil,
            convention: Susceptibility.Convention = .jacobian, estimate: Double, standardError: Double? = nil,
            localization: Double = 0, estimator: String? = nil
        ) {
            self.quantity = quantity
            self.configuration = configuration
            self.data = data
            self.beta = beta
            self.observable = observable
            self.input = input
            self.convention = convention
            self.estimate = estimate
            self.standardError = standardError
            self.localization = localization
            self.estimator = estimator
        }

        /// A χ record of the frozen square under one-hot data (the version-1 record).
        public init(
            beta: Double, observable: AnalyticOracle.Observable, input: InputType,
            convention: Susceptibility.Convention = .jacobian, estimate: Double, standardError: Double? = nil
        ) {
            self.init(quantity: .chi, beta: beta, observable: .structural(observable), input: input, convention: convention,
                      estimate: estimate, standardError: standardError)
        }

        /// What the record estimates: `chi_mp[dot(0,4),10000]`, `llc`, `E[r^2]`, `E[loss]`.
        public var quantityName: String {
            switch quantity {
            case .chi:
                "\(convention == .jacobian ? "chi" : "chi_mp")[\(observable?.name ?? "?"),\(input?.name ?? "?")]"
            case .llc: "llc"
            case .expectation: "E[\(observable?.name ?? "?")]"
            }
        }

        /// The case the record belongs to: estimator, configuration, data, β and γ (the parts
        /// that are not the defaults of a version-1 file), then the convention of a χ record.
        public var caseLabel: String {
            var parts = ["file"]
            if let estimator, !estimator.isEmpty { parts.append(estimator) }
            if configuration != .frozenSquare { parts.append(configuration.name) }
            if !data.isOneHot { parts.append(data.label) }
            parts.append("β=\(beta.formatted(significantDigits: 6))")
            if localization != 0 { parts.append("γ=\(localization.formatted(significantDigits: 6))") }
            if quantity == .chi { parts.append(convention.rawValue) }
            return parts.joined(separator: " ")
        }

        /// What the record estimates: two records with the same key are duplicates.
        public var key: String {
            "\(configuration.name) \(data.name) β=\(beta) γ=\(localization) [\(estimator ?? "")] \(quantityName)"
        }
    }

    /// Rejects a record that estimates the same quantity as an earlier one (a data error:
    /// which of the two is meant cannot be guessed). `number` is the record's number in the file.
    struct DuplicateCheck {
        var seen: [String: Int] = [:]

        mutating func add(_ record: Record, number: Int, source: String) throws(AuditError) {
            if let first = seen[record.key] {
                throw .malformedRecord(
                    source: source, record: number, field: "*",
                    reason: "duplicates record \(first) (the same quantity, configuration, data, β, localization, estimator, "
                        + "convention, observable and input: \(record.key))")
            }
            seen[record.key] = number
        }
    }

    public var records: [Record]
    /// The number of each record in the file (counted from 1; for CSV, after the header).
    public var recordNumbers: [Int]
    /// The file name used in error messages.
    public var source: String

    public init(records: [Record], recordNumbers: [Int]? = nil, source: String = "input") {
        self.records = records
        self.recordNumbers = recordNumbers ?? records.indices.map { $0 + 1 }
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

    /// The records compared with `references`: one case per ``Record/caseLabel``, in order of
    /// first appearance; records outside the oracle's reach are listed in ``AuditReport/skipped``
    /// with the reason, those with the same reason on one line.
    public func report(references: AuditReferences = .standard) throws -> AuditReport {
        var lookups = [AuditReferenceLookup?](repeating: nil, count: records.count)
        var groups: [AuditConfiguration: [Int]] = [:]
        var configurations: [AuditConfiguration] = []
        for (i, record) in records.enumerated() {
            if groups[record.configuration] == nil { configurations.append(record.configuration) }
            groups[record.configuration, default: []].append(i)
        }
        for configuration in configurations {
            let indices = groups[configuration]!
            let answers = try references.source(for: configuration).references(for: indices.map { records[$0] })
            guard answers.count == indices.count else {
                throw AuditError.malformedFile(source: source, reason: "internal: the \(configuration.name) oracle answered \(answers.count) of \(indices.count) records")
            }
            for (i, answer) in zip(indices, answers) { lookups[i] = answer }
        }
        var order: [String] = []
        var cases: [String: (beta: Double, entries: [AuditEntry])] = [:]
        var reasons: [String] = []
        var skippedNumbers: [String: [Int]] = [:]
        for (i, record) in records.enumerated() {
            switch lookups[i]! {
            case .outsideReach(let reason):
                if skippedNumbers[reason] == nil { reasons.append(reason) }
                skippedNumbers[reason, default: []].append(recordNumbers[i])
            case .reference(let reference):
                let label = record.caseLabel
                if cases[label] == nil { order.append(label); cases[label] = (record.beta, []) }
                cases[label]!.entries.append(AuditEntry(
                    caseLabel: label, quantity: record.quantityName, estimate: record.estimate,
                    standardError: record.standardError, oracle: reference.value, referenceBound: reference.bound))
            }
        }
        let skipped = reasons.map { reason in
            let numbers = skippedNumbers[reason]!
            let list = numbers.count == 1 ? "record \(numbers[0])" : "\(numbers.count) records (\(Self.ranges(numbers)))"
            return "\(source): \(list): \(reason)"
        }
        return AuditReport(
            cases: order.map { AuditReport.CaseResult(label: $0, method: "file", beta: cases[$0]!.beta, entries: cases[$0]!.entries) },
            skipped: skipped)
    }

    /// `1–3, 7, 9–12`.
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var start = numbers[0], end = numbers[0]
        for n in numbers.dropFirst() {
            if n == end + 1 { end = n; continue }
            parts.append(start == end ? "\(start)" : "\(start)–\(end)")
            (start, end) = (n, n)
        }
        parts.append(start == end ? "\(start)" : "\(start)–\(end)")
        return parts.joined(separator: ", ")
    }
}

/// An observable of an audit record: a structural observable or position
/// (Conventions §5), a radial moment `r^k = |W_4|^k` (frozen square), or the
/// mean loss `L(w; h)` (Conventions §2).
public enum AuditObservable: Hashable, Sendable, CustomStringConvertible {
    case structural(AnalyticOracle.Observable)
    /// `r^k`, `k ≥ 1`.
    case radialMoment(Int)
    /// `L(w; h) = E/32`.
    case loss

    /// `dot(0,4)`, `r^2`, `loss`.
    public var name: String {
        switch self {
        case .structural(let o): o.name
        case .radialMoment(let k): "r^\(k)"
        case .loss: "loss"
        }
    }

    public var description: String { name }

    /// The largest `k` of `r^k` accepted.
    public static let maximumMoment = 64

    /// Parses ``name``; the message says what is accepted.
    public init(name: String) throws(AuditError) {
        let text = name.trimmingSpaces
        if text == "loss" { self = .loss; return }
        if text.hasPrefix("r^") {
            guard let k = Int(text.dropFirst(2)), (1...Self.maximumMoment).contains(k) else {
                throw .invalidSetting(name: "observable", value: text, reason: "r^k needs an integer k in 1…\(Self.maximumMoment)")
            }
            self = .radialMoment(k)
            return
        }
        do { self = .structural(try AnalyticOracle.Observable(name: text)) } catch {
            throw .invalidSetting(name: "observable", value: text, reason: "\(error); also r^k and loss for expectations")
        }
    }
}
