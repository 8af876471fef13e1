/// An 8-bit sRGB colour, written as `#rrggbb`.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The colour written `#rrggbb` (6 hex digits; a leading `#` is optional).
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16 & 0xff), green: UInt8(value >> 8 & 0xff), blue: UInt8(value & 0xff))
    }

    /// `#rrggbb`, lower case.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { String(digits[Int($0 >> 4)]) + String(digits[Int($0 & 15)]) }.joined()
    }

    public var description: String { hex }

    /// The linear blend `(1 − t) a + t b` per channel, rounded.
    public static func mix(_ a: RGBColor, _ b: RGBColor, _ t: Double) -> RGBColor {
        let t = t.isNaN ? 0.5 : t
        func channel(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) + (Double(y) - Double(x)) * t).rounded().clamped(to: 0...255))
        }
        return RGBColor(red: channel(a.red, b.red), green: channel(a.green, b.green), blue: channel(a.blue, b.blue))
    }

    /// Rec. 601 luma `0.299 R + 0.587 G + 0.114 B` in `0…255`, a proxy for
    /// perceived lightness (linear in the channels, so linear along a blend).
    public var luma: Double { 0.299 * Double(red) + 0.587 * Double(green) + 0.114 * Double(blue) }

    /// Black or white, whichever reads better on this colour.
    public var contrastingText: String { luma > 140 ? "#111111" : "#ffffff" }

    /// The Okabe–Ito colour-blind-safe palette, one colour per feature `f0…f4`.
    public static let features: [RGBColor] = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"].map { RGBColor(hex: $0)! }

    /// The colour of feature `i` (cycled).
    public static func feature(_ i: Int) -> RGBColor { features[((i % features.count) + features.count) % features.count] }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
