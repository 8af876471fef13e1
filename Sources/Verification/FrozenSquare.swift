import AnalyticOracle
import TMSEngine

/// The oracle case shared by the verification suite and `tms audit`: the
/// frozen square ([QuarticPosterior.md](../../Derivations/QuarticPosterior.md),
/// [BifurcationSusceptibilities.md](../../Derivations/BifurcationSusceptibilities.md)).
///
/// `W_0 … W_3` are the unit square, frozen; only `W_4` is sampled; no localization.
/// Under one-hot data (`h_x = 1` on the five one-hot inputs, the default) the
/// posterior of `W_4` is `∝ exp(−β |W_4|⁴)` exactly, so the engine's estimates have closed forms:
///
/// - `χ_{k,x}` for the 17 oracle rows (Conventions §5) and the 17 inputs
///   `00000 … 11110, 00001` (the 16 inputs without feature 4 and the one-hot
///   input of feature 4), in both conventions (Conventions §6);
/// - `E[r^k] = Γ((k+2)/4)/Γ(1/2) · β^{−k/4}` with `r = |W_4|`;
/// - the LLC `λ̂ = β (E[E] − E(w*)) = 1/2` for every β.
///
/// Under any other data (and for the 15 inputs with feature 4 and another
/// feature under one-hot data) the references are the frozen-square oracle's
/// quadrature, a ``FrozenSquareReferenceTable`` ([Audit.md §7](../../Derivations/Audit.md)).
///
/// β is the inverse temperature of the total loss, `nβ = 32 β` (Conventions §3–4).
public struct FrozenSquare: Sendable {
    public let beta: Double
    /// The training data (per-type weights and importances); one-hot by default.
    public let data: DataSpecification

    /// - Throws: ``AuditError/invalidSetting(name:value:reason:)`` unless β is finite and positive
    ///   and some input type containing feature 4 has positive weight (else nothing confines `W_4`).
    public init(beta: Double, data: DataSpecification = .oneHot) throws(AuditError) {
        guard beta.isFinite, beta > 0 else {
            throw .invalidSetting(name: "beta", value: "\(beta)", reason: "β must be finite and positive")
        }
        guard data.confinesFeature4 else {
            throw .invalidSetting(name: "data", value: data.label, reason: "no input type containing feature 4 has positive weight, so the posterior of W_4 is improper")
        }
        self.beta = beta
        self.data = data
    }

    /// The oracle's rows: `dot(i,j)`, `norm(i)`, `pos(4,x)`, `pos(4,y)`.
    public static let rows: [AnalyticOracle.Observable] = AnalyticOracle.Observable.oracleRows
    /// The oracle's inputs: type indices 0…16 (the 16 without feature 4, then `00001`).
    public static let inputs: [InputType] = InputType.oracleInputs
    /// The radial moments `E[r^k]` audited.
    public static let momentOrders: ClosedRange<Int> = 1...4
    /// The centre `w*`: the unit square at 0°, 90°, 180°, 270° and `W_4 = 0`.
    public static let center: [Double] = NamedConfiguration.squareDead.parameters
    /// The engine's observables, in the oracle's row order.
    public static let observables: ObservableSet = .oracle
    /// The row of `norm(4) = r`.
    static let radiusRow = rows.firstIndex(of: .norm(4))!

    /// The engine's potential: the 5×2 model with ``data``'s weights and importances.
    public func model() throws -> TMSModel {
        let training = try TrainingData<Double>(data) { text in
            guard let value = Double(text) else { throw DataSpecificationError.malformedNumber(field: "number", text: text) }
            return value
        }
        return try TMSModel(importances: training.importances, weights: training.weights)
    }

    /// `E(w*; h)` at the centre (`W_4 = 0`), by the literal model (`ReferenceModel`).
    public var centreEnergy: Double {
        let training = try? TrainingData<Double>(data) { Double($0) ?? .nan }
        let model = ReferenceModel<Double>(parameters: FrozenSquare.center, importances: training?.importances)
        return model.totalLoss(weights: InputType.all.map { ($0, training?.weights[$0.index] ?? .nan) })
    }

    /// A sampler of `W_4` alone at this β (`nβ = 32β`, γ = 0); `settings.nBeta` and
    /// `settings.localization` are overwritten.
    public func sampler(_ settings: SamplerSettings) throws -> LangevinSampler<TMSModel> {
        var settings = settings
        settings.nBeta = 32 * beta
        settings.localization = 0
        return try LangevinSampler(
            potential: try model(), center: FrozenSquare.center,
            mask: try ParameterMask.features([4]), settings: settings)
    }

    /// Runs ``sampler(_:)`` recording the oracle rows and the per-sample losses.
    public func run(_ settings: SamplerSettings) throws -> SampleRun {
        try sampler(settings).run(recording: RecordingOptions(observables: FrozenSquare.observables, perSampleLosses: true))
    }

    // MARK: Oracle values

    var susceptibilities: BifurcationSusceptibilities<Double> { BifurcationSusceptibilities(beta: beta) }

    /// The oracle's `χ_{k,x}` in `convention` (mean-preserving relative to the one-hot weights).
    public func chi(_ row: AnalyticOracle.Observable, _ input: InputType, convention: Susceptibility.Convention) throws -> Double {
        switch convention {
        case .jacobian: try susceptibilities.chi(row, input)
        case .meanPreserving: try susceptibilities.meanPreservingChi(row, input)
        }
    }

    /// `E[r^k]`.
    public func moment(_ k: Int) -> Double { QuarticPosterior<Double>(beta: beta).radialMoment(k) }

    /// The LLC, `β E[r⁴] = 1/2`.
    public var llc: Double { QuarticPosterior<Double>(beta: beta).llc }

    // MARK: Comparison

    /// Every audited quantity of `run` (a run of ``run(_:)`` at this β) against the oracle:
    /// `chi[row,input]` and `chi_mp[row,input]`, `E[r^k]` for k = 1…4, and `llc`.
    ///
    /// The inputs are all 32 types when `table` (the oracle's quadrature at this data and β)
    /// is given, else the 17 with closed forms (one-hot data only). An entry the table does
    /// not verify is left out.
    ///
    /// - Throws: ``AuditError/invalidSetting(name:value:reason:)`` for data other than
    ///   one-hot without a table, or a table of other data or β; the engine's errors.
    public func entries(of run: SampleRun, caseLabel: String, batchSize: Int? = nil,
                        table: FrozenSquareReferenceTable? = nil) throws -> [AuditEntry] {
        try checkTable(table)
        var entries: [AuditEntry] = []
        let inputs = table == nil ? FrozenSquare.inputs : InputType.all
        for convention in Susceptibility.Convention.allCases {
            let chi = try run.susceptibility(convention: convention, batchSize: batchSize)
            let prefix = convention == .jacobian ? "chi" : "chi_mp"
            for (k, row) in FrozenSquare.rows.enumerated() {
                for input in inputs {
                    guard let reference = chiReference(row, input, convention: convention, table: table) else { continue }
                    entries.append(AuditEntry(
                        caseLabel: caseLabel, quantity: "\(prefix)[\(row.name),\(input.name)]",
                        estimate: chi[row: k, column: input.index],
                        standardError: chi.standardError(row: k, column: input.index),
                        oracle: reference.value, referenceBound: reference.bound))
                }
            }
        }
        for k in FrozenSquare.momentOrders {
            guard let reference = expectationReference(.radialMoment(k), table: table) else { continue }
            let estimate = try run.meanEstimate(batchSize: batchSize) { c, n in
                power(run.observable(FrozenSquare.radiusRow, chain: c, draw: n), k)
            }
            entries.append(AuditEntry(
                caseLabel: caseLabel, quantity: "E[r^\(k)]", estimate: estimate.value,
                standardError: estimate.standardError, oracle: reference.value, referenceBound: reference.bound))
        }
        if let reference = llcReference(table: table) {
            let llc = try run.localLearningCoefficient(batchSize: batchSize)
            entries.append(AuditEntry(caseLabel: caseLabel, quantity: "llc", estimate: llc.value, standardError: llc.standardError,
                                      oracle: reference.value, referenceBound: reference.bound))
        }
        return entries
    }

    /// Throws unless `table` is of this data and β, or absent under one-hot data.
    func checkTable(_ table: FrozenSquareReferenceTable?) throws(AuditError) {
        guard let table else {
            guard data.isOneHot else {
                throw .invalidSetting(name: "data", value: data.label, reason: "the frozen square under data other than one-hot needs the oracle's table")
            }
            return
        }
        guard table.data == data, table.beta == beta else {
            throw .invalidSetting(name: "oracle table", value: "\(table.data.label) β=\(table.beta)", reason: "does not match the run's data \(data.label) and β = \(beta)")
        }
    }
}

/// `x^k` for a small integer `k ≥ 0`.
func power(_ x: Double, _ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<k { result *= x }
    return result
}
