import AnalyticOracle
import TMSEngine

/// `tms audit`: the engine's estimators run over an ``AuditGrid`` on the
/// frozen square and compared, quantity by quantity, with the analytic oracle
/// ([Audit.md](../../../Derivations/Audit.md)).
public enum Audit {
    /// Runs every case of `grid` and compares its estimates with the oracle.
    /// `progress(done, total)` is called before the first case and after each one.
    /// The standard errors use batches of `batchSize` draws, by default ``defaultBatchSize(draws:)``.
    /// `tables` gives the oracle's quadrature at each `(grid.data, β)`, asked once per β (all 32
    /// inputs are checked when it answers; under one-hot data, `nil` keeps the 17 inputs with
    /// closed forms).
    public static func run(
        _ grid: AuditGrid, batchSize: Int? = nil, tables: FrozenSquareTableSource = FrozenSquareReferenceTable.compute,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> AuditReport {
        try grid.validate()
        let cases = grid.cases
        var results: [AuditReport.CaseResult] = []
        var cache: [Double: FrozenSquareReferenceTable?] = [:]
        progress(0, cases.count)
        for (index, item) in cases.enumerated() {
            let square = try FrozenSquare(beta: item.beta, data: grid.data)
            let run = try square.run(item.settings)
            if cache[item.beta] == nil { cache[item.beta] = .some(try tables(grid.data, item.beta)) }
            let entries = try square.entries(of: run, caseLabel: item.label, batchSize: batchSize ?? defaultBatchSize(draws: grid.draws),
                                             table: cache[item.beta]!)
            let acceptance = run.acceptanceRates.isEmpty ? nil : run.acceptanceRates.reduce(0, +) / Double(run.acceptanceRates.count)
            results.append(AuditReport.CaseResult(
                label: item.label, method: item.settings.method.rawValue, beta: item.beta,
                stepSize: item.settings.stepSize, chains: item.settings.chains, draws: item.settings.draws,
                seed: item.settings.seed, acceptanceRate: acceptance, entries: entries, warnings: run.warnings.map(\.description)))
            progress(index + 1, cases.count)
        }
        return AuditReport(cases: results)
    }

    /// 20 batches per chain, `⌊draws/20⌋` (at least 1): with the engine's default `⌊√draws⌋` the
    /// batches of slowly mixing runs (small ε) are shorter than the autocorrelation time and the
    /// standard errors come out ≈ 10% small (Audit.md §2).
    public static func defaultBatchSize(draws: Int) -> Int { max(1, draws / 20) }
}
