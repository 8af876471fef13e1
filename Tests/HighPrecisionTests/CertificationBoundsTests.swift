import Foundation
import HighPrecision
import Testing

/// The certification loop is bounded: by MPFR's exponent range (it stops at the first
/// precision when an uncertified value under- or overflowed) and by the precision ceiling.
@Suite struct CertificationBoundsTests {
    static func exp(_ decimal: String) throws -> BigInterval { BigInterval.exp(try BigInterval(decimal: decimal)) }

    /// `e^(−8·10⁸)` is below MPFR's smallest number (`2^−1073741824`): no precision can certify it,
    /// and the loop says so at once instead of doubling to the ceiling.
    @Test func underflowStopsAtOnce() throws {
        var precisions: [Int] = []
        do {
            _ = try Certified.decimals(digits: 20, progress: { precisions.append($0) }) { [try Self.exp("-8e8")] }
            Issue.record("certified a value below MPFR's range")
        } catch let failure as Certified.Failure {
            #expect(failure.reason == .exponentRange)
            #expect(failure.index == 0)
            #expect(failure.description.contains("exponent range"))
        }
        #expect(precisions.count == 1)
        // Overflow too: e^(8·10⁸).
        #expect(throws: Certified.Failure.self) { try Certified.decimals(digits: 20) { [try Self.exp("8e8")] } }
    }

    /// An underflow in an intermediate step that does not spoil the result does not stop it:
    /// `1 + e^(−10¹⁰)` certifies as 1.000….
    @Test func harmlessUnderflowStillCertifies() throws {
        let values = try Certified.decimals(digits: 20) { [1 + (try Self.exp("-1e10")), try Self.exp("-7e8")] }
        #expect(values[0] == "1.0000000000000000000")
        // e^(−7·10⁸) is representable: 10^(−304006137.3…), to 20 digits.
        #expect(values[1].hasSuffix("e-304006138"))
    }

    /// A value that is exactly zero but computed inexactly stops at the precision ceiling (with
    /// its enclosure named), and the ceiling is reached by doubling, a bounded number of steps.
    @Test func inexactZeroStopsAtTheCeiling() {
        var precisions: [Int] = []
        do {
            _ = try Certified.decimals(digits: 10, maximumPrecision: 1024, progress: { precisions.append($0) }) {
                [BigInterval.sin(BigInterval.pi)]
            }
            Issue.record("certified an enclosure of 0")
        } catch let failure as Certified.Failure {
            #expect(failure.reason == .precisionCeiling)
            #expect(failure.description.contains("1024 bits"))
        } catch {
            Issue.record("\(error)")
        }
        #expect(precisions == [98, 196, 392, 784, 1024])
    }
}
