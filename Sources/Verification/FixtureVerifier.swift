import Foundation

/// A value in a fixture file that differs from its recomputation.
public struct FixtureDifference: Sendable, CustomStringConvertible, Equatable {
    /// The file, e.g. `Fixtures/chi-one-hot.json`.
    public let file: String
    /// The key path inside the file, e.g. `values.cases[3].chi[0][2]`.
    public let key: String
    /// What the file holds (`<missing>` if absent).
    public let found: String
    /// What the generator computes (`<missing>` if absent).
    public let expected: String

    public var description: String { "\(file): \(key): file has \(found), recomputed \(expected)" }
}

/// A fixture file that cannot be checked at all.
public struct FixtureFileError: Error, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "\(file): \(reason)" }
}

/// Writes fixtures and checks files against a fresh recomputation.
public enum FixtureVerifier {
    /// Writes every fixture of `fixtures` into `directory` (created if needed).
    /// Returns the paths written.
    @discardableResult
    public static func write(_ fixtures: [Fixture], to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try fixtures.map { fixture in
            let url = directory.appendingPathComponent(fixture.fileName)
            try fixture.document().serialized().write(to: url, atomically: true, encoding: .utf8)
            return url
        }
    }

    /// Compares each fixture with its file in `directory`: every difference in
    /// any key (except the generating version) is reported, naming the file, the
    /// key and both values.
    ///
    /// - Throws: ``FixtureFileError`` for a missing or unreadable file, malformed
    ///   JSON, or a schema version this package does not read.
    public static func verify(_ fixtures: [Fixture], in directory: URL, displayDirectory: String = "Fixtures") throws -> [FixtureDifference] {
        var differences: [FixtureDifference] = []
        for fixture in fixtures {
            let display = "\(displayDirectory)/\(fixture.fileName)"
            let url = directory.appendingPathComponent(fixture.fileName)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw FixtureFileError(file: display, reason: "missing or unreadable (run `tms fixtures generate`)")
            }
            let file: JSONValue
            do {
                file = try JSONValue.parse(text, source: display)
            } catch {
                throw FixtureFileError(file: display, reason: "\(error)")
            }
            guard case .object = file else { throw FixtureFileError(file: display, reason: "top level is not a JSON object") }
            guard let version = file["schema_version"]?.intValue else {
                throw FixtureFileError(file: display, reason: "no integer schema_version")
            }
            guard version == Fixture.schemaVersion else {
                throw FixtureFileError(file: display, reason: "schema_version \(version), this package reads \(Fixture.schemaVersion)")
            }
            compare(file, fixture.document(), path: "", file: display, ignoring: ["generator"], into: &differences)
        }
        return differences
    }

    /// Appends to `out` every difference between `found` and `expected`.
    static func compare(_ found: JSONValue?, _ expected: JSONValue?, path: String, file: String,
                        ignoring: Set<String> = [], into out: inout [FixtureDifference]) {
        switch (found, expected) {
        case let (.object(f)?, .object(e)?):
            let fd = Dictionary(f, uniquingKeysWith: { a, _ in a })
            let ed = Dictionary(e, uniquingKeysWith: { a, _ in a })
            var keys = e.map(\.0)
            keys += f.map(\.0).filter { ed[$0] == nil }
            for key in keys where !ignoring.contains(key) {
                compare(fd[key], ed[key], path: path.isEmpty ? key : "\(path).\(key)", file: file, into: &out)
            }
        case let (.array(f)?, .array(e)?):
            for i in 0..<max(f.count, e.count) {
                compare(i < f.count ? f[i] : nil, i < e.count ? e[i] : nil, path: "\(path)[\(i)]", file: file, into: &out)
            }
        default:
            if found != expected {
                out.append(FixtureDifference(file: file, key: path, found: render(found), expected: render(expected)))
            }
        }
    }

    static func render(_ v: JSONValue?) -> String {
        guard let v else { return "<missing>" }
        let s = v.serialized().trimmingCharacters(in: .whitespacesAndNewlines)
        return s.count > 200 ? String(s.prefix(200)) + "…" : s
    }
}
