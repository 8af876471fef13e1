/// Deterministic decimal formatting of coordinates for SVG output.
///
/// Every number written into a figure goes through ``format(_:decimals:)``:
/// the value is rounded half away from zero to a fixed number of decimals and
/// printed without exponent, trailing zeros or a negative zero, so the same
/// data always produce byte-identical files on every platform.
public enum SVGNumber {
    /// `x` rounded to `decimals` places (default 2), e.g. `12.5`, `-0.03`, `7`.
    /// Non-finite values are written as `0` (a figure never emits `nan`).
    public static func format(_ x: Double, decimals: Int = 2) -> String {
        guard x.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^53 every Double is an integer: print it exactly (never convert to Int64, which traps past 9.2e18).
        guard scaled < 9e15 else { return String(format: "%.0f", x) }
        let units = Int64(scaled)
        if units == 0 { return "0" }
        let divisor = Int64(scale)
        let whole = units / divisor, fraction = units % divisor
        var text = (x < 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: decimals - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// A tick or legend label: `x` with exactly `decimals` places (e.g. `0.50`),
    /// the minus sign written as U+2212.
    public static func label(_ x: Double, decimals: Int) -> String {
        var text = format(x, decimals: decimals)
        if decimals > 0 {
            let places = text.split(separator: ".", omittingEmptySubsequences: false)
            let have = places.count > 1 ? places[1].count : 0
            if have == 0 { text += "." }
            text += String(repeating: "0", count: decimals - have)
        }
        if text.hasPrefix("-") { text = "\u{2212}" + text.dropFirst() }
        return text
    }

    /// `10ⁿ` with a Unicode superscript exponent, e.g. `10⁻²`.
    public static func powerOfTen(_ n: Int) -> String {
        let digits: [Character] = ["\u{2070}", "\u{00B9}", "\u{00B2}", "\u{00B3}", "\u{2074}", "\u{2075}", "\u{2076}", "\u{2077}", "\u{2078}", "\u{2079}"]
        let exponent = String(abs(n)).map { digits[Int(String($0))!] }
        return "10" + (n < 0 ? "\u{207B}" : "") + String(exponent)
    }
}
