// Errors and exit codes of `tms` (README, "Errors and exit codes").
//
// Every subcommand follows one convention, implemented here once:
//
//   0   success
//   1   a check failed: an audit, a fixture difference, a failed `--check`
//   64  usage error: a bad option value or combination (EX_USAGE)
//   65  bad input data: a malformed file, duplicate keys or records (EX_DATAERR)
//   70  internal error: a bug in tms (EX_SOFTWARE)
//
// How to use it in a command:
// - Check option values in `validate()` with the helpers of `Validation.swift`;
//   they throw ArgumentParser's `ValidationError`, which ArgumentParser prints
//   with the usage and exits 64. `validate()` should throw nothing else.
// - In `run()`, throw a `ToolError` (`.usage`, `.data`, `.checkFailed`,
//   `.internalError`) when the message must name an option, or let a module's
//   error through: `ToolError(classifying:)` maps every error type of the
//   modules to its code (bad settings → 64, bad files → 65, anything unknown → 70).
// - Read and write files with `InputFiles.swift`, whose errors name the option
//   and the file and never show raw Foundation error text.
//
// `TMS.main()` (TMS.swift) parses with ArgumentParser, whose own errors (help,
// unknown options, `ValidationError`) keep its exit codes, and routes every error
// thrown by `run()` through `ToolError(classifying:)`.

import AnalyticOracle
import ArgumentParser
import D5Taxonomy
import Figures
import Foundation
import HighPrecision
import Patterning
import TMSEngine
import Verification

/// An error of the tool with its exit code.
struct ToolError: Error, CustomStringConvertible {
    enum Kind: Int32 {
        /// A check failed (audit, fixture difference, `--check`).
        case checkFailed = 1
        /// A bad option value or combination.
        case usage = 64
        /// Bad input data (malformed file, duplicate keys or records).
        case data = 65
        /// A bug in tms.
        case internalError = 70
    }

    let kind: Kind
    let message: String

    var description: String { message }
    var exitCode: ExitCode { ExitCode(kind.rawValue) }

    static func usage(_ message: String) -> ToolError { ToolError(kind: .usage, message: message) }
    static func data(_ message: String) -> ToolError { ToolError(kind: .data, message: message) }
    static func checkFailed(_ message: String) -> ToolError { ToolError(kind: .checkFailed, message: message) }
    static func internalError(_ message: String) -> ToolError { ToolError(kind: .internalError, message: message) }

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Runs the body of a command's `validate()` so that its errors keep the tool's
    /// exit codes: ArgumentParser reports any error thrown from `validate()` other
    /// than a `ValidationError` as exit 1, so a usage error is rethrown as a
    /// `ValidationError` (64, with the usage line) and any other (a bad file read
    /// while validating: 65) is printed and exits here with its own code.
    static func validating(_ body: () throws -> Void) throws {
        do { try body() } catch let error as ValidationError { throw error } catch {
            let tool = ToolError(classifying: error)
            if tool.kind == .usage { throw ValidationError(tool.message) }
            tool.exit()
        }
    }

    /// The code and message of any error that reaches `main`.
    init(classifying error: any Error) {
        switch error {
        case let e as ToolError: self = e
        case let e as ValidationError: self = .usage(e.message)
        case let e as SamplerError:
            switch e {
            case let .diverged(chain, step, coordinate, value, bound, state):
                self = .usage(
                    "chain \(chain) diverged at step \(step) (w[\(coordinate)] = \(value), bound |w_i| ≤ \(bound)): lower --step-size "
                        + "(the drift grows with --beta and --localization) or raise --divergence-bound; last finite state \(state)")
            case .missingRecording: self = .internalError("\(e)")
            default: self = .usage("\(e)")
            }
        case let e as TrainingError:
            if case let .diverged(epoch, state) = e {
                self = .usage("training diverged at epoch \(epoch): lower --lr or --init-scale; last finite state \(state)")
            } else {
                self = .usage("\(e)")
            }
        case let e as PotentialError: self = .usage("\(e)")
        case let e as PatterningError: self = .usage("\(e)")
        case let e as PermutationError: self = .usage("\(e)")
        case let e as OracleError: self = .usage("\(e)")
        case let e as FrozenSquareOracleError:
            switch e {
            case .targetNotMet: self = .checkFailed("\(e)")
            case .nonFinite: self = .internalError("\(e)")
            default: self = .usage("\(e)")
            }
        case let e as AuditError:
            if case .invalidSetting = e { self = .usage("\(e)") } else { self = .data("\(e)") }
        case let e as MalformedJSONError: self = .data("\(e)")
        case let e as FixtureFileError: self = .data("\(e)")
        case let e as FigureError: self = .data("\(e)")
        case let e as DecodingError: self = .data(InputFiles.describe(e))
        case let e as Certified.Failure:
            self = e.reason == .exponentRange ? .usage("\(e)") : .internalError("\(e)")
        case let e as CocoaError: self = .usage(InputFiles.describe(e))
        default: self = .internalError("\(error)")
        }
    }

    /// Prints `Error: message` on stderr and exits with the code.
    func exit() -> Never {
        var text = "Error: \(message)"
        if kind == .internalError { text += "\n(this is a bug in tms: please report it with the command line)" }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        TMS.exit(withError: exitCode)
    }
}

/// Warnings on stderr (they never change the exit code).
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
