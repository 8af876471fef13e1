import AnalyticOracle
import Foundation
import TMSEngine

/// The frozen-square oracle's values at one `(data, β)` as the audit uses them:
/// Double references with the bound their verification gives
/// ([Audit.md §7](../../../Derivations/Audit.md)).
///
/// Built from a `FrozenSquareOracle` table (``init(_:)``, every entry
/// "verified by two routes", [FrozenSquareAnyData.md](../../../Derivations/FrozenSquareAnyData.md)),
/// or given entry by entry (recorded values in tests). A reference's `bound` is one
/// unit in the last verified digit (`|value|·10^{1−k}` for `k` agreed digits), the
/// routes' zero tolerance for an entry verified to be 0, and 0 for an exact entry;
/// an entry the routes did not agree on is `nil` (outside the oracle's reach).
public struct FrozenSquareReferenceTable: Sendable, Equatable {
    public let data: DataSpecification
    public let beta: Double
    /// `χ_{k,x}`, `[row][type index]`, rows ``FrozenSquare/rows``, all 32 types.
    public let chi: [[AuditReference?]]
    /// `χ^mp_{k,x}` (relative to ``data``'s weights), same layout.
    public let chiMeanPreserving: [[AuditReference?]]
    /// `E[φ_k]` for ``FrozenSquare/rows``.
    public let observableMeans: [AuditReference?]
    /// `E[r^k]`, `k = 1…8`.
    public let radialMoments: [AuditReference?]
    /// `E[E]`, `E = Σ_x h_x ℓ_x` (Conventions §2).
    public let expectedTotalLoss: AuditReference?

    /// The digits the audit asks the oracle for: far below any Monte Carlo standard error
    /// (relative 10⁻¹⁰ against ≳ 10⁻⁴), and cheaper than the 20–30 digits of `tms oracle`.
    public static let auditDigits = 10

    public init(
        data: DataSpecification, beta: Double, chi: [[AuditReference?]], chiMeanPreserving: [[AuditReference?]],
        observableMeans: [AuditReference?], radialMoments: [AuditReference?], expectedTotalLoss: AuditReference?
    ) {
        self.data = data
        self.beta = beta
        self.chi = chi
        self.chiMeanPreserving = chiMeanPreserving
        self.observableMeans = observableMeans
        self.radialMoments = radialMoments
        self.expectedTotalLoss = expectedTotalLoss
    }

    /// The references of an oracle table computed for ``FrozenSquare/rows`` and all 31 inputs.
    public init(_ table: FrozenSquareTable) throws(AuditError) {
        guard let beta = Double(table.beta), table.rows == FrozenSquare.rows else {
            throw .invalidSetting(name: "oracle table", value: table.beta, reason: "internal: expected the 17 oracle rows")
        }
        func byType(_ line: [VerifiedDecimal]) -> [AuditReference?] {
            var result = [AuditReference?](repeating: AuditReference(value: 0), count: 32)
            for (x, input) in table.inputs.enumerated() { result[input.index] = Self.reference(line[x]) }
            return result
        }
        let chi = table.chi.map(byType)
        var meanPreserving = table.chiMeanPreserving.map(byType)
        // `00000` (ℓ ≡ 0): χ = 0 exactly and χ^mp = −Σ_y (h_y/Σh) χ_y = χ^mp_x − χ_x for any x (Conventions §6).
        for k in meanPreserving.indices {
            guard let x = (1..<32).first(where: { chi[k][$0] != nil && meanPreserving[k][$0] != nil }) else { meanPreserving[k][0] = nil; continue }
            let (a, b) = (meanPreserving[k][x]!, chi[k][x]!)
            meanPreserving[k][0] = AuditReference(value: a.value - b.value, bound: a.bound + b.bound)
        }
        self.init(
            data: table.data, beta: beta, chi: chi, chiMeanPreserving: meanPreserving,
            observableMeans: table.observableMeans.map(Self.reference), radialMoments: table.radialMoments.map(Self.reference),
            expectedTotalLoss: Self.reference(table.expectedTotalLoss))
    }

    /// The oracle's table at `(data, β)` with ``auditDigits`` digits.
    ///
    /// - Throws: ``AuditError/invalidSetting(name:value:reason:)`` for data with an improper
    ///   posterior or a β the oracle rejects; the oracle's error when its routes disagree.
    public static func compute(data: DataSpecification, beta: Double) throws -> FrozenSquareReferenceTable {
        let oracle: FrozenSquareOracle
        do { oracle = try FrozenSquareOracle(data: data) } catch {
            throw AuditError.invalidSetting(name: "data", value: data.label, reason: "\(error)")
        }
        return try FrozenSquareReferenceTable(
            oracle.table(beta: decimal(beta), rows: FrozenSquare.rows, inputs: FrozenSquareOracle.allInputs, digits: auditDigits))
    }

    /// β as the decimal the oracle reads: Swift's shortest round-trip text, so the oracle's β
    /// is the Double β to within its rounding.
    static func decimal(_ beta: Double) -> String { "\(beta)" }

    /// One verified entry as a reference (`nil` when the routes disagree).
    static func reference(_ entry: VerifiedDecimal) -> AuditReference? {
        switch entry.status {
        case .exact: return Double(entry.text).map { AuditReference(value: $0) }
        case .verifiedZero: return AuditReference(value: 0, bound: entry.tolerance ?? 0)
        case .disagreement: return nil
        case .verified:
            guard let value = Double(entry.text) else { return nil }
            return AuditReference(value: value, bound: value.magnitude * Foundation.pow(10, Double(1 - entry.digits)))
        }
    }

    /// χ of `row × input` in `convention` (`nil`: not verified).
    public func chi(_ row: Int, _ input: InputType, convention: Susceptibility.Convention) -> AuditReference? {
        (convention == .jacobian ? chi : chiMeanPreserving)[row][input.index]
    }
}
