#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Named parameter vectors of the 5×2 model (layout of [Conventions.md](../../Derivations/Conventions.md) §1).
public enum NamedConfiguration: String, Sendable, CaseIterable, Codable {
    /// `W_i = (cos 2πi/5, sin 2πi/5)`: the regular pentagon of unit vectors.
    case pentagon
    /// `W_0…W_3` the unit square at 0°, 90°, 180°, 270°; `W_4 = 0` (the frozen-square configuration).
    case squareDead = "square-dead"

    /// The parameter vector `w` (length 10).
    public var parameters: [Double] {
        switch self {
        case .pentagon:
            return (0..<5).flatMap { i -> [Double] in
                let angle = 2 * Double.pi * Double(i) / 5
                return [cos(angle), sin(angle)]
            }
        case .squareDead:
            return [1, 0, 0, 1, -1, 0, 0, -1, 0, 0]
        }
    }
}
