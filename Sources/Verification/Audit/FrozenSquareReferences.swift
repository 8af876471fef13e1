import AnalyticOracle
import TMSEngine

/// The frozen square's closed forms as an ``AuditReferenceSource``: one-hot
/// data, no localization; χ for the 17 rows × 17 inputs with closed forms
/// (the 16 inputs without feature 4 and `00001`) in both conventions,
/// `E[r^k]`, the expectations of every structural observable and position,
/// `E[L]`, and the LLC 1/2 ([QuarticPosterior.md](../../../Derivations/QuarticPosterior.md),
/// [BifurcationSusceptibilities.md](../../../Derivations/BifurcationSusceptibilities.md)).
/// Every reference is exact (bound 0).
///
/// This is the one place the audit asks about the frozen square; an oracle for
/// any data and all 31 inputs replaces it in ``AuditReferences/standard``.
public struct FrozenSquareReferences: AuditReferenceSource {
    public init() {}

    public func references(for records: [AuditInput.Record]) throws -> [AuditReferenceLookup] {
        records.map(reference)
    }

    /// The reference of one record with `config = frozen-square`.
    public func reference(for record: AuditInput.Record) -> AuditReferenceLookup {
        guard record.data.isOneHot else {
            return .outsideReach("outside the oracle's reach: the frozen square's closed forms are for one-hot data, got \(record.data.label)")
        }
        guard record.localization == 0 else {
            return .outsideReach("outside the oracle's reach: the frozen square's closed forms are for γ = 0 (no localization), got γ = \(record.localization)")
        }
        guard let square = try? FrozenSquare(beta: record.beta) else { return .outsideReach("β = \(record.beta) is not finite and positive") }
        switch record.quantity {
        case .llc:
            return .reference(AuditReference(value: square.llc))
        case .chi:
            guard case .structural(let row)? = record.observable, let input = record.input else {
                return .outsideReach("a χ record needs a structural observable and an input")
            }
            guard input.features.count <= 1 || !input.contains(4) else {
                return .outsideReach("outside the oracle's reach: no closed form for input \(input.name) (feature 4 and another feature) at the frozen square")
            }
            do {
                return .reference(AuditReference(value: try square.chi(row, input, convention: record.convention)))
            } catch {
                return .outsideReach("outside the oracle's reach: \(error)")
            }
        case .expectation:
            guard let observable = record.observable else { return .outsideReach("an expectation record needs an observable") }
            return .reference(AuditReference(value: square.expectation(observable)))
        }
    }
}

extension FrozenSquare {
    /// `E[φ]`: `W_4`'s direction is uniform and independent of `r = |W_4|`, so `E[dot(i,4)] = E[pos(4,·)] = 0`,
    /// `E[norm(4)] = E[r]`; the other observables are constant at the centre; `E[L] = (1 + E[r⁴])/32`.
    public func expectation(_ observable: AuditObservable) -> Double {
        switch observable {
        case .radialMoment(let k): return moment(k)
        case .loss: return (1 + moment(4)) / 32
        case .structural(let o):
            if o == .norm(4) { return moment(1) }
            if o.features.contains(4) { return 0 }
            return o.value(parameters: FrozenSquare.center)
        }
    }
}
