/// Bad input to the audit: each case names the rejected value and where it was found.
public enum AuditError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A grid setting that is out of range (β ≤ 0, ε ≤ 0, no chains, …).
    case invalidSetting(name: String, value: String, reason: String)
    /// A file that is neither JSON nor CSV in the documented layout.
    case malformedFile(source: String, reason: String)
    /// A record of an input file with a bad field: `record` counts from 1
    /// (for CSV, record 1 is the first line after the header).
    case malformedRecord(source: String, record: Int, field: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, reason):
            "audit setting \(name) = \(value) is invalid: \(reason)"
        case let .malformedFile(source, reason):
            "\(source): \(reason) (the layout is documented in Derivations/Audit.md)"
        case let .malformedRecord(source, record, field, reason):
            "\(source): record \(record), field \"\(field)\": \(reason)"
        }
    }
}
