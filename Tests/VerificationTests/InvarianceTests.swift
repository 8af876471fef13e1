import D5Taxonomy
import Foundation
import PropertyBased
import Testing
import TestSupport
import TMSEngine

/// Symmetries of the model, checked on the engine: a global rotation or reflection
/// `Q ∈ O(2)` of all feature vectors leaves every per-sample loss, the dot and norm
/// observables and (up to `Q`) the gradient unchanged; relabeling features by a
/// permutation `π` (with the inputs and importances relabeled alike) permutes the
/// per-sample losses; and, for the sampler, the same symmetries map χ to χ with
/// rows and columns permuted (two independent runs, 5 combined SE).
@Suite struct InvarianceTests {
    static let parameters = Gen.double(in: -1.5...1.5).array(of: 10...10)
    static let importances = Gen.double(in: 0.2...3).array(of: 5...5)
    static let factor = 64 * Double.ulpOfOne / 2

    /// `Q w`: every column rotated by `angle`, reflected across the x-axis first if `reflect`.
    static func transform(_ w: [Double], angle: Double, reflect: Bool) -> [Double] {
        let c = Foundation.cos(angle), s = Foundation.sin(angle)
        var out = w
        for i in 0..<(w.count / 2) {
            let x = w[2 * i], y = reflect ? -w[2 * i + 1] : w[2 * i + 1]
            out[2 * i] = c * x - s * y
            out[2 * i + 1] = s * x + c * y
        }
        return out
    }

    /// The columns relabeled: `W'_{π(i)} = W_i`.
    static func relabel(_ w: [Double], _ pi: [Int]) -> [Double] {
        var out = w
        for i in 0..<5 {
            out[2 * pi[i]] = w[2 * i]
            out[2 * pi[i] + 1] = w[2 * i + 1]
        }
        return out
    }

    /// The input type with features relabeled by `π`.
    static func relabel(type t: Int, _ pi: [Int]) -> Int {
        (0..<5).reduce(0) { $0 | ((t >> $1) & 1) << pi[$1] }
    }

    /// A bound on the rounding error of `ℓ_x` (see ReferenceModelTests): `64u Σ_j I_j (1 + Σ_i |W_j||W_i|)²`.
    static func lossScale(_ w: [Double], _ importances: [Double]) -> Double {
        var norms: [Double] = []
        for i in 0..<5 { norms.append((w[2 * i] * w[2 * i] + w[2 * i + 1] * w[2 * i + 1]).squareRoot()) }
        let total = norms.reduce(0, +)
        return factor * zip(importances, norms).reduce(0) { $0 + $1.0 * (1 + $1.1 * total) * (1 + $1.1 * total) }
    }

    @Test func rotationLeavesLossesUnchanged() async throws {
        await propertyCheck(count: 1_000, input: Self.parameters, Self.importances, Gen.double(in: -4...4), Gen.bool) { w, importances, angle, reflect in
            let model = try TMSModel(importances: importances, weights: TMSModel.oneHotWeights())
            let before = model.perSampleLosses(w)
            let after = model.perSampleLosses(Self.transform(w, angle: angle, reflect: reflect))
            let bound = 2 * Self.lossScale(w, importances)
            for t in 0..<32 { #expect((before[t] - after[t]).magnitude <= bound, "ℓ_\(TMSModel.typeName(t)): \(before[t]) vs \(after[t])") }
        }
    }

    @Test func rotationLeavesDotAndNormObservablesUnchanged() async throws {
        await propertyCheck(count: 1_000, input: Self.parameters, Gen.double(in: -4...4), Gen.bool) { w, angle, reflect in
            let observables = ObservableSet.structural()
            let before = observables.evaluate(w)
            let after = observables.evaluate(Self.transform(w, angle: angle, reflect: reflect))
            for k in 0..<observables.count {
                // dot = u·v/(|u||v|) and |u| each carry ≤ 8 roundings relative to their size (≤ 1, resp. |u|).
                let bound = 32 * Double.ulpOfOne * max(1, before[k].magnitude)
                #expect((before[k] - after[k]).magnitude <= bound, "\(observables.names[k]): \(before[k]) vs \(after[k])")
            }
        }
    }

    @Test func gradientIsEquivariantUnderRotation() async throws {
        await propertyCheck(count: 1_000, input: Self.parameters, Gen.double(in: 0...2).array(of: 32...32), Gen.double(in: -4...4), Gen.bool) { w, h, angle, reflect in
            guard h.contains(where: { $0 > 0 }) else { return }
            let model = try TMSModel(weights: h)
            let rotatedGradient = Self.transform(model.lossAndGradient(w).gradient, angle: angle, reflect: reflect)
            let gradientAtRotated = model.lossAndGradient(Self.transform(w, angle: angle, reflect: reflect)).gradient
            let scale = ReferenceModelTests.Scale(w, importances: [1, 1, 1, 1, 1], weights: h).gradient
            for i in 0..<10 {
                #expect((rotatedGradient[i] - gradientAtRotated[i]).magnitude <= 4 * Self.factor * scale,
                        "component \(i): Q∇L(w) = \(rotatedGradient[i]) vs ∇L(Qw) = \(gradientAtRotated[i])")
            }
        }
    }

    @Test func relabelingFeaturesPermutesLossColumns() async throws {
        let permutations = Gen.int(in: 0...119).map { Self.permutation($0) }
        await propertyCheck(count: 1_000, input: Self.parameters, Self.importances, permutations) { w, importances, pi in
            var relabeledImportances = importances
            for i in 0..<5 { relabeledImportances[pi[i]] = importances[i] }
            let before = try TMSModel(importances: importances, weights: TMSModel.oneHotWeights()).perSampleLosses(w)
            let after = try TMSModel(importances: relabeledImportances, weights: TMSModel.oneHotWeights()).perSampleLosses(Self.relabel(w, pi))
            let bound = 2 * Self.lossScale(w, importances)
            for t in 0..<32 {
                let image = Self.relabel(type: t, pi)
                #expect((before[t] - after[image]).magnitude <= bound, "π = \(pi): ℓ_\(TMSModel.typeName(t)) = \(before[t]) vs ℓ'_\(TMSModel.typeName(image)) = \(after[image])")
            }
        }
    }

    /// Permutation number `n` of 0..<5 (factorial number system).
    static func permutation(_ n: Int) -> [Int] {
        var pool = Array(0..<5), out: [Int] = [], n = n
        for radix in stride(from: 5, through: 1, by: -1) {
            out.append(pool.remove(at: n % radix))
            n /= radix
        }
        return out
    }

    // MARK: Sampler level

    static func pentagonRun(center: [Double], seed: UInt64) throws -> SampleRun {
        let settings = SamplerSettings(
            method: .mala, stepSize: 2e-3, nBeta: 32 * 20, localization: 100, chains: 4, burnIn: 500,
            draws: Support.fullPosteriorDraws, seed: seed)
        let sampler = try LangevinSampler(potential: try TMSModel(sparsity: 0.9), center: center, settings: settings)
        return try sampler.run(recording: RecordingOptions(observables: .structural()))
    }

    /// `|χ_a − χ_b| ≤ 5 √(SE_a² + SE_b²)` for the mapped entries.
    static func expectSame(_ a: Susceptibility, _ b: Susceptibility, rowMap: [Int], columnMap: (Int) -> Int, label: String) -> Double {
        var worst = 0.0
        for k in 0..<a.rows.count {
            for x in 0..<a.columns {
                let va = a[row: k, column: x], vb = b[row: rowMap[k], column: columnMap(x)]
                let se = (a.standardError(row: k, column: x) * a.standardError(row: k, column: x)
                    + b.standardError(row: rowMap[k], column: columnMap(x)) * b.standardError(row: rowMap[k], column: columnMap(x))).squareRoot()
                if se > 0 { worst = max(worst, (va - vb).magnitude / se) }
                #expect((va - vb).magnitude <= Support.bands * se + 1e-12, "\(label): \(a.rows[k]), column \(x): \(va) vs \(vb) ± \(se)")
            }
        }
        return worst
    }

    /// Fixed rotations (angle, reflection, seed); more in the long tier.
    static let rotations: [(Double, Bool, UInt64)] = [(2.0943, true, 0x1A01)]
        + (Support.longTests ? [(-0.7, false, 0x1A02), (3.9, false, 0x1A03), (-2.2, true, 0x1A04)] : [])

    @Test(.tags(.statistical), arguments: Self.rotations.indices)
    func globalRotationLeavesChiRowsUnchanged(caseIndex: Int) throws {
        do {
            let (angle, reflect, seed) = Self.rotations[caseIndex]
            let center = NamedConfiguration.pentagon.parameters
            let a = try Self.pentagonRun(center: center, seed: seed).susceptibility(batchSize: Support.batchSize)
            let b = try Self.pentagonRun(center: Self.transform(center, angle: angle, reflect: reflect), seed: seed &+ 1).susceptibility(batchSize: Support.batchSize)
            let worst = Self.expectSame(a, b, rowMap: Array(0..<15), columnMap: { $0 }, label: "rotation \(angle) reflect \(reflect)")
            print("χ under a global rotation (θ = \(angle), reflection \(reflect)): max|z| = \(worst) over 15 × 32 entries")
        }
    }

    /// Fixed D5 elements (index into `DihedralElement.all`, seed); more in the long tier.
    static let relabelings: [(Int, UInt64)] = [(7, 0xD501)] + (Support.longTests ? [(1, 0xD502), (3, 0xD503), (5, 0xD504)] : [])

    @Test(.tags(.statistical), arguments: Self.relabelings.indices)
    func dihedralRelabelingPermutesChiRowsAndColumns(caseIndex: Int) throws {
        do {
            let (index, seed) = Self.relabelings[caseIndex]
            let g = DihedralElement.all[index]
            let pi = (0..<5).map { g($0) }
            let center = NamedConfiguration.pentagon.parameters
            let a = try Self.pentagonRun(center: center, seed: seed).susceptibility(batchSize: Support.batchSize)
            let b = try Self.pentagonRun(center: Self.relabel(center, pi), seed: seed &+ 1).susceptibility(batchSize: Support.batchSize)
            let names = a.rows
            let rowMap = names.map { name -> Int in
                let digits = name.compactMap { $0.wholeNumberValue }.map { pi[$0] }
                let image = name.hasPrefix("dot") ? "dot(\(digits.min()!),\(digits.max()!))" : "norm(\(digits[0]))"
                return names.firstIndex(of: image)!
            }
            let worst = Self.expectSame(a, b, rowMap: rowMap, columnMap: { Self.relabel(type: $0, pi) }, label: "relabeling \(g)")
            print("χ under the D5 relabeling \(g): max|z| = \(worst) over 15 × 32 entries")
        }
    }
}
