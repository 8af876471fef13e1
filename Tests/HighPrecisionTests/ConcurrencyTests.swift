import CMPFR
import HighPrecision
import Testing

/// Value semantics under Swift 6 strict concurrency: `BigFloat` is `Sendable`
/// because its MPFR number is written once, before the value is shared.
@Suite("Concurrency")
struct ConcurrencyTests {
    /// One fixed computation over shared inputs.
    static func work(_ xs: [BigFloat]) -> BigFloat {
        var total = BigFloat(0, precision: xs[0].precision)
        for x in xs {
            total = total + BigFloat.sin(x) * BigFloat.exp(-x) + BigFloat.gamma(x.magnitude + 1)
        }
        return total + BigFloat.pi(precision: xs[0].precision)
    }

    @Test("values shared by 64 concurrent tasks give bit-identical results")
    func sharedValuesAcrossConcurrentTasks() async throws {
        // MPFR keeps its flags, exponent range and constant caches (π, log 2) per
        // thread only when built thread-safe; BigFloat's Sendable claim needs it.
        #expect(mpfr_buildopt_tls_p() != 0, "libmpfr must be built with thread-local storage")
        let inputs = try (1...40).map { try BigFloat(decimal: "\($0).\($0 * 37)", precision: 300 + 13 * $0) }
        #expect(inputs.count == 40)
        let serial = Self.work(inputs)
        let results = await withTaskGroup(of: BigFloat.self) { group in
            for _ in 0..<64 { group.addTask { Self.work(inputs) } }
            return await group.reduce(into: [BigFloat]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        for r in results {
            #expect(r == serial && r.precision == serial.precision)
            #expect(r.decimal(significantDigits: 150) == serial.decimal(significantDigits: 150))
        }
        // The shared inputs are unchanged.
        for (i, x) in inputs.enumerated() { #expect(x == (try BigFloat(decimal: "\(i + 1).\((i + 1) * 37)", precision: x.precision))) }
    }

    @Test("copies are independent values: rebinding one leaves the other unchanged")
    func copiesHaveValueSemantics() {
        var a = try! BigFloat(decimal: "1.5", precision: 128)
        let b = a
        a += 1
        #expect(b == BigFloat(3, precision: 53) / BigFloat(2, precision: 53))
        #expect(a == BigFloat(5, precision: 53) / BigFloat(2, precision: 53))
    }
}
