import HighPrecision

/// Interval enclosures of a critical point and of the quantities derived from
/// it, at the working precision ([CriticalPoints.md](../../../Derivations/CriticalPoints.md) §5).
public struct CertifiedCriticalPoint: Sendable {
    /// How the point is enclosed: `krawczyk` (unique in the box), `exact`
    /// (the gradient is exactly zero at exactly representable coordinates), or
    /// `regular polygon` (radius by the radial interval Newton operator; the
    /// point is the regular polygon, critical by symmetry of the data).
    public let route: String
    /// One interval per coordinate.
    public let box: [BigInterval]
    /// `E` and `L = E/32` on the box.
    public let totalLoss: BigInterval
    public var meanLoss: BigInterval { totalLoss / BigInterval(32) }
    /// The live Hessian's eigenvalues, increasing (Weyl–Ostrowski enclosures
    /// around the MPFR Jacobi eigenvalues, valid for every Hessian on the box).
    public let eigenvalues: [BigInterval]
    /// The pre-activations of ``CriticalPoint/kinks``, in the same order.
    public let kinkValues: [BigInterval]
    /// `max |∂E/∂w_a|` over the live coordinates on the box (upper bound).
    public let gradientBound: BigFloat
}

extension CriticalPoint {
    /// Encloses the point and its loss, spectrum and kinks at the working
    /// precision (re-solving it there first).
    ///
    /// - Throws: ``CriticalPointError/certificationFailed(_:)`` when no route applies.
    public func certified(data: DataSpecification) throws -> CertifiedCriticalPoint {
        let exact = PiecewiseLoss(try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }))
        let enclosure = PiecewiseLoss(try TrainingData<BigInterval>(data, decimal: { try BigInterval(decimal: $0) }))
        let bits = BigFloat.workingPrecision
        let free = polygon.liveCoordinates
        let lifted = coordinates.map { $0.rounded(toPrecision: bits) }
        let route: String
        let box: [BigInterval]
        var boxHessian: [[BigInterval]]? = nil
        if isRegularPolygon {
            let radius = try polygon.radialCriticalRadius(loss: exact, tolerance: BigFloat(1).scaled(byPowerOfTwo: -(bits - 16)))
            let r = try polygon.certifiedRadius(loss: enclosure, near: radius)
            box = polygon.idealPoint(radius: r)
            route = "regular polygon"
        } else {
            let newton = BranchNewton(loss: exact, free: free, pattern: pattern, tolerance: BigFloat(1).scaled(byPowerOfTwo: -(bits - 24)))
            let refined = try newton.solve(from: lifted).point
            var gauged = refined
            let g = 2 * polygon.liveFeatures[0] + 1
            if !gauged[g].isZero {
                // Re-gauge (Newton keeps the rotation angle only up to rounding).
                let angle = BigFloat.atan2(y: gauged[g], x: gauged[g - 1])
                let c = BigFloat.cos(angle), s = BigFloat.sin(angle)
                for f in 0..<5 {
                    let x = refined[2 * f], y = refined[2 * f + 1]
                    gauged[2 * f] = c * x + s * y
                    gauged[2 * f + 1] = c * y - s * x
                }
                gauged[g] = BigFloat(0)
            }
            let result = try CriticalPointEnclosure.certify(loss: enclosure, point: gauged, pattern: pattern, polygon: polygon)
            box = result.box
            boxHessian = result.hessian
            route = result.unique ? "krawczyk" : "exact"
        }
        let (sigmaAll, straddling) = pattern.indicators(PiecewiseLoss.preActivations(box))
        var sigma = sigmaAll
        for i in straddling { sigma[i] = BigInterval(0) }  // first-order kinks through the point: the branch's (inactive) side
        // The Krawczyk box's Hessian encloses every Hessian on the (smaller) final box.
        let d = enclosure.derivatives(at: box, activation: sigma, hessian: boxHessian == nil)
        let full = boxHessian ?? d.hessian!
        let hessian = free.map { i in free.map { full[i][$0] } }
        let midpoint = hessian.map { $0.map(\.midpoint) }
        let jacobi = try SymmetricEigendecomposition(midpoint, tolerance: BigFloat(1).scaled(byPowerOfTwo: -(bits - 8)))
        let eigenvalues = try SymmetricEigenvalueEnclosure.enclose(hessian, vectors: jacobi.eigenvectors)
        let z = PiecewiseLoss.preActivations(box)
        let gradientBound = free.map { d.gradient[$0].magnitude.upper }.reduce(BigFloat(0), BigFloat.max)
        return CertifiedCriticalPoint(
            route: route, box: box, totalLoss: enclosure.loss(box), eigenvalues: eigenvalues,
            kinkValues: kinks.map { z[$0.index] }, gradientBound: gradientBound)
    }

    /// `χ⁰` (both conventions) enclosed on the certified box.
    public func certifiedSusceptibilities(
        data: DataSpecification, box: [BigInterval], observables: [Observable] = Observable.structural, inputs: [Int] = Array(0..<32)
    ) throws -> (jacobian: [[BigInterval]], meanPreserving: [[BigInterval]]) {
        let enclosure = PiecewiseLoss(try TrainingData<BigInterval>(data, decimal: { try BigInterval(decimal: $0) }))
        let (sigmaAll, straddling) = pattern.indicators(PiecewiseLoss.preActivations(box))
        var sigma = sigmaAll
        for i in straddling { sigma[i] = BigInterval(0) }
        let vanishing = BigFloat(1).scaled(byPowerOfTwo: -BigFloat.workingPrecision / 2).doubleValue
        return try RegularLimit.susceptibilities(
            loss: enclosure, at: box, activation: sigma, free: polygon.liveCoordinates, gauge: 2 * polygon.liveFeatures[0] + 1,
            observables: observables, inputs: inputs, vanishing: vanishing)
    }
}
