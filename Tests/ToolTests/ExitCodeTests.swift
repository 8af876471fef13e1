import AnalyticOracle
import ArgumentParser
import Foundation
import HighPrecision
import Testing
import TMSEngine
@testable import Verification
@testable import tms

/// The one mapping from errors to exit codes (ToolError.swift), error type by error type:
/// the classes the corpus cannot reach from the command line (an internal error) included.
@Suite("Exit codes of tms")
struct ExitCodeTests {
    struct Unexpected: Error {}

    @Test func everyErrorTypeHasItsCode() {
        let cases: [(any Error, ToolError.Kind)] = [
            (ValidationError("--x must be positive"), .usage),
            (ToolError.checkFailed("audit failed"), .checkFailed),
            (SamplerError.invalidStepSize(-1), .usage),
            (SamplerError.tooLarge("too many draws"), .usage),
            (SamplerError.diverged(chain: 0, step: 1, coordinate: 0, value: .nan, bound: 1e3, lastFiniteState: []), .usage),
            (SamplerError.missingRecording("χ needs per-sample losses"), .internalError),
            (TrainingError.diverged(epoch: 3, lastFiniteState: []), .usage),
            (PotentialError.allWeightsZero, .usage),
            (AuditError.invalidSetting(name: "chains", value: "0", reason: "need one"), .usage),
            (AuditError.malformedFile(source: "f.csv", reason: "empty"), .data),
            (AuditError.malformedRecord(source: "f.csv", record: 2, field: "*", reason: "duplicate"), .data),
            (MalformedJSONError(source: "f.json", reason: "duplicate key"), .data),
            (FixtureFileError(file: "f.json", reason: "no schema_version"), .data),
            (FrozenSquareOracleError.targetNotMet("χ[dot(0,4), 10001]"), .checkFailed),
            (FrozenSquareOracleError.nonFinite("ln Z"), .internalError),
            (FrozenSquareOracleError.invalidBeta("-1"), .usage),
            (Certified.Failure(digits: 5, maximumPrecision: 64, enclosure: "[0, inf]", reason: .exponentRange), .usage),
            (Certified.Failure(digits: 5, maximumPrecision: 64, enclosure: "[-1, 1]"), .internalError),
            (CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/x"]), .usage),
            (Unexpected(), .internalError),
        ]
        for (error, kind) in cases {
            let mapped = ToolError(classifying: error)
            #expect(mapped.kind == kind, "\(error) → \(mapped.kind), expected \(kind)")
            #expect(!mapped.message.contains("NSCocoaErrorDomain"), "\(mapped.message)")
        }
        #expect(ToolError.Kind.checkFailed.rawValue == 1 && ToolError.Kind.usage.rawValue == 64)
        #expect(ToolError.Kind.data.rawValue == 65 && ToolError.Kind.internalError.rawValue == 70)
    }

    @Test func fileErrorsNameThePathAndTheReason() {
        let error = CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "/no/such/file"])
        #expect(InputFiles.describe(error) == "/no/such/file: No such file or directory")
    }
}
