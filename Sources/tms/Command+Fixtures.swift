import ArgumentParser
import Foundation
import Verification

/// `tms fixtures generate | verify`: the language-neutral reference values in
/// `Fixtures/*.json` (schema: `Fixtures/README.md`).
struct FixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Generate or verify the JSON reference fixtures.",
        subcommands: [Generate.self, Verify.self]
    )

    struct Location: ParsableArguments {
        @Option(help: "The fixtures directory.")
        var directory: String = "Fixtures"

        @Option(help: "Only these fixtures: comma-separated file stems (e.g. chi-one-hot,frozen-square-any-data).")
        var only: String?

        var url: URL { URL(fileURLWithPath: directory) }

        /// Every stem, certified ones first.
        static var names: [String] { FixtureCatalog.certified.map(\.name) + FixtureCatalog.twoRouteNames }

        /// The stems of `--only`, checked (exit 64 for an unknown stem); `nil` without `--only`.
        func selected() throws -> Set<String>? {
            guard let only else { return nil }
            let names = only.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            for name in names where !Self.names.contains(name) {
                throw ValidationError("--only: '\(name)' is not a fixture (expected comma-separated stems among \(Self.names.joined(separator: ", ")))")
            }
            return Set(names)
        }

        /// Whether the two-route fixtures are selected (`--only` names one, or `all` is set).
        func includesTwoRoutes(all: Bool) throws -> Bool {
            guard let selected = try selected() else { return all }
            return !selected.isDisjoint(with: FixtureCatalog.twoRouteNames)
        }

        /// The selected fixtures, the two-route ones if `twoRoutes`, with one stderr line per two-route table.
        func fixtures(twoRoutes: Bool) throws -> [Fixture] {
            var fixtures = try FixtureCatalog.all(names: try selected())
            if twoRoutes {
                let clock = ContinuousClock.now
                fixtures += try FixtureCatalog.twoRoutes { data, beta, seconds in
                    FileHandle.standardError.write(Data("two routes: \(data) β = \(beta): \(String(format: "%.1f", seconds)) s\n".utf8))
                }
                let elapsed = clock.duration(to: .now).components
                FileHandle.standardError.write(Data("two routes: \(elapsed.seconds) s in all\n".utf8))
            }
            return fixtures
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every fixture (or those of --only) and write Fixtures/*.json.",
            discussion: "The two-route fixture (frozen-square-any-data) takes minutes in a release build; Fixtures/README.md gives the time.")
        @OptionGroup var location: Location

        func validate() throws { _ = try location.selected() }

        func run() throws {
            try InputFiles.createDirectory(location.directory, option: "--directory")
            let fixtures = try location.fixtures(twoRoutes: try location.includesTwoRoutes(all: true))
            let urls: [URL]
            do { urls = try FixtureVerifier.write(fixtures, to: location.url) } catch {
                throw ToolError.usage("--directory \(location.directory): cannot write the fixtures (\(InputFiles.reason(error)))")
            }
            for url in urls { print("wrote \(location.directory)/\(url.lastPathComponent)") }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every fixture and compare it with Fixtures/*.json; exit 1 on any difference.",
            discussion: "The two-route fixture (frozen-square-any-data, minutes in a release build) is recomputed only with --two-routes or --only."
        )
        @OptionGroup var location: Location

        @Flag(help: "Also recompute the fixtures verified by two routes (slow).")
        var twoRoutes = false

        func validate() throws {
            _ = try location.selected()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: location.directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--directory \(location.directory): no such directory")
            }
        }

        func run() throws {
            // Malformed files (bad JSON, duplicate keys, numbers out of range) are data errors,
            // found before the fixtures are recomputed.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: location.directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") {
                _ = try InputFiles.readJSONValue("\(location.directory)/\(name)", option: "--directory")
            }
            let withTwoRoutes = try location.includesTwoRoutes(all: twoRoutes)
            let fixtures = try location.fixtures(twoRoutes: withTwoRoutes)
            if !withTwoRoutes, location.only == nil { print("not recomputed (add --two-routes): \(FixtureCatalog.twoRouteNames.map { "\($0).json" }.joined(separator: ", "))") }
            let differences = try FixtureVerifier.verify(fixtures, in: location.url, displayDirectory: location.directory)
            for d in differences { print(d) }
            if differences.isEmpty {
                print("\(fixtures.count) fixtures verified, no differences")
            } else {
                throw ToolError.checkFailed("\(differences.count) differences between the fixtures and their recomputation")
            }
        }
    }
}
