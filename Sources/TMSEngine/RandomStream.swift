#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One chain's deterministic random stream: xoshiro256** (Blackman & Vigna
/// 2018) for 64-bit words, uniforms on [0, 1) from the top 53 bits, and
/// standard normals by the 128-layer ziggurat.
///
/// A stream is a pure function of `(seed, streamIndex)`: its 256-bit state is
/// four successive outputs of ``SplitMix64`` started at
/// `seed ^ SplitMix64.mix(streamIndex &+ 0x632B_E59B_D9B4_E019)`, so chain `c`
/// of a run draws the same numbers whatever the number of threads.
/// The derivation and the exact algorithms are in
/// [EngineRandomStreams.md](../../Derivations/EngineRandomStreams.md).
public struct RandomStream: @unchecked Sendable {  // the table pointers are immutable and shared
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    /// The shared ziggurat tables (immutable, never freed), cached to avoid a global access per draw.
    @usableFromInline let zigguratBounds: UnsafePointer<UInt64>
    @usableFromInline let zigguratWidths: UnsafePointer<Double>

    /// The stream `streamIndex` of the family named by `seed`.
    public init(seed: UInt64, streamIndex: Int = 0) {
        var mixer = SplitMix64(seed: seed ^ SplitMix64.mix(UInt64(bitPattern: Int64(streamIndex)) &+ 0x632B_E59B_D9B4_E019))
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        zigguratBounds = Ziggurat.shared.bounds
        zigguratWidths = Ziggurat.shared.widths
    }

    /// A stream with an explicit xoshiro256** state (not all zero).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
        (s0, s1, s2, s3) = state
        zigguratBounds = Ziggurat.shared.bounds
        zigguratWidths = Ziggurat.shared.widths
    }

    @inline(__always) @usableFromInline
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64-bit word (xoshiro256**).
    @inlinable @inline(__always)
    public mutating func nextWord() -> UInt64 {
        let result = RandomStream.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomStream.rotl(s3, 45)
        return result
    }

    /// A uniform on `[0, 1)`: `(word >> 11) · 2⁻⁵³`.
    @inlinable @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(nextWord() >> 11) * 0x1.0p-53
    }

    /// A standard normal by the ziggurat method of Marsaglia & Tsang (2000)
    /// with 128 layers, adapted to 64-bit words: one word gives the layer
    /// (bits 0–6) and a signed 53-bit abscissa (bits 11–63), so they are
    /// independent. About 98.8% of calls return after one comparison; the rest
    /// use the exact wedge test or the exact tail (Marsaglia 1964). See
    /// [EngineRandomStreams.md](../../Derivations/EngineRandomStreams.md).
    @inlinable @inline(__always)
    public mutating func nextGaussian() -> Double {
        let word = nextWord()
        let layer = Int(word & 127)
        let abscissa = Int64(bitPattern: word) >> 11
        if abscissa.magnitude < zigguratBounds[layer] {
            return Double(abscissa) * zigguratWidths[layer]
        }
        return gaussianSlowPath(abscissa: abscissa, layer: layer)
    }

    @usableFromInline
    mutating func gaussianSlowPath(abscissa: Int64, layer: Int) -> Double {
        let table = Ziggurat.shared
        var abscissa = abscissa
        var layer = layer
        while true {
            let x = Double(abscissa) * table.widths[layer]
            if layer == 0 {
                // Tail beyond r: x = −ln(U₁)/r, y = −ln(U₂), accept when 2y > x².
                while true {
                    let tx = -_log(1 - nextUniform()) / Ziggurat.r
                    let ty = -_log(1 - nextUniform())
                    if ty + ty > tx * tx { return abscissa > 0 ? Ziggurat.r + tx : -Ziggurat.r - tx }
                }
            }
            // Wedge: accept when a uniform height under layer `layer` lies below the density.
            if table.densities[layer] + nextUniform() * (table.densities[layer - 1] - table.densities[layer]) < _exp(-0.5 * x * x) {
                return x
            }
            let word = nextWord()
            layer = Int(word & 127)
            abscissa = Int64(bitPattern: word) >> 11
            if abscissa.magnitude < table.bounds[layer] { return Double(abscissa) * table.widths[layer] }
        }
    }
}

/// The 128-layer ziggurat tables of Marsaglia & Tsang (2000), for signed
/// 53-bit abscissae (scale `2^52`): `r = 3.442619855899`, layer area
/// `v = 9.91256303526217e−3`. `widths[i] = x_i / 2^52`, `bounds[i]` the
/// fast-accept threshold `2^52 · x_{i−1}/x_i` (layer 0: `2^52 · r f(r)/v`),
/// `densities[i] = exp(−x_i²/2)`.
@usableFromInline
final class Ziggurat: @unchecked Sendable {
    @usableFromInline static let r = 3.442619855899
    static let area = 9.91256303526217e-3
    @usableFromInline static let shared = Ziggurat()

    // Immutable after `init`; never deallocated (one shared instance).
    @usableFromInline let widths: UnsafePointer<Double>
    @usableFromInline let bounds: UnsafePointer<UInt64>
    @usableFromInline let densities: UnsafePointer<Double>

    private init() {
        let scale = 0x1.0p52
        var widths = [Double](repeating: 0, count: 128)
        var bounds = [UInt64](repeating: 0, count: 128)
        var densities = [Double](repeating: 0, count: 128)
        var dn = Ziggurat.r
        var tn = dn
        let q = Ziggurat.area / _exp(-0.5 * dn * dn)
        bounds[0] = UInt64((dn / q) * scale)
        bounds[1] = 0
        widths[0] = q / scale
        widths[127] = dn / scale
        densities[0] = 1
        densities[127] = _exp(-0.5 * dn * dn)
        for i in stride(from: 126, through: 1, by: -1) {
            dn = (-2 * _log(Ziggurat.area / dn + _exp(-0.5 * dn * dn))).squareRoot()
            bounds[i + 1] = UInt64((dn / tn) * scale)
            tn = dn
            densities[i] = _exp(-0.5 * dn * dn)
            widths[i] = dn / scale
        }
        func permanent<T>(_ array: [T]) -> UnsafePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: array.count)
            pointer.initialize(from: array, count: array.count)
            return UnsafePointer(pointer)
        }
        self.widths = permanent(widths)
        self.bounds = permanent(bounds)
        self.densities = permanent(densities)
    }
}

@usableFromInline @inline(__always)
func _log(_ x: Double) -> Double { log(x) }

@usableFromInline @inline(__always)
func _exp(_ x: Double) -> Double { exp(x) }
