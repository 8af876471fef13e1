#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The affine map from a data interval onto a pixel interval, with "nice"
/// ticks (steps of 1, 2 or 5 × 10ᵏ).
public struct LinearScale: Sendable {
    public let domain: ClosedRange<Double>
    /// Pixels of `domain.lowerBound` and `domain.upperBound` (may be decreasing, as for y).
    public let range: (Double, Double)

    public init(domain: ClosedRange<Double>, range: (Double, Double)) {
        // A degenerate domain is widened so the map stays invertible.
        if domain.upperBound > domain.lowerBound {
            self.domain = domain
        } else {
            let pad = Swift.max(abs(domain.lowerBound) * 0.1, 1)
            self.domain = (domain.lowerBound - pad)...(domain.upperBound + pad)
        }
        self.range = range
    }

    /// The pixel of `value`.
    public func callAsFunction(_ value: Double) -> Double {
        range.0 + (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * (range.1 - range.0)
    }

    /// The value at `pixel` (the inverse map).
    public func invert(_ pixel: Double) -> Double {
        domain.lowerBound + (pixel - range.0) / (range.1 - range.0) * (domain.upperBound - domain.lowerBound)
    }

    /// Pixels per unit of data.
    public var pixelsPerUnit: Double { abs(range.1 - range.0) / (domain.upperBound - domain.lowerBound) }

    /// A step `s ∈ {1, 2, 5} × 10ᵏ` giving about `count` intervals over `domain`.
    public static func niceStep(_ domain: ClosedRange<Double>, count: Int) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(Swift.max(count, 1))
        let power = pow(10, floor(log10(raw)))
        let fraction = raw / power
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10
        return nice * power
    }

    /// Tick values: multiples of ``niceStep(_:count:)`` inside `domain`.
    public func ticks(count: Int = 5) -> [Double] {
        let step = LinearScale.niceStep(domain, count: count)
        let first = ceil(domain.lowerBound / step - 1e-9)
        let last = floor(domain.upperBound / step + 1e-9)
        // At most a thousand ticks, all of them integers times `step` (a huge or
        // overflowing domain would otherwise trap converting to Int).
        guard last >= first, first.magnitude < 1e15, last.magnitude < 1e15, last - first <= 1000 else { return [] }
        return (Int(first)...Int(last)).map { Double($0) * step }
    }

    /// Decimal places that show `step` exactly (0 for steps ≥ 1).
    public static func decimals(forStep step: Double) -> Int {
        guard step > 0, step < 1 else { return 0 }
        return Swift.min(6, Int(ceil(-log10(step) - 1e-9)))
    }

    /// `domain` padded by `fraction` of its span on both sides and widened
    /// outward to the nice step.
    public static func niceDomain(_ values: [Double], count: Int = 5, pad fraction: Double = 0) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard var lo = finite.min(), var hi = finite.max() else { return 0...1 }
        if hi <= lo { lo -= 1; hi += 1 }
        let pad = (hi - lo) * fraction
        lo -= pad; hi += pad
        let step = niceStep(lo...hi, count: count)
        return (floor(lo / step + 1e-9) * step)...(ceil(hi / step - 1e-9) * step)
    }
}
