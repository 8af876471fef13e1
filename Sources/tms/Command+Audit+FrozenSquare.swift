import AnalyticOracle
import ArgumentParser
import Foundation
import Verification

/// `tms audit` on the frozen square under any data (Derivations/Audit.md §7).
extension AuditCommand {
    /// `--data` of the frozen square (one-hot by default).
    func frozenSquareData() throws -> DataSpecification {
        let specification = try DataOption.specification(data ?? "one-hot")
        try Self.checkFrozenSquareData(specification, option: data ?? "one-hot")
        return specification
    }

    /// A usage error (exit 64) for data under which `W_4`'s posterior is improper, or a data error
    /// (exit 65) when the weights came from a file.
    static func checkFrozenSquareData(_ specification: DataSpecification, option: String) throws {
        guard specification.confinesFeature4 else {
            let message = "--data \(option): every input type containing feature 4 has weight 0, so the frozen square's posterior of W4 is improper (give one a positive weight)"
            // The content of a weights file is bad input data (65), as in `tms oracle chi`; an option is a usage error (64).
            if DataOption.weightsFile(option) != nil { throw ToolError.data(message) }
            throw ValidationError(message)
        }
    }

    /// The oracle's tables, announced on stderr as each is computed (unless --quiet): in release
    /// mode a table takes seconds to a minute.
    func oracleTables() -> FrozenSquareTableSource {
        if closedFormsOnly { return FrozenSquareReferences.closedFormsOnly.tables }
        let quiet = quiet
        return { data, beta in
            if !quiet {
                FileHandle.standardError.write(Data(
                    "oracle: frozen square, data \(data.label), β = \(beta): quadrature by two routes to \(FrozenSquareReferenceTable.auditDigits) digits…\n".utf8))
            }
            return try FrozenSquareReferenceTable.compute(data: data, beta: beta)
        }
    }
}
