import Foundation

/// A small RFC 4180 reader and writer: comma-separated fields, double-quoted
/// fields may contain commas, line breaks and doubled quotes (`""`). Observable
/// names such as `dot(0,4)` contain commas, so they are quoted.
public struct CSVTable: Sendable, Equatable {
    /// The first record, trimmed of surrounding spaces.
    public var header: [String]
    /// The other records (blank lines skipped), each with as many fields as the header.
    public var records: [[String]]

    /// Parses `text`; lines starting with `#` are comments.
    ///
    /// - Throws: ``AuditError/malformedFile(source:reason:)`` for an unterminated quote, an empty
    ///   file, or ``AuditError/malformedRecord(source:record:field:reason:)`` for a record whose
    ///   field count differs from the header's.
    public init(parsing text: String, source: String) throws(AuditError) {
        var rows: [[String]] = []
        var field = ""
        var row: [String] = []
        var quoted = false
        var fieldWasQuoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endField() {
            row.append(fieldWasQuoted ? field : field.trimmingSpaces)
            field = ""
            fieldWasQuoted = false
        }
        func endRow() {
            endField()
            let isBlank = row.count == 1 && row[0].isEmpty
            let isComment = row.first?.hasPrefix("#") == true
            if !isBlank && !isComment { rows.append(row) }
            row = []
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = d }
                    } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.trimmingSpaces.isEmpty:
                field = ""
                quoted = true
                fieldWasQuoted = true
            case ",": endField()
            case "\r": break
            case "\n": endRow()
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted { throw .malformedFile(source: source, reason: "a quoted field is not closed") }
        if !field.isEmpty || !row.isEmpty { endRow() }
        guard let header = rows.first else { throw .malformedFile(source: source, reason: "the file is empty") }
        self.header = header
        self.records = Array(rows.dropFirst())
        for (i, record) in records.enumerated() where record.count != header.count {
            throw .malformedRecord(
                source: source, record: i + 1, field: "*",
                reason: "has \(record.count) fields, the header has \(header.count) (quote fields that contain commas, e.g. \"dot(0,4)\")")
        }
    }

    /// One CSV line; fields containing a comma, quote or line break are quoted.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
