import HighPrecision

/// A k-gon of the full model: `k` live features on a regular polygon, the
/// others dead at `W_i = 0`.
///
/// The live features `liveFeatures[m]` sit at angle `2πm/k` (in list order);
/// the default is features `0 … k−1`. The dead features are the rest.
public struct PolygonConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The number of live features, 2…5.
    public let k: Int
    /// The live features in polygon order.
    public let liveFeatures: [Int]

    /// The polygon sizes supported.
    public static let sizes: ClosedRange<Int> = 2...5

    /// `k` live features `liveFeatures` (default `0 … k−1`), validated.
    public init(k: Int, liveFeatures: [Int]? = nil) throws(CriticalPointError) {
        guard Self.sizes.contains(k) else { throw .invalidPolygon("k must be in 2…5, got \(k)") }
        let live = liveFeatures ?? Array(0..<k)
        guard live.count == k else {
            throw .invalidPolygon("a \(k)-gon needs \(k) live features, got \(live.count) (\(live.map(String.init).joined(separator: ",")))")
        }
        guard live.allSatisfy({ (0..<5).contains($0) }), Set(live).count == k else {
            throw .invalidPolygon("live features must be distinct indices in 0…4, got \(live.map(String.init).joined(separator: ","))")
        }
        self.k = k
        self.liveFeatures = live
    }

    /// The dead features, increasing.
    public var deadFeatures: [Int] { (0..<5).filter { !liveFeatures.contains($0) } }

    /// The live coordinates `2i, 2i+1` of the live features, increasing.
    public var liveCoordinates: [Int] { liveFeatures.sorted().flatMap { [2 * $0, 2 * $0 + 1] } }

    /// A name: `pentagon`, `square`, `triangle`, `digon`, with the live features when not the default.
    public var name: String {
        let base = ["digon", "triangle", "square", "pentagon"][k - 2]
        return liveFeatures == Array(0..<k) ? base : "\(base)[\(liveFeatures.map(String.init).joined(separator: ","))]"
    }

    public var description: String { name }

    /// The regular polygon of radius `r`: `W_{live[m]} = r (cos 2πm/k, sin 2πm/k)`,
    /// dead columns 0. Coordinates that are exactly 0 or ±r (k = 2, 4) are exact.
    public func idealPoint<T: RealNumber>(radius r: T) -> [T] {
        var w = [T](repeating: T(0), count: 10)
        for (m, i) in liveFeatures.enumerated() {
            let (c, s): (T, T)
            switch (k, m) {
            case (2, 0), (4, 0): (c, s) = (1, 0)
            case (2, 1), (4, 2): (c, s) = (-1, 0)
            case (4, 1): (c, s) = (0, 1)
            case (4, 3): (c, s) = (0, -1)
            default:
                let angle = 2 * T.pi * T.ratio(m, k)
                (c, s) = (T.cos(angle), T.sin(angle))
            }
            w[2 * i] = r * c
            w[2 * i + 1] = r * s
        }
        return w
    }
}

/// Bad input to the critical-point oracle, or a computation that could not be completed.
public enum CriticalPointError: Error, Equatable, CustomStringConvertible {
    case invalidPolygon(String)
    case invalidSetting(String)
    /// Newton did not converge (with the branch and the reason).
    case notConverged(String)
    case tooManyKinks(count: Int, limit: Int)
    case certificationFailed(String)

    public var description: String {
        switch self {
        case .invalidPolygon(let m): return "invalid polygon: \(m)"
        case .invalidSetting(let m): return "invalid setting: \(m)"
        case .notConverged(let m): return "Newton did not converge: \(m)"
        case let .tooManyKinks(count, limit):
            return "\(count) independent first-order kinks at the polygon: 2^\(count) branches exceed the limit of \(limit) kinks"
        case .certificationFailed(let m): return "certification failed: \(m)"
        }
    }
}
