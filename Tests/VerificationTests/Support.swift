import Foundation
import Testing
import TMSEngine
import Verification

/// Shared helpers of the verification suite.
enum Support {
    /// `TMS_LONG_TESTS=1` runs the long sweeps (more cases, more draws).
    static let longTests = ProcessInfo.processInfo.environment["TMS_LONG_TESTS"] == "1"

    /// Draws per chain of the full 10-parameter posterior runs (MALA at ε = 2·10⁻³, β = 20, γ = 100:
    /// acceptance ≈ 0.68, integrated autocorrelation ≈ 12 steps).
    static let fullPosteriorDraws = longTests ? 20_000 : 3_000
    /// Their batch size: 20 batches per chain, each ≫ the autocorrelation time.
    static let batchSize = fullPosteriorDraws / 20

    /// The band a Monte Carlo comparison must meet: `|bias| ≤ bands · SE + allowance`.
    static let bands = 5.0

    /// Records an issue for every entry with `|bias| > bands·SE` (or, for an entry with
    /// zero SE, beyond ``AuditEntry/exactTolerance(_:)``), naming the entry; returns the largest |z|.
    @discardableResult
    static func expectAgreement(_ entries: [AuditEntry], sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        var worst = 0.0
        for e in entries {
            let se = e.standardError ?? 0
            let limit = se > 0 ? bands * se : AuditEntry.exactTolerance(e.oracle)
            if let z = e.z, se > 0 { worst = max(worst, z.magnitude) }
            #expect(
                e.bias.magnitude <= limit,
                "\(e.caseLabel) \(e.quantity): estimate \(e.estimate) vs oracle \(e.oracle), bias \(e.bias), SE \(se)",
                sourceLocation: sourceLocation)
        }
        return worst
    }
}
