import AnalyticOracle

/// The susceptibility matrix at the 4→5 bifurcation two ways: the closed form
/// of `BifurcationSusceptibilities` and an SGLD estimate,
/// rows = observables (the oracle's 17: `dot(i,j)`, `norm(i)`, `pos(4,x)`,
/// `pos(4,y)`), columns = input types (by name, e.g. `10000`). Both in the
/// convention `χ_{k,x} = −β Cov_β(φ_k, ℓ_x)` of
/// [Conventions §6](../../../Derivations/Conventions.md).
public struct ChiComparison: Sendable, Equatable, Codable {
    public var beta: Double
    public var rows: [String]
    public var columns: [String]
    public var closedForm: [[Double]]
    /// The SGLD estimate (`nil` draws the closed form alone).
    public var estimate: [[Double]]?
    /// The standard error of each estimated entry, if known.
    public var standardError: [[Double]]?

    enum CodingKeys: String, CodingKey {
        case beta, rows, columns
        case closedForm = "closed_form"
        case estimate
        case standardError = "standard_error"
    }

    /// - Throws: ``FigureError`` when a matrix is not `rows × columns` or has non-finite entries.
    public init(beta: Double, rows: [String], columns: [String], closedForm: [[Double]], estimate: [[Double]]? = nil, standardError: [[Double]]? = nil) throws(FigureError) {
        guard beta > 0, beta.isFinite else { throw .outOfRange(what: "beta", value: beta, allowed: "(0, ∞)") }
        try Check.atMost(rows, Figure.maximumMatrixSide, "rows")
        try Check.atMost(columns, Figure.maximumMatrixSide, "columns")
        for (name, matrix) in [("closed form", closedForm), ("estimate", estimate), ("standard error", standardError)] {
            guard let matrix else { continue }
            try Check.count(matrix, rows.count, "\(name) rows")
            for (k, row) in matrix.enumerated() {
                try Check.count(row, columns.count, "\(name) row \(rows[k])")
                try Check.finite(row, "\(name) entry in row \(rows[k])")
            }
        }
        self.beta = beta
        self.rows = rows
        self.columns = columns
        self.closedForm = closedForm
        self.estimate = estimate
        self.standardError = standardError
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            beta: try c.decode(Double.self, forKey: .beta), rows: try c.decode([String].self, forKey: .rows),
            columns: try c.decode([String].self, forKey: .columns), closedForm: try c.decode([[Double]].self, forKey: .closedForm),
            estimate: try c.decodeIfPresent([[Double]].self, forKey: .estimate),
            standardError: try c.decodeIfPresent([[Double]].self, forKey: .standardError))
    }

    /// The oracle's closed form at inverse temperature `beta` over its 17 rows
    /// and 17 inputs (the 16 without feature 4 and `00001`).
    public static func closedForm(beta: Double) throws -> ChiComparison {
        let chi = BifurcationSusceptibilities<Double>(beta: beta)
        return try ChiComparison(
            beta: beta, rows: Observable.oracleRows.map(\.name), columns: InputType.oracleInputs.map(\.name),
            closedForm: try chi.matrix(rows: Observable.oracleRows, inputs: InputType.oracleInputs))
    }

    /// This comparison with an estimate added (same shape).
    public func with(estimate: [[Double]], standardError: [[Double]]? = nil) throws(FigureError) -> ChiComparison {
        try ChiComparison(beta: beta, rows: rows, columns: columns, closedForm: closedForm, estimate: estimate, standardError: standardError)
    }
}

extension ChiComparison {
    /// This comparison with an SGLD estimate from `TMSEngine`: the frozen
    /// square (`NamedConfiguration.squareDead`) with only `W_4`
    /// free, one-hot data, no localization (the oracle's posterior,
    /// [Conventions §3](../../../Derivations/Conventions.md)), recording the
    /// oracle's 17 observables; `settings.nBeta` is set to `32 β`.
    public func estimated(settings: SamplerSettings) throws -> ChiComparison {
        var settings = settings
        settings.nBeta = 32 * beta
        let sampler = try LangevinSampler(
            potential: try TMSModel(weights: TMSModel.oneHotWeights()), center: NamedConfiguration.squareDead.parameters,
            mask: try ParameterMask.features([4]), settings: settings)
        let run = try sampler.run(recording: RecordingOptions(observables: .oracle, perSampleLosses: true))
        let chi = try run.susceptibility()
        var estimate: [[Double]] = [], errors: [[Double]] = []
        for name in rows {
            guard let k = chi.rows.firstIndex(of: name) else { throw FigureError.unknownName(what: "observable", name: name) }
            var values: [Double] = [], se: [Double] = []
            for column in columns {
                guard let x = TMSModel.typeIndex(named: column) else { throw FigureError.unknownName(what: "input type", name: column) }
                values.append(chi[row: k, column: x])
                se.append(chi.standardError(row: k, column: x))
            }
            estimate.append(values)
            errors.append(se)
        }
        return try with(estimate: estimate, standardError: errors)
    }
}

import TMSEngine
