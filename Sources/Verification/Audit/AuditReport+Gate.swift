import Foundation

/// The pass/fail rule of `tms audit`, applied to the entries of an
/// ``AuditReport`` whatever produced them (the samplers, or any kind of record
/// read with `--from-file`): it looks only at estimates, standard errors and
/// oracle values. See [Audit.md](../../../Derivations/Audit.md) §4, "The gate".
///
/// An audit **fails** when
/// 1. no entry could be checked (no entries, or none with a standard error);
/// 2. some `|z|` exceeds ``maxZ`` (an infinite z, a constant quantity estimated
///    wrong, always counts);
/// 3. with ``minimumCoverage`` `p`: the nominal 95% intervals cover the oracle
///    significantly less often than `p`. The test is the exact one-sided
///    binomial test of `H₀: coverage ≥ p` on the entries with a positive
///    standard error, rejecting when `P(X ≤ covered | n, p) <` ``significance``
///    (default 0.01). It treats the entries as independent; entries of one run
///    are positively correlated, which makes the test reject more readily than
///    its nominal level, so a failure means "too little coverage or too few
///    independent runs to tell".
public struct AuditGate: Sendable, Equatable {
    /// The largest `|z|` allowed.
    public var maxZ: Double
    /// The coverage the nominal 95% intervals must reach (`nil`: not tested).
    public var minimumCoverage: Double?
    /// The level of the binomial test of ``minimumCoverage``.
    public var significance: Double

    public init(maxZ: Double = 5, minimumCoverage: Double? = nil, significance: Double = 0.01) {
        self.maxZ = maxZ
        self.minimumCoverage = minimumCoverage
        self.significance = significance
    }

    /// Throws the first setting out of range.
    public func validate() throws(AuditError) {
        guard maxZ.isFinite, maxZ > 0 else {
            throw .invalidSetting(name: "max-z", value: "\(maxZ)", reason: "must be finite and positive")
        }
        if let p = minimumCoverage, !(p > 0 && p < 1) {
            throw .invalidSetting(name: "min-coverage", value: "\(p)", reason: "must lie strictly between 0 and 1")
        }
        guard significance > 0, significance < 1 else {
            throw .invalidSetting(name: "significance", value: "\(significance)", reason: "must lie strictly between 0 and 1")
        }
    }
}

/// The outcome of an ``AuditGate`` on a report.
public struct AuditVerdict: Sendable, Equatable {
    /// The binomial test of the coverage against ``AuditGate/minimumCoverage``.
    public struct CoverageTest: Sendable, Equatable {
        public var minimumCoverage: Double
        public var significance: Double
        /// Entries with a positive standard error, and how many of them are covered.
        public var count: Int
        public var covered: Int
        /// `P(X ≤ covered)` for `X ~ Binomial(count, minimumCoverage)`.
        public var pValue: Double
        public var passed: Bool { pValue >= significance }
    }

    /// Why the audit failed, one sentence each; empty when it passed.
    public var failures: [String]
    public var coverageTest: CoverageTest?

    public var passed: Bool { failures.isEmpty }
}

extension AuditReport {
    /// Applies `gate` to every entry of the report.
    public func verdict(_ gate: AuditGate) -> AuditVerdict {
        var failures: [String] = []
        let all = entries
        let checked = all.count { $0.z != nil }
        if all.isEmpty {
            failures.append("no entry could be checked: the audit has no entries")
        } else if checked == 0 {
            failures.append("no entry could be checked: none of the \(all.count) entries has a standard error")
        }
        let large = self.failures(maxZ: gate.maxZ).count
        if large > 0 { failures.append("\(large) entries with |z| above \(gate.maxZ)") }
        var test: AuditVerdict.CoverageTest? = nil
        if let p = gate.minimumCoverage {
            let s = summary
            if s.statisticalCount == 0 {
                failures.append("the coverage cannot be tested against \(p): no entry has a positive standard error")
            } else {
                let t = AuditVerdict.CoverageTest(
                    minimumCoverage: p, significance: gate.significance, count: s.statisticalCount, covered: s.coveredCount,
                    pValue: Self.binomialCDF(s.coveredCount, count: s.statisticalCount, probability: p))
                if !t.passed {
                    failures.append(String(
                        format: "coverage %d/%d = %.3f is below %g (one-sided binomial test, p-value %.3g < %g)",
                        t.covered, t.count, Double(t.covered) / Double(t.count), p, t.pValue, gate.significance))
                }
                test = t
            }
        }
        return AuditVerdict(failures: failures, coverageTest: test)
    }

    /// `P(X ≤ k)` for `X ~ Binomial(n, p)`, summed in log space (exact up to rounding for any `n`).
    public static func binomialCDF(_ k: Int, count n: Int, probability p: Double) -> Double {
        if k >= n { return 1 }
        if k < 0 { return 0 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        let lgamma: (Double) -> Double = Foundation.lgamma
        let logP = Foundation.log(p), logQ = Foundation.log1p(-p), logNFactorial = lgamma(Double(n) + 1)
        var terms: [Double] = []
        terms.reserveCapacity(k + 1)
        for i in 0...k {
            let x = Double(i)
            terms.append(logNFactorial - lgamma(x + 1) - lgamma(Double(n) - x + 1) + x * logP + (Double(n) - x) * logQ)
        }
        let top = terms.max()!
        let sum = terms.reduce(0) { $0 + Foundation.exp($1 - top) }
        return Swift.min(1, Foundation.exp(top + Foundation.log(sum)))
    }
}
