/// The result of an audit: per case, every audited entry (``AuditEntry``)
/// and a summary — the coverage of nominal 95% intervals and the largest |z|.
public struct AuditReport: Sendable, Equatable {
    /// One sampler run (or one β of an audited file) and its entries.
    public struct CaseResult: Sendable, Equatable {
        public var label: String
        /// `mala`, `sgld`, or `file` for estimates read with `--from-file`.
        public var method: String
        public var beta: Double
        public var stepSize: Double?
        public var chains: Int?
        public var draws: Int?
        public var seed: UInt64?
        /// MALA's mean acceptance rate over the chains.
        public var acceptanceRate: Double?
        public var entries: [AuditEntry]
        /// What makes the run's estimates untrustworthy as they stand (frozen chains, MALA
        /// acceptance below 1%: `SamplerWarning`), one line each.
        public var warnings: [String]

        public init(
            label: String, method: String, beta: Double, stepSize: Double? = nil, chains: Int? = nil, draws: Int? = nil,
            seed: UInt64? = nil, acceptanceRate: Double? = nil, entries: [AuditEntry], warnings: [String] = []
        ) {
            self.warnings = warnings
            self.label = label
            self.method = method
            self.beta = beta
            self.stepSize = stepSize
            self.chains = chains
            self.draws = draws
            self.seed = seed
            self.acceptanceRate = acceptanceRate
            self.entries = entries
        }

        public var summary: Summary { Summary(entries) }
    }

    /// Coverage and extreme z over a set of entries.
    public struct Summary: Sendable, Equatable {
        /// Entries with a positive standard error (the ones whose coverage is counted).
        public var statisticalCount: Int
        /// Among those, the number whose 95% interval contains the oracle.
        public var coveredCount: Int
        /// Entries with zero standard error (constant quantities) and those without one.
        public var exactCount: Int
        public var unratedCount: Int
        /// The entry with the largest |z| (`nil` if no entry has a z).
        public var worst: AuditEntry?

        public init(_ entries: [AuditEntry]) {
            statisticalCount = entries.count { ($0.standardError ?? 0) > 0 }
            coveredCount = entries.count { $0.covered == true }
            exactCount = entries.count { $0.standardError == 0 }
            unratedCount = entries.count { $0.standardError == nil }
            worst = entries.filter { $0.gateZ != nil }.max { $0.gateZ!.magnitude < $1.gateZ!.magnitude }
        }

        /// `coveredCount / statisticalCount` (`nil` if nothing is statistical).
        public var coverage: Double? { statisticalCount > 0 ? Double(coveredCount) / Double(statisticalCount) : nil }
        /// `|z|` of ``worst`` (beyond the reference's bound: ``AuditEntry/gateZ``).
        public var maxAbsZ: Double? { worst?.gateZ?.magnitude }
    }

    public var cases: [CaseResult]
    /// Records of an input that were not audited, one line each saying which and why
    /// (listed in every output format).
    public var skipped: [String]
    /// What the references are (exact, asymptotic, a finite-β model with its bound), one line
    /// each, printed before the entries.
    public var notes: [String]

    public init(cases: [CaseResult], skipped: [String] = [], notes: [String] = []) {
        self.cases = cases
        self.skipped = skipped
        self.notes = notes
    }

    /// Every entry of every case.
    public var entries: [AuditEntry] { cases.flatMap(\.entries) }

    /// The summary over all cases.
    public var summary: Summary { Summary(entries) }

    /// The summary of each method's cases (`mala`, `sgld`, `file`), in order of first appearance.
    public var summariesByMethod: [(method: String, summary: Summary)] {
        var methods: [String] = []
        for item in cases where !methods.contains(item.method) { methods.append(item.method) }
        return methods.map { m in (m, Summary(cases.filter { $0.method == m }.flatMap(\.entries))) }
    }

    /// The entries with `|z| > maxZ` beyond their reference's bound (``AuditEntry/gateZ``; an
    /// infinite z — a constant quantity estimated wrong — always counts).
    public func failures(maxZ: Double) -> [AuditEntry] {
        entries.filter { ($0.gateZ?.magnitude ?? 0) > maxZ }
    }
}
