import Foundation
import HighPrecision

/// How many digits a route aims for, and the Gauss–Legendre orders and
/// truncation level that follow ([FrozenSquareAnyData.md §4](../../../Derivations/FrozenSquareAnyData.md)).
struct QuadraturePlan: Sendable {
    /// The digits asked for.
    let digits: Int
    /// The refinement level (0, 1, 2, …): orders grow by 35 % and the truncation by 5 digits per level.
    let level: Int

    /// Digits each route aims for: `digits + 4 + 3·level`.
    var targetDigits: Int { digits + 4 + 3 * level }

    /// The truncation level `T` in nats: the integrand is dropped where
    /// `β (E − E_min) > T = (targetDigits + 2) ln 10 + 16` (the 16 nats cover the
    /// polynomial prefactors `r^8`, `ℓ_x²` of the moments).
    var truncation: Double { Double(targetDigits + 2) * 2.302585092994046 + 16 }

    /// Working precision in bits: the target digits plus 14 guard digits and 32
    /// bits (a covariance `E[φℓ] − E[φ]E[ℓ]` loses `log₁₀(|E[φ]E[ℓ]|/|Cov|)`
    /// digits, about 5 at β = 10⁶ for one-hot data; sums over 10⁶ nodes lose 3).
    var precision: Int { Int((Double(targetDigits + 14) * 3.3219280948873626).rounded(.up)) + 32 }

    /// The orders used (few distinct rules, each computed once per precision).
    static let orders = [8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384]
}

/// Gauss–Legendre rules by order at one precision, computed once per process
/// and shared between threads.
final class GaussLegendreCache: @unchecked Sendable {
    static let shared = GaussLegendreCache()
    private let lock = NSLock()
    private var rules: [Int: [Int: (nodes: [BigFloat], weights: [BigFloat])]] = [:]

    /// The `n`-point rule on `[−1, 1]` at `precision` bits.
    func rule(_ n: Int, precision: Int) -> (nodes: [BigFloat], weights: [BigFloat]) {
        lock.lock()
        if let cached = rules[precision]?[n] { lock.unlock(); return cached }
        lock.unlock()
        let digits = Int(Double(precision) / 3.33)
        let rule = BigFloat.withWorkingPrecision(precision) {
            GaussLegendre<BigFloat>(count: n, newtonSteps: GaussLegendre<BigFloat>.newtonSteps(forDigits: digits) + 1)
        }
        let value = (rule.nodes, rule.weights)
        lock.lock()
        rules[precision, default: [:]][n] = value
        lock.unlock()
        return value
    }
}

/// The variable a one-dimensional rule runs in: `t` itself on `[a, b]`, or
/// `φ` with a substitution that removes square-root singularities at the ends
/// of `[a, b]` that carry one (the tangency radii of route B):
///
/// ```
/// lower end:  t = a + 2(b − a) sin²(φ/2),   φ ∈ [0, π/2],   dt = (b − a) sin φ dφ
/// upper end:  t = b − 2(b − a) sin²(φ/2),   φ ∈ [0, π/2],   dt = (b − a) sin φ dφ
/// both ends:  t = a + (b − a) sin²(φ/2),    φ ∈ [0, π],     dt = (b − a)/2 sin φ dφ
/// ```
///
/// Near a singular end `t − a ∝ φ²`, so `(t − a)^{k/2}` becomes analytic in φ.
struct IntervalMap: Sendable {
    enum Kind: Sendable, Equatable { case identity, lower, upper, both }

    let kind: Kind
    let lower: BigFloat
    let upper: BigFloat

    init(_ lower: BigFloat, _ upper: BigFloat, singularLower: Bool = false, singularUpper: Bool = false) {
        self.lower = lower
        self.upper = upper
        switch (singularLower, singularUpper) {
        case (false, false): kind = .identity
        case (true, false): kind = .lower
        case (false, true): kind = .upper
        case (true, true): kind = .both
        }
    }

    /// The domain of the rule's variable, in `Double`.
    var domain: (Double, Double) {
        switch kind {
        case .identity: return (lower.doubleValue, upper.doubleValue)
        case .lower, .upper: return (0, Double.pi / 2)
        case .both: return (0, Double.pi)
        }
    }

    /// The domain's ends exactly (at the working precision).
    var exactDomain: (BigFloat, BigFloat) {
        switch kind {
        case .identity: return (lower, upper)
        case .lower, .upper: return (BigFloat(0), BigFloat.pi / 2)
        case .both: return (BigFloat(0), BigFloat.pi)
        }
    }

    /// `(t(u), dt/du)` in `Double`.
    func point(_ u: Double) -> (t: Double, jacobian: Double) {
        let (a, b) = (lower.doubleValue, upper.doubleValue)
        let s = Double.sin(u / 2)
        switch kind {
        case .identity: return (u, 1)
        case .lower: return (a + 2 * (b - a) * s * s, (b - a) * Double.sin(u))
        case .upper: return (b - 2 * (b - a) * s * s, (b - a) * Double.sin(u))
        case .both: return (a + (b - a) * s * s, (b - a) / 2 * Double.sin(u))
        }
    }

    /// `(t(u), dt/du)` in `BigFloat`.
    func point(_ u: BigFloat) -> (t: BigFloat, jacobian: BigFloat) {
        let length = upper - lower
        switch kind {
        case .identity:
            return (u, BigFloat(1))
        case .lower, .upper:
            let s = BigFloat.sin(u / 2)
            let offset = 2 * length * s * s
            return (kind == .lower ? lower + offset : upper - offset, length * BigFloat.sin(u))
        case .both:
            let s = BigFloat.sin(u / 2)
            return (lower + length * s * s, length / 2 * BigFloat.sin(u))
        }
    }

    /// The nodes `t` and weights of the `n`-point Gauss–Legendre rule on
    /// `[u₀, u₁]` of the rule's variable, mapped to `t` (weights include `dt/du`).
    func nodes(_ n: Int, from u0: BigFloat, to u1: BigFloat, precision: Int) -> [(node: BigFloat, weight: BigFloat)] {
        let (x, w) = GaussLegendreCache.shared.rule(n, precision: precision)
        let half = (u1 - u0) / 2
        return zip(x, w).map { xi, wi in
            let (t, jacobian) = point(u0 + half * (xi + 1))
            return (t, half * wi * jacobian)
        }
    }

    /// The planned pieces of the rule's variable for the integrand proxy `f(t)`
    /// of an inner integral (``OrderPlanner/pieces(on:_:digits:level:depth:_:)``),
    /// with exact ends where a piece ends at the domain's ends.
    func plannedInnerPieces(digits: Int, level: Int, _ f: (Double) -> Double) -> [(BigFloat, BigFloat, Int)] {
        let (u0, u1) = domain
        let pieces = OrderPlanner.pieces(on: u0, u1, digits: digits, level: level) { us in
            us.map { u in
                let (t, jacobian) = point(u)
                return f(t) * jacobian
            }
        }
        return exact(pieces)
    }

    /// The planned pieces for an outer integral
    /// (``OrderPlanner/outerPieces(on:_:digits:level:truncation:proxy:boundary:)``): the
    /// proxy `f(t)` is evaluated on `threads` threads, `boundary(t)` gives the kink
    /// curves' `q` at `t`.
    func plannedOuterPieces(digits: Int, level: Int, truncation: Double, threads: Int,
                            boundary: (Double) -> [Double],
                            _ f: @escaping @Sendable (Double) -> Double) -> [(BigFloat, BigFloat, Int)] {
        let (u0, u1) = domain
        let map = self
        let proxy: @Sendable (Double) -> Double = { u in
            let (t, jacobian) = map.point(u)
            return f(t) * jacobian
        }
        let pieces = OrderPlanner.outerPieces(on: u0, u1, digits: digits, level: level, truncation: truncation,
                                              proxy: { ParallelMap.values(of: proxy, at: $0, threads: threads) },
                                              boundary: { boundary(map.point($0).t) })
        return exact(pieces)
    }

    private func exact(_ pieces: [OrderPlanner.Piece]) -> [(BigFloat, BigFloat, Int)] {
        let (u0, u1) = domain
        let (e0, e1) = exactDomain
        return pieces.map { piece in
            (piece.lower <= u0 ? e0 : BigFloat(piece.lower), piece.upper >= u1 ? e1 : BigFloat(piece.upper), piece.order)
        }
    }

    /// Integrates in `Double` with the 64-point rule on the planned domain (for proxies).
    func doubleIntegral(_ f: (Double) -> Double) -> Double {
        let (u0, u1) = domain
        let half = (u1 - u0) / 2
        var sum = 0.0
        for (x, w) in zip(DoubleRule.nodes, DoubleRule.weights) {
            let (t, jacobian) = point(u0 + half * (x + 1))
            sum += w * f(t) * jacobian
        }
        return half * sum
    }
}

/// `f` at many points on several threads (each value computed on its own, so
/// the result does not depend on the thread count).
enum ParallelMap {
    static func values(of f: @escaping @Sendable (Double) -> Double, at points: [Double], threads: Int) -> [Double] {
        guard threads > 1, points.count > 1 else { return points.map(f) }
        let out = Slots(count: points.count)
        DispatchQueue.concurrentPerform(iterations: points.count) { out.set($0, f(points[$0])) }
        return out.values
    }

    private final class Slots: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<Double>
        init(count: Int) { buffer = .allocate(capacity: count); buffer.initialize(repeating: 0) }
        deinit { buffer.deallocate() }
        func set(_ i: Int, _ v: Double) { buffer[i] = v }  // distinct indices from distinct threads
        var values: [Double] { Array(buffer) }
    }
}

/// The 64-point Gauss–Legendre rule in `Double`, for integrand proxies.
enum DoubleRule {
    static let rule = GaussLegendre<Double>(count: 64, newtonSteps: 8)
    static var nodes: [Double] { rule.nodes }
    static var weights: [Double] { rule.weights }

    /// `∫_a^b f` by the 64-point rule.
    static func integrate(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> Double {
        let half = (b - a) / 2
        var sum = 0.0
        for (x, w) in zip(rule.nodes, rule.weights) { sum += w * f(a + half * (x + 1)) }
        return half * sum
    }
}

let debugPlans = ProcessInfo.processInfo.environment["TMS_ORACLE_DEBUG"] != nil
let debugInner = ProcessInfo.processInfo.environment["TMS_ORACLE_DEBUG"] == "2"
