import Foundation
import Testing
import TestSupport
@testable import Verification

/// The published fixtures against a fresh recomputation, and the verifier's
/// own failure paths. (The recomputation is the closed forms evaluated in
/// certified interval arithmetic; the closed forms themselves are checked
/// against quadrature and the reference model in AnalyticOracleTests.)
@Suite("Fixtures")
struct FixtureTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: "Fixtures", relativeTo: repository)

    static func scratchCopy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tms-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) where name.hasSuffix(".json") {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }

    @Test("Every published fixture equals its recomputation")
    func publishedFixturesVerify() throws {
        let differences = try FixtureVerifier.verify(try FixtureCatalog.all(), in: Self.fixtures)
        #expect(differences.isEmpty, "\(differences.prefix(5).map(\.description).joined(separator: "\n"))")
    }

    @Test("A hand-edited digit is reported with file, key and both values")
    func editedDigitIsReported() throws {
        let dir = try Self.scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("chi-one-hot.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        // The first α of the file is at β = 0.1: 2√0.1/(3π^{3/2}) = 0.037859…
        let original = "\"alpha\": \"0.0378"
        let range = try #require(text.range(of: original))
        text.replaceSubrange(range, with: "\"alpha\": \"0.0379")
        try text.write(to: url, atomically: true, encoding: .utf8)

        let differences = try FixtureVerifier.verify(try FixtureCatalog.all(), in: dir)
        #expect(differences.count == 1)
        let d = try #require(differences.first)
        #expect(d.file == "Fixtures/chi-one-hot.json")
        #expect(d.key == "values.cases[0].alpha")
        #expect(d.found.hasPrefix("\"0.0379"))
        #expect(d.expected.hasPrefix("\"0.0378"))
        #expect(d.description.contains("chi-one-hot.json") && d.description.contains("values.cases[0].alpha"))
    }

    @Test("A removed and an added key are both reported")
    func structuralEditsAreReported() throws {
        let generated = try Fixture.taxonomy(digits: 12).document()
        guard case var .object(pairs) = generated else { Issue.record("not an object"); return }
        pairs.removeAll { $0.0 == "description" }
        pairs.append(("extra", .integer(1)))
        var out: [FixtureDifference] = []
        FixtureVerifier.compare(.object(pairs), generated, path: "", file: "Fixtures/taxonomy.json", into: &out)
        #expect(out.map(\.key).sorted() == ["description", "extra"])
        #expect(out.contains { $0.key == "description" && $0.found == "<missing>" })
        #expect(out.contains { $0.key == "extra" && $0.expected == "<missing>" })
    }

    @Test("Malformed JSON, a wrong schema version and a missing file are clear errors")
    func unreadableFilesAreErrors() throws {
        let dir = try Self.scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = [try Fixture.taxonomy(digits: 12)]
        let url = dir.appendingPathComponent("taxonomy.json")

        try "{\"schema_version\": 1, ".write(to: url, atomically: true, encoding: .utf8)
        #expect { try FixtureVerifier.verify(catalog, in: dir) } throws: { error in
            "\(error)".contains("Fixtures/taxonomy.json") && "\(error)".contains("not valid JSON")
        }

        try "{\"schema_version\": 99}".write(to: url, atomically: true, encoding: .utf8)
        #expect { try FixtureVerifier.verify(catalog, in: dir) } throws: { error in
            "\(error)".contains("schema_version 99")
        }

        try FileManager.default.removeItem(at: url)
        #expect { try FixtureVerifier.verify(catalog, in: dir) } throws: { error in
            "\(error)".contains("Fixtures/taxonomy.json") && "\(error)".contains("missing")
        }
    }

    @Test("Serialization round-trips through the parser", .tags(.consistency))
    func serializationRoundTrips() throws {
        let document = try Fixture.quarticMoments(digits: 15).document()
        let parsed = try JSONValue.parse(document.serialized())
        #expect(parsed == document)
        let escaped = JSONValue.object([("k\"ey", .string("a\\b\n\u{1}é")), ("n", .number(-1.5e-7)), ("i", .integer(-3))])
        #expect(try JSONValue.parse(escaped.serialized()) == escaped)
    }
}
