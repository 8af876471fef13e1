/// A susceptibility matrix `χ_{k,x}` (observables × samples) with per-entry
/// standard errors ([Conventions.md](../../Derivations/Conventions.md) §6 for
/// the conventions, [EngineEstimators.md](../../Derivations/EngineEstimators.md) for the errors).
public struct Susceptibility: Sendable, Equatable, Codable {
    public enum Convention: String, Sendable, Equatable, Codable, CaseIterable {
        /// `χ_{k,x} = ∂E_β[φ_k]/∂h_x = −β Cov(φ_k, ℓ_x)`.
        case jacobian
        /// `χ^mp_{k,x} = −β Cov(φ_k, ℓ_x − L̄)`, `L̄ = Σ_y h_y ℓ_y / Σ_y h_y`.
        case meanPreserving
    }

    public let convention: Convention
    /// Row names (the observables).
    public let rows: [String]
    /// Number of columns (samples / input types).
    public let columns: Int
    /// Row-major `[k][x]`.
    public let values: [Double]
    /// Row-major `[k][x]`, the batch-jackknife standard error of each entry.
    public let standardErrors: [Double]

    public subscript(row k: Int, column x: Int) -> Double { values[k * columns + x] }
    public func standardError(row k: Int, column x: Int) -> Double { standardErrors[k * columns + x] }
}

extension SampleRun {
    /// `χ` for every recorded observable (rows) and every sample (columns), in either convention.
    /// Needs ``RecordingOptions/perSampleLosses``.
    ///
    /// `Cov(φ_k, ℓ_x)` is the plug-in covariance over all retained draws of all chains (grand means);
    /// its standard error is the delete-one-batch jackknife over the `chains × batches` batches,
    /// recomputing both means in each replicate.
    public func susceptibility(convention: Susceptibility.Convention = .jacobian, batchSize: Int? = nil) throws(SamplerError) -> Susceptibility {
        guard !perSampleLosses.isEmpty else { throw .missingRecording("χ needs per-sample losses (RecordingOptions.perSampleLosses)") }
        guard observableCount > 0 else { throw .missingRecording("χ needs at least one observable") }
        let layout = try batchLayout(batchSize: batchSize)
        let K = observableCount
        let N = sampleCount
        let G = layout.groupCount
        let workspace = MemoryEstimate.susceptibilityBytes(
            chains: chainCount, draws: drawCount, batchSize: layout.batchSize, observables: K, samples: N)
        guard let workspace, workspace <= memoryLimit else {
            throw .tooLarge(
                "χ over \(G) batches × \(K) observables × \(N) samples needs \(MemoryEstimate.describe(workspace)), "
                    + "above the limit of \(MemoryEstimate.describe(memoryLimit)) (use fewer chains or larger batches)")
        }
        let totalWeight = weights.reduce(0, +)

        // The ℓ series of the chosen convention at draw (c, n), written into `row`.
        func lossRow(_ c: Int, _ n: Int, into row: inout [Double]) {
            let base = (c * drawCount + n) * N
            for x in 0..<N { row[x] = perSampleLosses[base + x] }
            if convention == .meanPreserving {
                var mean = 0.0
                for x in 0..<N { mean += weights[x] * row[x] }
                mean /= totalWeight
                for x in 0..<N { row[x] -= mean }
            }
        }

        // Grand means.
        var phiMean = [Double](repeating: 0, count: K)
        var lossMean = [Double](repeating: 0, count: N)
        var row = [Double](repeating: 0, count: N)
        let count = Double(G * layout.batchSize)
        for c in 0..<chainCount {
            for n in layout.firstDraw..<drawCount {
                lossRow(c, n, into: &row)
                for k in 0..<K { phiMean[k] += observable(k, chain: c, draw: n) }
                for x in 0..<N { lossMean[x] += row[x] }
            }
        }
        for k in 0..<K { phiMean[k] /= count }
        for x in 0..<N { lossMean[x] /= count }

        // Per-batch centred sums.
        var a = [Double](repeating: 0, count: G * K)
        var b = [Double](repeating: 0, count: G * N)
        var cross = [Double](repeating: 0, count: G * K * N)
        var phi = [Double](repeating: 0, count: K)
        for c in 0..<chainCount {
            for batch in 0..<layout.batchesPerChain {
                let g = c * layout.batchesPerChain + batch
                for n in layout.range(chain: c, batch: batch) {
                    lossRow(c, n, into: &row)
                    for x in 0..<N { row[x] -= lossMean[x]; b[g * N + x] += row[x] }
                    for k in 0..<K {
                        phi[k] = observable(k, chain: c, draw: n) - phiMean[k]
                        a[g * K + k] += phi[k]
                        let base = (g * K + k) * N
                        for x in 0..<N { cross[base + x] += phi[k] * row[x] }
                    }
                }
            }
        }

        let beta = self.beta
        var values = [Double](repeating: 0, count: K * N)
        var errors = [Double](repeating: 0, count: K * N)
        var replicates = [Double](repeating: 0, count: G)
        let leaveOut = count - Double(layout.batchSize)
        for k in 0..<K {
            var aTotal = 0.0
            for g in 0..<G { aTotal += a[g * K + k] }
            for x in 0..<N {
                var bTotal = 0.0
                var crossTotal = 0.0
                for g in 0..<G {
                    bTotal += b[g * N + x]
                    crossTotal += cross[(g * K + k) * N + x]
                }
                let covariance = crossTotal / count - (aTotal / count) * (bTotal / count)
                for g in 0..<G {
                    let aa = (aTotal - a[g * K + k]) / leaveOut
                    let bb = (bTotal - b[g * N + x]) / leaveOut
                    replicates[g] = (crossTotal - cross[(g * K + k) * N + x]) / leaveOut - aa * bb
                }
                values[k * N + x] = -beta * covariance
                errors[k * N + x] = beta * replicates.withUnsafeBufferPointer { jackknifeStandardError($0) }
            }
        }
        return Susceptibility(convention: convention, rows: observableNames, columns: N, values: values, standardErrors: errors)
    }

    /// The displacement arrows of feature `i` for every input, from a fresh χ (see
    /// ``Susceptibility/displacementArrows(feature:)``).
    public func displacementArrows(
        feature i: Int, convention: Susceptibility.Convention = .jacobian, batchSize: Int? = nil
    ) throws(SamplerError) -> [DisplacementArrow] {
        try susceptibility(convention: convention, batchSize: batchSize).displacementArrows(feature: i)
    }
}

extension Susceptibility {
    /// The displacement arrow of feature `i` for each input `x`:
    /// `χ⃗_{W_i,x} = −β (Cov[W_{i,x}, ℓ_x], Cov[W_{i,y}, ℓ_x])` = the χ rows `pos(i,x)`, `pos(i,y)`
    /// ([Conventions.md](../../Derivations/Conventions.md) §6). Needs those rows
    /// (e.g. ``ObservableSet/structuralAndPositions(featureCount:)``).
    public func displacementArrows(feature i: Int) throws(SamplerError) -> [DisplacementArrow] {
        guard let rowX = rows.firstIndex(of: "pos(\(i),x)"), let rowY = rows.firstIndex(of: "pos(\(i),y)") else {
            throw .missingRecording("displacement arrows of feature \(i) need observables pos(\(i),x) and pos(\(i),y)")
        }
        return (0..<columns).map { x in
            DisplacementArrow(
                x: self[row: rowX, column: x], y: self[row: rowY, column: x],
                standardErrorX: standardError(row: rowX, column: x), standardErrorY: standardError(row: rowY, column: x))
        }
    }
}

/// A 2-D arrow `−β (Cov[W_{i,x}, ℓ_x], Cov[W_{i,y}, ℓ_x])` with per-component standard errors.
public struct DisplacementArrow: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public var standardErrorX: Double
    public var standardErrorY: Double
}
