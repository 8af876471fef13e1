import AnalyticOracle
import Foundation
import Testing
import Verification

/// The `tms` executable end to end (the binary `swift test` builds next to the test bundle):
/// what it prints agrees with the library routes, and its exit status is 1 exactly when a check
/// fails (the status a CI script relies on). The audited file's estimates are the closed form
/// plus a known number of standard errors, so the expected verdict does not depend on `tms`.
@Suite struct CommandLineTests {
    /// The `tms` built alongside this test bundle.
    static func executable() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ].map { $0.appendingPathComponent("tms") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "no tms executable next to the test bundle (looked in \(candidates.map(\.path)))")
    }

    /// Runs `tms arguments…`; returns its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tms-cli-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A file of χ estimates `oracle + z·SE` at β = 50 (oracle: the closed form in Double).
    static func auditFile(zs: [Double]) throws -> URL {
        let chi = BifurcationSusceptibilities<Double>(beta: 50)
        let picks: [(AnalyticOracle.Observable, String)] = [(.dot(0, 4), "10000"), (.norm(4), "00001"), (.pos(4, .x), "10000"), (.dot(1, 4), "01000")]
        var csv = "beta,observable,input,estimate,standard_error\n"
        for ((row, input), z) in zip(picks, zs) {
            let exact = try chi.chi(row, try InputType(name: input))
            csv += "50,\"\(row.name)\",\(input),\(exact + z * 0.01),0.01\n"
        }
        return try temporaryFile("audit.csv", csv)
    }

    @Test("tms audit --from-file exits 1 when one entry is beyond --max-z and 0 when none is")
    func auditExitStatus() throws {
        let passing = try Self.auditFile(zs: [0.5, -1.2, 2.0, 0.1])
        let failing = try Self.auditFile(zs: [0.5, -1.2, 7.0, 0.1])
        defer { for url in [passing, failing] { try? FileManager.default.removeItem(at: url) } }
        let ok = try Self.run(["audit", "--from-file", passing.path, "--format", "json", "--quiet"])
        #expect(ok.status == 0, "all |z| ≤ 2: exit \(ok.status)")
        let bad = try Self.run(["audit", "--from-file", failing.path, "--format", "json", "--quiet"])
        #expect(bad.status == 1, "one |z| = 7 > 5: exit \(bad.status)")
    }

    @Test("tms fixtures verify exits 0 on the published files and 1 on a copy with one digit changed")
    func fixturesVerifyExitStatus() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tms-cli-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in try FileManager.default.contentsOfDirectory(atPath: FixtureTests.fixtures.path) where name.hasSuffix(".json") {
            try FileManager.default.copyItem(at: FixtureTests.fixtures.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let clean = try Self.run(["fixtures", "verify", "--directory", directory.path])
        #expect(clean.status == 0, "published fixtures: exit \(clean.status)\n\(clean.output.suffix(300))")
        let url = directory.appendingPathComponent("quartic-moments.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        let range = try #require(text.range(of: "\"llc\": \"0.5000"))
        text.replaceSubrange(range, with: "\"llc\": \"0.5001")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let edited = try Self.run(["fixtures", "verify", "--directory", directory.path])
        #expect(edited.status == 1, "one digit changed: exit \(edited.status)")
        #expect(edited.output.contains("quartic-moments.json"), "the difference names the file")
    }

    @Test("tms oracle chi --format json prints the closed form's α(50) to 30 certified digits")
    func oracleChiPrintsTheClosedForm() throws {
        let result = try Self.run(["oracle", "chi", "--beta", "50", "--digits", "30"])
        #expect(result.status == 0)
        // α(50) = 2√50/(3π^{3/2}) from mpmath, 30 significant digits.
        #expect(result.output.contains("0.846581812456546263810177399128"), "\(result.output.prefix(400))")
    }

    /// Behaviour (not a second route): the CSV is RFC 4180, so a CSV reader sees 17
    /// rows of 1 + 5 fields (the one-hot inputs, the default) and the row names `dot(0,4)` intact (they were unquoted).
    @Test("tms oracle chi --format csv quotes the observable names that contain commas")
    func oracleChiCSVIsReadable() throws {
        let result = try Self.run(["oracle", "chi", "--beta", "50", "--digits", "6", "--format", "csv"])
        #expect(result.status == 0)
        let table = try CSVTable(parsing: result.output, source: "tms oracle chi --format csv")
        #expect(table.header.count == 6 && table.records.count == 17, "\(result.output.prefix(400))")
        #expect(table.records.allSatisfy { $0.count == 6 })
        #expect(table.records.contains { $0[0] == "dot(0,4)" })
    }
}
