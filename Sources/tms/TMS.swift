import ArgumentParser

/// `tms`: one command-line tool over the oracle, the taxonomy, the engine,
/// patterning, the audit, the fixtures and the figures.
///
/// `main()` parses with ArgumentParser (its own errors keep its exit codes:
/// 0 for help, 64 for usage errors) and maps every error of a command's
/// `run()` to the tool's exit codes with ``ToolError/init(classifying:)``
/// (ToolError.swift, README "Errors and exit codes").
@main
struct TMS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tms",
        abstract: "Reference implementation and ground-truth oracle for patterning in the toy model of superposition.",
        discussion: """
            Exit codes: 0 success; 1 a check failed (audit, fixture difference, --check); 64 usage error \
            (bad option value or combination); 65 bad input data (malformed file, duplicate keys or records); \
            70 internal error.
            """,
        subcommands: [
            ConstantsCommand.self,
            OracleCommand.self,
            TaxonomyCommand.self,
            TrainCommand.self,
            SampleCommand.self,
            BenchCommand.self,
            FixturesCommand.self,
            AuditCommand.self,
            PatternCommand.self,
            FiguresCommand.self,
        ]
    )

    static func main() {
        let arguments = joiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
        var command: any ParsableCommand
        do { command = try parseAsRoot(arguments) } catch { exit(withError: error) }
        do { try command.run() } catch {
            // ArgumentParser's own errors from `run()` (`--help` and `tms help` run a help command that
            // throws; ExitCode, CleanExit) keep its handling; every other error gets the tool's code.
            if !(error is ValidationError), String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
                exit(withError: error)
            }
            ToolError(classifying: error).exit()
        }
    }

    /// `--beta -1` → `--beta=-1`. ArgumentParser reads a token that starts with
    /// `-` as an option, so a negative value would be reported as a missing value;
    /// joined to its option it reaches validation and gets a range message. Only
    /// tokens that read as negative numbers (`-1`, `-0.5`, `-1e3`, `-.5`, `-inf`,
    /// `-nan`, `-1,2`) right after a long option without `=` are joined, and
    /// nothing after `--`.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for argument in arguments {
            if let previous = result.last, previous.hasPrefix("--"), previous.count > 2, !previous.contains("="),
               !result.contains("--"), looksNegativeNumber(argument) {
                result[result.count - 1] = previous + "=" + argument
            } else {
                result.append(argument)
            }
        }
        return result
    }

    static func looksNegativeNumber(_ token: String) -> Bool {
        guard token.hasPrefix("-"), token.count > 1 else { return false }
        let rest = token.dropFirst().lowercased()
        if rest.hasPrefix("inf") || rest.hasPrefix("nan") { return true }
        guard let first = rest.first else { return false }
        return first.isASCII && (first.isNumber || (first == "." && rest.dropFirst().first?.isNumber == true))
    }
}
