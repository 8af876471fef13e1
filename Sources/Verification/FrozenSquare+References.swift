import AnalyticOracle
import TMSEngine

/// The frozen square's reference for each audited quantity: a closed form under
/// one-hot data where one exists (exact), a structural constant where the
/// quantity does not read `W_4` (exact), else the oracle's quadrature table
/// (verified by two routes, bounded by its last digit) — `nil` when none answers.
extension FrozenSquare {
    /// Whether `row` varies on the posterior: it reads `W_4` and is not `dot(i,i)` (≡ 1).
    static func isLive(_ row: AnalyticOracle.Observable) -> Bool {
        if case .dot(let i, let j) = row, i == j { return false }
        return row.features.contains(4)
    }

    /// `χ[row, input]` in `convention`.
    public func chiReference(_ row: AnalyticOracle.Observable, _ input: InputType, convention: Susceptibility.Convention,
                             table: FrozenSquareReferenceTable?) -> AuditReference? {
        // A row that does not read W_4 is constant; ℓ_00000 ≡ 0, so its Jacobian χ is 0 (its mean-preserving one is not).
        if !FrozenSquare.isLive(row) || (input.index == 0 && convention == .jacobian) { return AuditReference(value: 0) }
        if data.isOneHot, FrozenSquare.inputs.contains(input), let value = try? chi(row, input, convention: convention) {
            return AuditReference(value: value)
        }
        guard let table, let k = FrozenSquare.rows.firstIndex(of: row) else { return nil }
        return table.chi(k, input, convention: convention)
    }

    /// `E[observable]`: `E[r^k]`, `E[L] = E[E]/32`, or `E[φ]`.
    public func expectationReference(_ observable: AuditObservable, table: FrozenSquareReferenceTable?) -> AuditReference? {
        if data.isOneHot {
            if case .radialMoment = observable { return AuditReference(value: expectation(observable)) }
            if observable == .loss { return AuditReference(value: expectation(observable)) }
        }
        switch observable {
        case .radialMoment(let k):
            guard let table, (1...table.radialMoments.count).contains(k) else { return nil }
            return table.radialMoments[k - 1]
        case .loss:
            return table?.expectedTotalLoss.map { AuditReference(value: $0.value / 32, bound: $0.bound / 32) }
        case .structural(let row):
            guard FrozenSquare.isLive(row) else { return AuditReference(value: expectation(observable)) }
            if data.isOneHot { return AuditReference(value: expectation(observable)) }
            guard let table, let k = FrozenSquare.rows.firstIndex(of: row) else { return nil }
            return table.observableMeans[k]
        }
    }

    /// `λ̂ = β(E[E] − E(w*))` with `w*` the centre (`W_4 = 0`), Conventions §4: 1/2 under
    /// one-hot data; otherwise from the table's `E[E]` and ``centreEnergy``.
    public func llcReference(table: FrozenSquareReferenceTable?) -> AuditReference? {
        if data.isOneHot { return AuditReference(value: llc) }
        guard let total = table?.expectedTotalLoss else { return nil }
        return AuditReference(value: beta * (total.value - centreEnergy), bound: beta * total.bound)
    }

    /// Whether the reference of `record` needs the oracle's table (no closed form, not constant).
    func needsTable(_ record: AuditInput.Record) -> Bool {
        switch record.quantity {
        case .llc: return !data.isOneHot
        case .expectation:
            guard let observable = record.observable else { return false }
            return expectationReference(observable, table: nil) == nil
        case .chi:
            guard case .structural(let row)? = record.observable, let input = record.input else { return false }
            return chiReference(row, input, convention: record.convention, table: nil) == nil
        }
    }
}
