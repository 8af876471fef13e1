/// A maximal interval on which a sampled function stays at or below a level,
/// with the smallest and largest values seen on it.
struct SublevelInterval: Sendable, Equatable {
    var lower: Double
    var upper: Double
    var minimum: Double
    var maximum: Double
}

/// The sublevel set `{t ∈ [a, b] : f(t) ≤ level}` of a one-dimensional slice
/// of the landscape, found from samples: the quadrature integrates only there
/// (outside, `exp(−β(E − E_min)) < e^{−T}`, [FrozenSquareAnyData.md §4](../../../Derivations/FrozenSquareAnyData.md)).
///
/// Every local minimum among the samples that lies above the level is refined
/// by golden-section search, so a narrow well between two samples is found as
/// long as the samples see its basin; each interval's ends are located by
/// bisection on `f = level` and reported on the outer side of the final bracket.
enum SublevelSet {
    static func intervals(on a: Double, _ b: Double, samples n: Int, level: Double,
                          _ f: (Double) -> Double) -> [SublevelInterval] {
        precondition(n >= 2 && b > a)
        let step = (b - a) / Double(n)
        var points = (0...n).map { k -> (x: Double, f: Double) in
            let x = k == n ? b : a + Double(k) * step
            return (x, f(x))
        }
        // Wells between samples.
        var extra: [(x: Double, f: Double)] = []
        for k in 0...n where points[k].f > level {
            let left = k == 0 ? Double.infinity : points[k - 1].f
            let right = k == n ? Double.infinity : points[k + 1].f
            guard points[k].f <= left, points[k].f <= right else { continue }
            let lo = points[max(k - 1, 0)].x, hi = points[min(k + 1, n)].x
            let found = LandscapeProbe.goldenSection(lo, hi, f)
            if found.value <= level { extra.append((found.at, found.value)) }
        }
        if !extra.isEmpty {
            points += extra
            points.sort { $0.x < $1.x }
        }

        func crossing(outside: Double, inside: Double) -> Double {
            var (o, i) = (outside, inside)
            for _ in 0..<48 {
                let mid = (o + i) / 2
                if f(mid) <= level { i = mid } else { o = mid }
            }
            return o
        }

        var result: [SublevelInterval] = []
        var k = 0
        while k < points.count {
            guard points[k].f <= level else { k += 1; continue }
            var end = k
            while end + 1 < points.count && points[end + 1].f <= level { end += 1 }
            let run = points[k...end]
            let lower = k == 0 ? a : crossing(outside: points[k - 1].x, inside: points[k].x)
            let upper = end == points.count - 1 ? b : crossing(outside: points[end + 1].x, inside: points[end].x)
            var minimum = run.map(\.f).min()!, maximum = run.map(\.f).max()!
            if k > 0 { maximum = max(maximum, level) }
            if end < points.count - 1 { maximum = max(maximum, level) }
            minimum = min(minimum, maximum)
            result.append(SublevelInterval(lower: lower, upper: upper, minimum: minimum, maximum: maximum))
            k = end + 1
        }
        return result
    }

    /// The smallest and largest of `f` at `samples + 1` equispaced points of `[a, b]`.
    static func range(on a: Double, _ b: Double, samples n: Int, _ f: (Double) -> Double) -> (minimum: Double, maximum: Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for k in 0...n {
            let v = f(k == n ? b : a + (b - a) * Double(k) / Double(n))
            lo = min(lo, v); hi = max(hi, v)
        }
        return (lo, hi)
    }
}
