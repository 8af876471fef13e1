import AnalyticOracle
import TMSEngine

/// Computes the oracle's table at `(data, β)`, or `nil` when none is to be had
/// (``FrozenSquareReferences/closedFormsOnly``).
public typealias FrozenSquareTableSource = @Sendable (DataSpecification, Double) throws -> FrozenSquareReferenceTable?

/// The frozen square as an ``AuditReferenceSource``: every record with
/// `config = frozen-square`, for any data and all 31 inputs, with no localization
/// ([Audit.md §7](../../../Derivations/Audit.md)).
///
/// Each record gets the closed form where one exists (one-hot data: χ of the 17
/// rows × 17 inputs without feature 4 and another feature, `E[r^k]`, `E[φ]`, `E[L]`
/// and the LLC 1/2, [QuarticPosterior.md](../../../Derivations/QuarticPosterior.md),
/// [BifurcationSusceptibilities.md](../../../Derivations/BifurcationSusceptibilities.md)),
/// the structural constant where the quantity does not read `W_4`, and otherwise the
/// frozen-square oracle's quadrature ([FrozenSquareAnyData.md](../../../Derivations/FrozenSquareAnyData.md)),
/// one table per `(data, β)` of the records, computed once per call.
public struct FrozenSquareReferences: AuditReferenceSource {
    /// Where the quadrature tables come from.
    public let tables: FrozenSquareTableSource

    /// - Parameter tables: the oracle at ``FrozenSquareReferenceTable/auditDigits`` by default.
    public init(tables: @escaping FrozenSquareTableSource = FrozenSquareReferenceTable.compute) {
        self.tables = tables
    }

    /// No quadrature: only closed forms and constants (records needing a table are outside reach).
    public static let closedFormsOnly = FrozenSquareReferences { _, _ in nil }

    public func references(for records: [AuditInput.Record]) throws -> [AuditReferenceLookup] {
        var cache: [String: Result<FrozenSquareReferenceTable?, Error>] = [:]
        return records.map { record in
            let square: FrozenSquare
            switch checked(record) {
            case .failure(let reason): return .outsideReach(reason.text)
            case .success(let s): square = s
            }
            var table: FrozenSquareReferenceTable?
            if square.needsTable(record) {
                let key = "\(record.data.name) \(record.beta)"
                if cache[key] == nil { cache[key] = Result { try tables(record.data, record.beta) } }
                switch cache[key]! {
                case .failure(let error): return .outsideReach("outside the oracle's reach: \(error)")
                case .success(nil): return .outsideReach("outside the oracle's reach: no quadrature table for data \(record.data.label) at β = \(record.beta)")
                case .success(let t?): table = t
                }
            }
            return reference(for: record, square: square, table: table)
        }
    }

    struct Reason: Error { var text: String }

    /// The frozen square of `record`, or why the oracle cannot answer it.
    func checked(_ record: AuditInput.Record) -> Result<FrozenSquare, Reason> {
        guard record.localization == 0 else {
            return .failure(Reason(text: "outside the oracle's reach: the frozen square's oracle is for γ = 0 (no localization), got γ = \(record.localization)"))
        }
        do { return .success(try FrozenSquare(beta: record.beta, data: record.data)) } catch {
            return .failure(Reason(text: "outside the oracle's reach: \(error)"))
        }
    }

    /// The reference of `record` given its square and (if needed) its table.
    func reference(for record: AuditInput.Record, square: FrozenSquare, table: FrozenSquareReferenceTable?) -> AuditReferenceLookup {
        let answer: AuditReference?
        switch record.quantity {
        case .llc:
            answer = square.llcReference(table: table)
        case .chi:
            guard case .structural(let row)? = record.observable, let input = record.input else {
                return .outsideReach("a χ record needs a structural observable and an input")
            }
            answer = square.chiReference(row, input, convention: record.convention, table: table)
        case .expectation:
            guard let observable = record.observable else { return .outsideReach("an expectation record needs an observable") }
            answer = square.expectationReference(observable, table: table)
        }
        guard let answer else {
            return .outsideReach("outside the oracle's reach: the quadrature routes did not verify \(record.quantityName) (or r^k beyond k = 8) for data \(record.data.label)")
        }
        return .reference(answer)
    }
}

extension FrozenSquare {
    /// `E[φ]` under one-hot data: `W_4`'s direction is uniform and independent of `r = |W_4|`, so
    /// `E[dot(i,4)] = E[pos(4,·)] = 0`, `E[norm(4)] = E[r]`; the other observables are constant at
    /// the centre; `E[L] = (1 + E[r⁴])/32`. (The observables that do not read `W_4` are constant
    /// under any data.)
    public func expectation(_ observable: AuditObservable) -> Double {
        switch observable {
        case .radialMoment(let k): return moment(k)
        case .loss: return (1 + moment(4)) / 32
        case .structural(let o):
            if case .dot(let i, let j) = o, i == j { return 1 }
            if o == .norm(4) { return moment(1) }
            if o.features.contains(4) { return 0 }
            return o.value(parameters: FrozenSquare.center)
        }
    }
}
