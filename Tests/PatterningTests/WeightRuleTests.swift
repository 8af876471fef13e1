import Foundation
import Patterning
import PropertyBased
import Testing

/// The two weight rules against independent characterisations.
@Suite("Weight rules")
struct WeightRuleTests {
    /// Natural weights of a Bernoulli(p) distribution over the 32 input types,
    /// normalised to mean 1 (Conventions §2), computed by bit counting.
    static func naturalWeights(sparsity: Double) -> [Double] {
        let p = 1 - sparsity
        return (0..<32).map { t in
            let k = t.nonzeroBitCount
            return 32 * pow(p, Double(k)) * pow(1 - p, Double(5 - k))
        }
    }

    @Test("Additive rule: mean 1, floor respected, clipped entries tied at the floor ratio")
    func additiveMeanAndFloor() async throws {
        await propertyCheck(input: Gen.double(in: 0.5...0.99), Gen.double(in: 0...10), Gen.uint64()) { sparsity, s, seed in
            var rng = SplitMix64(seed: seed)
            let h0 = Self.naturalWeights(sparsity: sparsity)
            let dh = randomVector(32, using: &rng)
            let floor = 1e-3
            let h = try WeightRule.additive(floor: floor).weights(baseline: h0, direction: dh, scale: s)
            #expect(abs(h.reduce(0, +) / 32 - 1) <= 64 * eps)
            // Normalisation divides by mean(max(h₀ + s·dh, ε)) ≤ max(h₀) + s·max|dh| + ε.
            let largestRaw = zip(h0, dh).map { $0 + s * $1 }.max()! + floor
            #expect(h.min()! >= floor / largestRaw * (1 - 8 * eps))
            // Every clipped type gets the same weight, and it is the smallest one.
            let clipped = (0..<32).filter { h0[$0] + s * dh[$0] <= floor }
            if let first = clipped.first {
                #expect(clipped.allSatisfy { h[$0] == h[first] })
                #expect(h.min()! == h[first])
            }
        }
    }

    @Test("Additive rule without clipping and with Σdh = 0 is exactly h₀ + s·dh")
    func additiveUnclipped() async throws {
        await propertyCheck(input: Gen.double(in: 0...0.3), Gen.uint64()) { s, seed in
            var rng = SplitMix64(seed: seed)
            let h0 = Array(repeating: 1.0, count: 32)
            var dh = randomVector(32, using: &rng)
            let mean = dh.reduce(0, +) / 32
            dh = dh.map { $0 - mean }
            let h = try WeightRule.additive().weights(baseline: h0, direction: dh, scale: s)
            for x in 0..<32 { #expect(abs(h[x] - (1 + s * dh[x])) <= 64 * eps) }
        }
    }

    @Test("Exponential rule: mean 1, shift invariant, zero-weight types stay zero")
    func exponentialInvariants() async throws {
        await propertyCheck(input: Gen.double(in: -50...50), Gen.double(in: -100...100), Gen.uint64()) { s, shift, seed in
            var rng = SplitMix64(seed: seed)
            var h0 = Self.naturalWeights(sparsity: 0.9)
            h0[0] = 0  // the all-zero input type carries no loss anyway
            let dh = randomVector(32, using: &rng)
            let h = try WeightRule.exponential.weights(baseline: h0, direction: dh, scale: s)
            let shifted = try WeightRule.exponential.weights(baseline: h0, direction: dh.map { $0 + shift }, scale: s)
            #expect(abs(h.reduce(0, +) / 32 - 1) <= 64 * eps)
            #expect(h[0] == 0)
            #expect(h.allSatisfy { $0.isFinite && $0 >= 0 })
            // exp(s·(dh + c)) = exp(s·dh)·exp(s·c): the shift changes rounding only,
            // by ≤ (|s·shift| + |s|·max|dh|)·ε relative per entry (argument rounding of exp).
            let tol = (abs(s * shift) + abs(s) + 1) * 64 * eps
            for x in 1..<32 { #expect(abs(shifted[x] - h[x]) <= tol * h[x] + 1e-300) }
        }
    }

    @Test("Exponential rule linearises to h₀(1 + s(dh − h̄·dh)) with an O(s²) remainder")
    func exponentialLinearisation() throws {
        var rng = SplitMix64(seed: 11)
        let h0 = Self.naturalWeights(sparsity: 0.9)
        let dh = randomVector(32, using: &rng)
        let weightedMean = zip(h0, dh).reduce(0) { $0 + $1.0 * $1.1 } / h0.reduce(0, +)
        for s in [1e-2, 1e-3, 1e-4] {
            let h = try WeightRule.exponential.weights(baseline: h0, direction: dh, scale: s)
            // h_x = h₀_x e^{s d_x}/mean(h₀ e^{s d}); with |d| ≤ 1 the second
            // derivative in s of each entry is ≤ 4·h₀_x·(e^{2s})², so the
            // remainder is ≤ 2 s² h₀_x e^{4s}.
            for x in 0..<32 {
                let linear = h0[x] * (1 + s * (dh[x] - weightedMean))
                #expect(abs(h[x] - linear) <= 2 * s * s * h0[x] * exp(4 * s) + 64 * eps)
            }
        }
    }

    @Test("Both rules leave natural weights unchanged at s = 0")
    func identityAtZeroScale() throws {
        let h0 = Self.naturalWeights(sparsity: 0.95)
        let dh = (0..<32).map { Double($0) - 10 }
        for rule in [WeightRule.additive(floor: 1e-6), .exponential] {
            let h = try rule.weights(baseline: h0, direction: dh, scale: 0)
            // mean(h₀) = 1 exactly up to rounding (binomial theorem).
            for x in 0..<32 { #expect(abs(h[x] - h0[x]) <= 64 * eps * max(1, h0[x])) }
        }
    }
}
