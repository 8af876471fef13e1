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
            let fixtures = try FixtureCatalog.all()
            for url in try FixtureVerifier.write(fixtures, to: location.url) {
                print("wrote \(location.directory)/\(url.lastPathComponent)")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every fixture and compare it with Fixtures/*.json; exit 1 on any difference."
        )
        @OptionGroup var location: Location

        func run() throws {
            let fixtures = try FixtureCatalog.all()
            let differences = try FixtureVerifier.verify(fixtures, in: location.url, displayDirectory: location.directory)
            for d in differences { print(d) }
            if differences.isEmpty {
                print("\(fixtures.count) fixtures verified, no differences")
            } else {
                print("\(differences.count) differences")
                throw ExitCode.failure
            }
        }
    }
}
