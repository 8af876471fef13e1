import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// The precision rule documented on ``BigFloat``: results carry the maximum of
/// their operands' precisions; constants, integers and parsed decimals carry the
/// task-local working precision.
@Suite("Precision rule")
struct PrecisionRuleTests {
    @Test("results carry the maximum of the operands' precisions")
    func resultsCarryTheMaximumPrecision() async {
        await propertyCheck(count: 100, input: Gen<Int>.precision(in: 2...4096), Gen<Int>.precision(in: 2...4096)) { pa, pb in
            let a = BigFloat(3, precision: pa), b = BigFloat(2, precision: pb)
            let binary = [a + b, a - b, a * b, a / b, BigFloat.pow(a, b), BigFloat.atan2(y: a, x: b), BigFloat.max(a, b) + BigFloat.min(a, b)]
            for r in binary { #expect(r.precision == max(pa, pb)) }
            let unary = [-a, a.magnitude, BigFloat.sqrt(a), BigFloat.exp(a), BigFloat.log(a), BigFloat.sin(a), BigFloat.cos(a),
                         BigFloat.gamma(a), BigFloat.logGamma(a), BigFloat.pow(a, 7), BigFloat.relu(-a), a.scaled(byPowerOfTwo: 5)]
            for r in unary { #expect(r.precision == pa) }
            let interval = BigInterval(a) * BigInterval(b)
            #expect(interval.precision == max(pa, pb))
        }
    }

    @Test("constants, integers and decimals take the working precision; Doubles at least 53 bits")
    func constantsUseTheWorkingPrecision() async {
        #expect(BigFloat.workingPrecision == 256, "documented default")
        await propertyCheck(count: 100, input: Gen<Int>.precision(in: 2...4096)) { p in
            BigFloat.withWorkingPrecision(p) {
                let literal: BigFloat = 7
                let values = [BigFloat.pi, BigFloat.pi(), BigFloat.e(), BigFloat.ln2(), BigFloat(-12), literal,
                              try! BigFloat(decimal: "0.1"), BigFloat.ratio(1, 3)]
                for v in values { #expect(v.precision == p) }
                #expect(BigFloat(0.1).precision == max(p, 53), "a Double is kept exact")
                #expect(BigFloat(0.1).doubleValue == 0.1)
                #expect(BigInterval.pi.precision == p && BigInterval(5).precision == p)
            }
        }
        #expect(BigFloat.pi.precision == 256, "the working precision is restored after the scope")
    }

    @Test("the working precision is task-local: concurrent tasks see their own")
    func workingPrecisionIsTaskLocal() async {
        let precisions = Array(stride(from: 53, through: 2053, by: 50))
        let seen = await withTaskGroup(of: (Int, Int, Int).self) { group in
            for p in precisions {
                group.addTask {
                    await BigFloat.$workingPrecision.withValue(p) {
                        await Task.yield()
                        // A child task inherits the value; a nested scope overrides it.
                        async let child = BigFloat.pi.precision
                        let nested = BigFloat.withWorkingPrecision(p + 1) { BigFloat.pi.precision }
                        return (p, await child, nested)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(seen.count == precisions.count)
        for (p, child, nested) in seen { #expect(child == p && nested == p + 1) }
        #expect(BigFloat.workingPrecision == 256)
    }
}
