/// A map from values to colours: piecewise-linear interpolation between
/// evenly spaced colour stops across `domain`, clamped outside it.
///
/// - ``sequential(_:logarithmic:)``: light (low) to dark (high), the stops of *viridis*
///   reversed, whose luma decreases strictly from stop to stop, so darker always
///   means larger (the essay's "darker points have higher loss").
/// - ``diverging(maxMagnitude:)``: ColorBrewer *RdBu* reversed, symmetric about
///   0: blue for negative, white at 0, red for positive, luma decreasing in
///   `|v|` on each side.
public struct ColorScale: Sendable {
    public let domain: ClosedRange<Double>
    public let stops: [RGBColor]
    /// Whether values are mapped through `log10` before interpolation.
    public let logarithmic: Bool

    public init(domain: ClosedRange<Double>, stops: [RGBColor], logarithmic: Bool = false) {
        precondition(stops.count >= 2, "a colour scale needs two stops")
        self.domain = domain
        self.stops = stops
        self.logarithmic = logarithmic
    }

    /// The position of `value` in `0…1` along the scale.
    public func position(_ value: Double) -> Double {
        let (lo, hi) = logarithmic ? (log10(domain.lowerBound), log10(domain.upperBound)) : (domain.lowerBound, domain.upperBound)
        let v = logarithmic ? log10(Swift.max(value, domain.lowerBound)) : value
        guard hi > lo, v.isFinite else { return 0.5 }
        return ((v - lo) / (hi - lo)).clamped(to: 0...1)
    }

    /// The colour of `value`.
    public func color(_ value: Double) -> RGBColor {
        ColorScale.interpolate(stops, position(value))
    }

    /// Viridis (Nesbitt, van der Walt & Smith) at 9 points, dark to light.
    static let viridis = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]
        .map { RGBColor(hex: $0)! }

    /// ColorBrewer RdBu, 11 classes, blue (negative) to red (positive).
    static let blueWhiteRed = ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"]
        .map { RGBColor(hex: $0)! }

    /// Light-to-dark sequential scale over `domain`.
    public static func sequential(_ domain: ClosedRange<Double>, logarithmic: Bool = false) -> ColorScale {
        ColorScale(domain: domain, stops: viridis.reversed(), logarithmic: logarithmic)
    }

    /// Blue–white–red scale over `−m…m` (`m` replaced by 1 when not positive).
    public static func diverging(maxMagnitude m: Double) -> ColorScale {
        let m = m > 0 && m.isFinite ? m : 1
        return ColorScale(domain: -m...m, stops: blueWhiteRed)
    }
}

extension ColorScale {
    /// The colour at position `t ∈ 0…1` along `stops`.
    static func interpolate(_ stops: [RGBColor], _ t: Double) -> RGBColor {
        let s = (t.isNaN ? 0.5 : t).clamped(to: 0...1) * Double(stops.count - 1)
        let i = Swift.min(Int(s), stops.count - 2)
        return RGBColor.mix(stops[i], stops[i + 1], s - Double(i))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
