import AnalyticOracle
import TMSEngine

/// The full model's references as an ``AuditReferenceSource``: records with
/// `config = pentagon`, `square-dead`, … are grouped by polygon and data, the
/// oracle is computed once per group (``FullModelOracle``), and each record
/// gets its finite-β reference with its bound ([Audit.md §6](../../../Derivations/Audit.md)).
///
/// Outside its reach (reported as skipped, with the reason): a polygon with
/// no minimum for the data ("not a minimum", "not a critical point"), β below
/// ``FullModelOracle/smallestBeta``, positions and radial moments (not
/// rotation invariant / frozen-square only), χ columns with a kink within the
/// posterior.
public struct FullModelReferences: AuditReferenceSource {
    /// MPFR bits of the critical-point analysis.
    public var precision: Int

    public init(precision: Int = 192) { self.precision = precision }

    public func references(for records: [AuditInput.Record]) throws -> [AuditReferenceLookup] {
        var oracles: [String: Result<FullModelOracle, FullModelOracle.NoMinimum>] = [:]
        var evaluations: [String: Result<FiniteBetaExpansion<Double>.Evaluation, FullModelOracle.Skip>] = [:]
        return try records.map { record in
            guard case .fullModel(let polygon) = record.configuration else {
                return .outsideReach("not a configuration of the full model: \(record.configuration.name)")
            }
            let key = "\(polygon.name) \(record.data.name)"
            if oracles[key] == nil {
                do {
                    oracles[key] = .success(try FullModelOracle.compute(configuration: polygon, data: record.data, precision: precision))
                } catch let error as FullModelOracle.NoMinimum {
                    oracles[key] = .failure(error)
                }
            }
            switch oracles[key]! {
            case .failure(let error): return .outsideReach(error.reason)
            case .success(let oracle):
                let at = "\(key) \(record.beta) \(record.localization)"
                if evaluations[at] == nil { evaluations[at] = oracle.evaluation(beta: record.beta, localization: record.localization) }
                return Self.lookup(record, oracle: oracle, evaluation: evaluations[at]!)
            }
        }
    }

    /// The reference of one record at `oracle`.
    static func lookup(
        _ record: AuditInput.Record, oracle: FullModelOracle, evaluation result: Result<FiniteBetaExpansion<Double>.Evaluation, FullModelOracle.Skip>
    ) -> AuditReferenceLookup {
        func answer(_ r: Result<AuditReference, FullModelOracle.Skip>) -> AuditReferenceLookup {
            switch r {
            case .success(let reference): .reference(reference)
            case .failure(let skip): .outsideReach(skip.reason)
            }
        }
        let evaluation: FiniteBetaExpansion<Double>.Evaluation
        switch result {
        case .failure(let skip): return .outsideReach(skip.reason)
        case .success(let e): evaluation = e
        }
        switch (record.quantity, record.observable) {
        case (.llc, _):
            return answer(oracle.llc(evaluation))
        case (.expectation, .loss?):
            return answer(oracle.meanLoss(evaluation))
        case (.expectation, .structural(let o)?), (.chi, .structural(let o)?):
            guard let k = FullModelOracle.row(of: o) else {
                return .outsideReach("outside the oracle's reach: \(o.name) is not rotation invariant; the full model's references cover dot(i,j) and norm(i)")
            }
            if record.quantity == .expectation { return .reference(oracle.mean(evaluation, row: k)) }
            guard let input = record.input else { return .outsideReach("a χ record needs an input") }
            return answer(oracle.chi(evaluation, row: k, input: input.index, convention: record.convention))
        case (_, let o):
            return .outsideReach("outside the oracle's reach: \(o?.name ?? "no observable") has no full-model reference (r^k is the frozen square's)")
        }
    }
}
