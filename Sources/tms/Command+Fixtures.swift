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

        var url: URL { URL(fileURLWithPath: directory) }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute every fixture and write Fixtures/*.json.")
        @OptionGroup var location: Location

        func run() throws {
            try InputFiles.createDirectory(location.directory, option: "--directory")
            let fixtures = try FixtureCatalog.all()
            let urls: [URL]
            do { urls = try FixtureVerifier.write(fixtures, to: location.url) } catch {
                throw ToolError.usage("--directory \(location.directory): cannot write the fixtures (\(InputFiles.reason(error)))")
            }
            for url in urls { print("wrote \(location.directory)/\(url.lastPathComponent)") }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every fixture and compare it with Fixtures/*.json; exit 1 on any difference."
        )
        @OptionGroup var location: Location

        func validate() throws {
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
            let fixtures = try FixtureCatalog.all()
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
