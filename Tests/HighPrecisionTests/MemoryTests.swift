import HighPrecision
import TestSupport
import Testing

@Suite("Memory")
struct MemoryTests {
    /// Creates and drops `count` values (each a fresh MPFR number with its limbs)
    /// and returns a checksum so the work cannot be optimised away.
    static func churn(_ count: Int, precision: Int) -> Int {
        let step = BigFloat(3, precision: precision) / BigFloat(7, precision: precision)
        var x = BigFloat(1, precision: precision)
        var signs = 0
        for i in 0..<count / 3 {
            // Three new values per iteration (sum, product, rounded product); the
            // previous iteration's values are dropped.
            let y = x + step
            let z = y * step
            x = z.rounded(toPrecision: precision)
            if i % 1024 == 0 { x = BigFloat(1, precision: precision) }
            signs += x.signum
        }
        return signs
    }

    @Test("creating and dropping 2 million values keeps the resident size flat")
    func residentSizeStaysFlat() throws {
        try #require(ResidentMemory.bytes() != nil, "needs /proc/self/statm")
        let perRound = 200_000, rounds = 10, precision = 256
        // Warm-up: lets malloc reach its steady state (arenas, free lists).
        _ = Self.churn(perRound, precision: precision)
        let before = try #require(ResidentMemory.bytes())
        var checksum = 0
        for _ in 0..<rounds { checksum += Self.churn(perRound, precision: precision) }
        let after = try #require(ResidentMemory.bytes())
        #expect(checksum > 0)
        // A leak of one value (mpfr_t header 32 B + 4 limbs 32 B + the Swift object,
        // ≥ 96 B with malloc overhead) per value would add ≥ 180 MiB over 2 million
        // values; even a leak of only the 32 limb bytes would add 61 MiB. The slack
        // of 24 MiB absorbs what the other tests, running concurrently in this
        // process, allocate meanwhile.
        let growth = after - before
        #expect(growth < 24 << 20, "resident size grew by \(growth >> 20) MiB over \(perRound * rounds) values")
    }
}
