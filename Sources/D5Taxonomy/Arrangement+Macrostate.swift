import HighPrecision

extension Arrangement {
    /// The ten target cosines `dot(i, j) = Ŵ_i · Ŵ_j` in the observable order
    /// `dot(0,1), dot(0,2), …, dot(3,4)` of
    /// [Conventions.md §5](../../Derivations/Conventions.md), for the regular
    /// pentagon with feature `i` at angle `2π·positions[i]/5`:
    ///
    ///     dot(i, j) = cos(2π·gap(positions[i], positions[j])/5)
    ///               = (√5 − 1)/4 (adjacent positions) or −(√5 + 1)/4 (not).
    ///
    /// They depend only on the ring distances between positions, so they are
    /// unchanged by ``moved(by:)``.
    public func targetCosines<T: RealNumber>() -> [T] {
        Pentagon.pairs.map { i, j in Pentagon.cosine(ofSteps: positionGap(betweenFeatures: i, j)) }
    }

    /// The five target norms `|W_i|`, all ``Pentagon/optimalNorm()``
    /// `= √(1/(1 + 2cos²(2π/5)))`, the regular-pentagon optimum under one-hot data.
    public func targetNorms<T: RealNumber>() -> [T] {
        let norm: T = Pentagon.optimalNorm()
        return Array(repeating: norm, count: Pentagon.size)
    }

    /// The 15-value target macrostate `μ_goal`: ``targetCosines()`` then
    /// ``targetNorms()``, the observable rows of
    /// [Conventions.md §5](../../Derivations/Conventions.md).
    public func targetMacrostate<T: RealNumber>() -> [T] {
        targetCosines() + targetNorms()
    }
}
