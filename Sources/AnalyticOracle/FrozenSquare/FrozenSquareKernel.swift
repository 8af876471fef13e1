import HighPrecision

/// The integrand of the frozen-square oracle at one node `W_4 = (x, y)`: the
/// model evaluated literally (Gram matrix, pre-activations, ReLU, squared
/// errors; the same operations in the same order as ``ReferenceModel`` and
/// ``Observable/value(at:)``, so every loss and observable is bit for bit the
/// reference model's, checked in `FrozenSquareKernelTests`), the density
/// weight `ω r exp(−β (E − E_ref))` with `E = Σ_x h_x ℓ_x`, and the
/// accumulation of every sum the oracle needs:
///
/// ```
/// Σ ω̃,  Σ ω̃ r^k (k = 1…8),  Σ ω̃ E,  Σ ω̃ E²,
/// Σ ω̃ φ_k,  Σ ω̃ φ_k²,  Σ ω̃ ℓ_x,  Σ ω̃ ℓ_x²,  Σ ω̃ φ_k ℓ_x     (ω̃ = ω r e^{−β(E − E_ref)})
/// ```
///
/// for the live rows `φ_k` (those that read `W_4`) and all 32 input types.
/// Runs in a ``BigFloatRegisters`` bank, so a node allocates nothing.
final class FrozenSquareKernel {
    /// The live rows.
    let rows: [Observable]
    let registers: BigFloatRegisters
    let importancesAreOne: [Bool]

    // Register map.
    private static let columnBase = 0            // W_i.x at 2i, W_i.y at 2i+1 (10)
    private static let gramBase = 10             // G[j][i] at 10 + 5j + i (25)
    private static let importanceBase = 35       // I_j (5)
    private static let weightBase = 40           // h_t (32)
    private static let one = 72, zero = 73, negativeBeta = 74, referenceEnergy = 75
    private static let preactivationBase = 76    // z[t][j] at 76 + 5t + j (160)
    private static let lossBase = 236            // ℓ_t (32)
    private static let t0 = 268, t1 = 269, t2 = 270, t3 = 271
    private static let energy = 272, density = 273, radius = 274, power = 275, nodeWeight = 276
    private static let phiBase = 277
    private let weightedPhiBase: Int
    private let phiValueScratch: Int

    /// Accumulator layout (offsets from ``accumulatorBase``).
    struct Layout: Sendable {
        let rowCount: Int
        var count: Int { 11 + 2 * rowCount + 64 + 32 * rowCount }
        let normalizer = 0
        func radialMoment(_ k: Int) -> Int { k }          // k = 1…8
        let energy = 9, energySquared = 10
        func phi(_ k: Int) -> Int { 11 + k }
        func phiSquared(_ k: Int) -> Int { 11 + rowCount + k }
        func loss(_ t: Int) -> Int { 11 + 2 * rowCount + t }
        func lossSquared(_ t: Int) -> Int { 11 + 2 * rowCount + 32 + t }
        func product(_ k: Int, _ t: Int) -> Int { 11 + 2 * rowCount + 64 + 32 * k + t }
    }

    let layout: Layout
    let accumulatorBase: Int
    /// The nodes accumulated so far.
    private(set) var nodeCount = 0

    /// A kernel for the frozen square `vertices` (`W_0 … W_3`), training
    /// weights `h` (32, type order), importances, inverse temperature β and
    /// reference energy `E_ref` (≈ the global minimum, so that the exponent is ≤ 0 up to rounding).
    init(vertices: [Vector2<BigFloat>], weights: [BigFloat], importances: [BigFloat], beta: BigFloat,
         referenceEnergy eRef: BigFloat, rows: [Observable], precision: Int) {
        precondition(vertices.count == 4 && weights.count == 32 && importances.count == 5)
        self.rows = rows
        layout = Layout(rowCount: rows.count)
        weightedPhiBase = FrozenSquareKernel.phiBase + rows.count
        phiValueScratch = weightedPhiBase + rows.count
        accumulatorBase = phiValueScratch + 4
        registers = BigFloatRegisters(count: accumulatorBase + layout.count, precision: precision)
        importancesAreOne = importances.map { $0 == BigFloat(1) }
        let r = registers
        for i in 0..<4 {
            r.set(Self.columnBase + 2 * i, vertices[i].x)
            r.set(Self.columnBase + 2 * i + 1, vertices[i].y)
        }
        for j in 0..<5 { r.set(Self.importanceBase + j, importances[j]) }
        for t in 0..<32 { r.set(Self.weightBase + t, weights[t]) }
        r.set(Self.one, 1)
        r.set(Self.zero, 0)
        r.set(Self.negativeBeta, -beta)
        r.set(Self.referenceEnergy, eRef)
        resetAccumulators()
    }

    /// Sets every accumulator to +0.
    func resetAccumulators() {
        for i in 0..<layout.count { registers.set(accumulatorBase + i, 0) }
    }

    /// The accumulators as ``BigFloat``s, in ``Layout`` order.
    func accumulators() -> [BigFloat] { (0..<layout.count).map { registers.value(accumulatorBase + $0) } }

    // MARK: - The model at one node

    /// Evaluates the Gram matrix, the 32 losses (registers ``lossBase`` + t) and
    /// `E = Σ_t h_t ℓ_t` at `W_4 = (x, y)` already loaded in columns 8, 9.
    private func evaluateModel() {
        let r = registers
        // G[j][i] = W_j · W_i = x_j x_i + y_j y_i (Vector2.dot), for j ≤ i, mirrored.
        for j in 0..<5 {
            for i in j..<5 {
                let g = Self.gramBase + 5 * j + i
                r.multiply(Self.t0, Self.columnBase + 2 * j, Self.columnBase + 2 * i)
                r.multiply(Self.t1, Self.columnBase + 2 * j + 1, Self.columnBase + 2 * i + 1)
                r.add(g, Self.t0, Self.t1)
                if i != j { r.copy(Self.gramBase + 5 * i + j, g) }
            }
        }
        r.set(Self.lossBase, 0)  // ℓ_{00000} = 0: x̂ = ReLU(0) = 0 = x
        for t in 1..<32 {
            let top = Int.bitWidth - 1 - t.leadingZeroBitCount
            let previous = t ^ (1 << top)
            let loss = Self.lossBase + t
            for j in 0..<5 {
                // z_t[j] = Σ_{i∈t} G[j][i], summed in increasing i as ReferenceModel.reconstruction.
                let z = Self.preactivationBase + 5 * t + j
                let g = Self.gramBase + 5 * j + top
                if previous == 0 { r.copy(z, g) } else { r.add(z, Self.preactivationBase + 5 * previous + j, g) }
                // error = x_j − ReLU(z); term = (I_j · error) · error; ℓ = ((0 + term_0) + term_1) + …
                r.relu(Self.t0, z)
                r.subtract(Self.t1, (t >> j) & 1 == 1 ? Self.one : Self.zero, Self.t0)
                if importancesAreOne[j] {
                    r.multiply(Self.t2, Self.t1, Self.t1)
                } else {
                    r.multiply(Self.t2, Self.importanceBase + j, Self.t1)
                    r.multiply(Self.t2, Self.t2, Self.t1)
                }
                if j == 0 { r.add(loss, Self.zero, Self.t2) } else { r.add(loss, loss, Self.t2) }
            }
        }
        // E = Σ_t h_t ℓ_t (ReferenceModel.totalLoss order).
        r.set(Self.energy, 0)
        for t in 0..<32 {
            r.multiply(Self.t0, Self.weightBase + t, Self.lossBase + t)
            r.add(Self.energy, Self.energy, Self.t0)
        }
    }

    /// `φ_k` into ``phiBase`` + k, as ``Observable/value(at:)``.
    private func evaluateObservables() {
        let r = registers
        for (k, row) in rows.enumerated() {
            let out = Self.phiBase + k
            switch row {
            case .dot(let i, let j):
                // W_i·W_j / (|W_i| |W_j|), |W| = √(x·x + y·y).
                let (xi, yi, xj, yj) = (2 * i, 2 * i + 1, 2 * j, 2 * j + 1)
                r.multiply(Self.t0, xi, xj)
                r.multiply(Self.t1, yi, yj)
                r.add(out, Self.t0, Self.t1)
                norm(Self.t2, xi, yi)
                norm(Self.t3, xj, yj)
                r.multiply(Self.t2, Self.t2, Self.t3)
                r.divide(out, out, Self.t2)
            case .norm(let i):
                norm(out, 2 * i, 2 * i + 1)
            case .pos(let i, .x):
                r.copy(out, 2 * i)
            case .pos(let i, .y):
                r.copy(out, 2 * i + 1)
            }
        }
    }

    private func norm(_ out: Int, _ x: Int, _ y: Int) {
        let r = registers
        r.multiply(phiValueScratch, x, x)
        r.multiply(phiValueScratch + 1, y, y)
        r.add(out, phiValueScratch, phiValueScratch + 1)
        r.sqrt(out, out)
    }

    // MARK: - Public entry points

    /// Accumulates the node `W_4 = (x, y)` at distance `radius` from the
    /// origin (the polar Jacobian) with quadrature weight `weight`.
    func accumulate(x: BigFloat, y: BigFloat, radius: BigFloat, weight: BigFloat) {
        let r = registers
        nodeCount += 1
        r.set(8, x)
        r.set(9, y)
        r.set(Self.radius, radius)
        evaluateModel()
        evaluateObservables()
        // ω̃ = ω · r · exp(−β (E − E_ref)).
        r.subtract(Self.t0, Self.energy, Self.referenceEnergy)
        r.multiply(Self.t0, Self.negativeBeta, Self.t0)
        r.exp(Self.density, Self.t0)
        r.set(Self.nodeWeight, weight)
        r.multiply(Self.nodeWeight, Self.nodeWeight, Self.radius)
        r.multiply(Self.nodeWeight, Self.nodeWeight, Self.density)
        let w = Self.nodeWeight, a = accumulatorBase
        r.add(a + layout.normalizer, a + layout.normalizer, w)
        r.copy(Self.power, Self.radius)
        for k in 1...8 {
            if k > 1 { r.multiply(Self.power, Self.power, Self.radius) }
            r.fusedMultiplyAdd(a + layout.radialMoment(k), w, Self.power, a + layout.radialMoment(k))
        }
        r.multiply(Self.t0, w, Self.energy)
        r.add(a + layout.energy, a + layout.energy, Self.t0)
        r.fusedMultiplyAdd(a + layout.energySquared, Self.t0, Self.energy, a + layout.energySquared)
        for k in rows.indices {
            let phi = Self.phiBase + k, wphi = weightedPhiBase + k
            r.multiply(wphi, w, phi)
            r.add(a + layout.phi(k), a + layout.phi(k), wphi)
            r.fusedMultiplyAdd(a + layout.phiSquared(k), wphi, phi, a + layout.phiSquared(k))
        }
        for t in 0..<32 {
            let loss = Self.lossBase + t
            r.multiply(Self.t0, w, loss)
            r.add(a + layout.loss(t), a + layout.loss(t), Self.t0)
            r.fusedMultiplyAdd(a + layout.lossSquared(t), Self.t0, loss, a + layout.lossSquared(t))
            for k in rows.indices {
                let p = a + layout.product(k, t)
                r.fusedMultiplyAdd(p, weightedPhiBase + k, loss, p)
            }
        }
    }

    /// The 32 losses and `E` at `W_4 = (x, y)` (for the bit-for-bit check against ``ReferenceModel``).
    func losses(x: BigFloat, y: BigFloat) -> (losses: [BigFloat], energy: BigFloat, observables: [BigFloat]) {
        registers.set(8, x)
        registers.set(9, y)
        evaluateModel()
        evaluateObservables()
        return ((0..<32).map { registers.value(Self.lossBase + $0) }, registers.value(Self.energy),
                rows.indices.map { registers.value(Self.phiBase + $0) })
    }

    /// Whether the normalizer accumulated so far is finite.
    var isFinite: Bool { registers.isFinite(accumulatorBase + layout.normalizer) }
}
