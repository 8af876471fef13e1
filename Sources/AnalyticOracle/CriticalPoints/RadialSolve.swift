import HighPrecision

extension PolygonConfiguration {
    /// The radius `r` of the regular polygon that is critical along the radial
    /// direction, `d/dr E(r P) = 0` (`P` the unit polygon), by Newton from
    /// `r = 1` on the natural pattern. At a polygon invariant under its
    /// symmetry group (Bernoulli data, equal importances) this is the branch
    /// critical point itself; otherwise it is the starting point of
    /// ``BranchNewton``.
    ///
    /// - Throws: ``CriticalPointError/notConverged(_:)`` if `r` leaves `(0, 4)`
    ///   or the 60-step loop does not converge.
    public func radialCriticalRadius<T: RealNumber & Comparable>(loss: PiecewiseLoss<T>, tolerance: T) throws(CriticalPointError) -> T {
        let unit: [T] = idealPoint(radius: T(1))
        var r = T(1)
        for _ in 0..<60 {
            let w = unit.map { $0 * r }
            let sigma = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(w))
            let d = loss.derivatives(at: w, activation: sigma, hessian: true)
            let h = d.hessian!
            var slope = T(0), curvature = T(0)
            for a in 0..<10 {
                slope = slope + d.gradient[a] * unit[a]
                for b in 0..<10 { curvature = curvature + unit[a] * h[a][b] * unit[b] }
            }
            guard curvature > T(0) else { throw .notConverged("radial curvature \(curvature.doubleValue) ≤ 0 at r = \(r.doubleValue)") }
            let step = slope / curvature
            r = r - step
            guard r > T(0), r < T(4) else { throw .notConverged("the radius left (0, 4): r = \(r.doubleValue)") }
            if step.magnitude <= tolerance { return r }
        }
        throw .notConverged("radial Newton did not converge in 60 steps")
    }
}
