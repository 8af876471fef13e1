import HighPrecision

/// The minimum over the unit circle `u = (cos θ, sin θ)` of a function that
/// is, on each arc between breakpoints, one of the simple pieces of the
/// expansions of the loss around a dead feature
/// ([CriticalPoints.md](../../../Derivations/CriticalPoints.md) §4):
/// a linear form `c · u` or a quadratic form `uᵀ M u`. The minimum of a piece
/// over its arc is at an endpoint or at one of the piece's stationary angles,
/// so evaluating the true function at those finitely many angles finds it
/// exactly (up to rounding).
enum UnitCircleMinimum {
    /// The candidate stationary angles of a piece.
    enum Piece<T: RealNumber> {
        /// `c · u`: minimum at the direction of `−c`.
        case linear(T, T)
        /// `uᵀ M u`, `M = [[a, b], [b, d]]`: stationary at the eigenvectors,
        /// `θ = ½ atan2(2b, a − d) + kπ/2`.
        case quadratic(T, T, T)

        func stationaryAngles() -> [T] {
            switch self {
            case let .linear(x, y):
                return [T.atan2(y: -y, x: -x)]
            case let .quadratic(a, b, d):
                let base = T.atan2(y: 2 * b, x: a - d) / 2
                return (0..<4).map { base + T.pi * T.ratio($0, 2) }
            }
        }
    }

    /// `(θ, f(θ))` at the minimum.
    ///
    /// - Parameters:
    ///   - breakpoints: the angles where the piece changes (any order, any range).
    ///   - piece: the piece valid at an angle strictly inside an arc.
    ///   - value: the true function.
    static func minimize<T: RealNumber & Comparable>(
        breakpoints: [T], piece: (T) -> Piece<T>, value: (T) -> T
    ) -> (angle: T, value: T) {
        let twoPi = 2 * T.pi
        func normalized(_ a: T) -> T {
            var x = a
            var guardCount = 0
            while x < T(0), guardCount < 64 { x = x + twoPi; guardCount += 1 }
            while !(x < twoPi), guardCount < 128 { x = x - twoPi; guardCount += 1 }
            return x
        }
        var cuts = breakpoints.map(normalized).sorted()
        if cuts.isEmpty { cuts = [T(0)] }
        var candidates: [T] = cuts
        for (i, start) in cuts.enumerated() {
            let end = i + 1 < cuts.count ? cuts[i + 1] : cuts[0] + twoPi
            guard start < end else { continue }
            let middle = (start + end) / 2
            for angle in piece(middle).stationaryAngles() {
                var a = normalized(angle)
                if a < start { a = a + twoPi }
                if !(a < start), !(end < a) { candidates.append(a) }
            }
        }
        var best = (angle: candidates[0], value: value(candidates[0]))
        for a in candidates.dropFirst() {
            let v = value(a)
            if v < best.value { best = (a, v) }
        }
        return (normalized(best.angle), best.value)
    }
}
