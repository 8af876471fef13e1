import HighPrecision

/// The n-point Gauss–Legendre rule on [−1, 1], computed in any `RealNumber`
/// type by Newton's method on the Legendre recurrence.
///
/// Exact for polynomials of degree `< 2n`; for a function analytic inside the
/// Bernstein ellipse of parameter ρ the error is `O(ρ^{−2n})`. Used for smooth
/// pieces only (split integrals at kinks first).
///
/// Nodes start from the asymptotic guess `cos(π(i − 1/4)/(n + 1/2))` and take
/// `newtonSteps` steps; Newton converges quadratically, so `⌈log₂(bits/8)⌉ + 2`
/// steps reach a working precision of `bits` (``newtonSteps(forDigits:)``).
/// Meant for `Double` and `BigFloat` (an interval Newton step only widens).
public struct GaussLegendre<T: RealNumber>: Sendable {
    /// The nodes `x_i ∈ (−1, 1)`, decreasing.
    public let nodes: [T]
    /// The weights `w_i = 2 / ((1 − x_i²) P_n'(x_i)²)`, summing to 2.
    public let weights: [T]

    /// The Newton steps that reach `digits` decimal digits from the asymptotic guess.
    public static func newtonSteps(forDigits digits: Int) -> Int {
        let bits = Double(Certified.initialPrecision(forDigits: digits))
        return Int((Double.log2(bits / 8)).rounded(.up)) + 2
    }

    /// The `count`-point rule.
    public init(count n: Int, newtonSteps: Int) {
        precondition(n >= 1, "a Gauss–Legendre rule needs at least one node")
        var nodes: [T] = [], weights: [T] = []
        for i in 1...n {
            var x = T.cos(T.pi * T.ratio(4 * i - 1, 4 * n + 2))
            for _ in 0..<newtonSteps {
                let (p, dp) = GaussLegendre.legendre(n, x)
                x = x - p / dp
            }
            let (_, dp) = GaussLegendre.legendre(n, x)
            nodes.append(x)
            weights.append(2 / ((1 - x * x) * dp * dp))
        }
        self.nodes = nodes
        self.weights = weights
    }

    /// `(P_n(x), P_n'(x))` by the three-term recurrence.
    static func legendre(_ n: Int, _ x: T) -> (T, T) {
        var p0 = T(1), p1 = x
        if n == 0 { return (1, 0) }
        for k in stride(from: 2, through: n, by: 1) {
            let p2 = (T(2 * k - 1) * x * p1 - T(k - 1) * p0) / T(k)
            p0 = p1
            p1 = p2
        }
        return (p1, T(n) * (x * p1 - p0) / (x * x - 1))
    }

    /// The nodes and weights mapped to `[a, b]`.
    public func mapped(to a: T, _ b: T) -> [(node: T, weight: T)] {
        let half = (b - a) / 2
        return zip(nodes, weights).map { (a + half * ($0 + 1), half * $1) }
    }

    /// `∫_a^b f`.
    public func integrate(_ a: T, _ b: T, _ f: (T) -> T) -> T {
        mapped(to: a, b).reduce(T(0)) { $0 + $1.weight * f($1.node) }
    }
}
