/// The free coordinates of a sampler run; the others stay frozen at the
/// centre `w*` (the mask multiplies drift and noise, [Conventions.md](../../Derivations/Conventions.md) §3–4).
public struct ParameterMask: Sendable, Equatable {
    /// The length of `w`.
    public let dimension: Int
    /// The free coordinates, increasing.
    public let freeCoordinates: [Int]

    /// Frees the listed coordinates (duplicates are merged).
    public init(dimension: Int, free: [Int]) throws(SamplerError) {
        let sorted = Array(Set(free)).sorted()
        guard !sorted.isEmpty else { throw .invalidMask("no free coordinates") }
        for index in sorted where !(0..<dimension).contains(index) {
            throw .invalidMask("coordinate \(index) is outside 0..<\(dimension)")
        }
        self.dimension = dimension
        self.freeCoordinates = sorted
    }

    /// Every coordinate free.
    public static func all(dimension: Int) -> ParameterMask {
        // Cannot fail for dimension ≥ 1.
        ParameterMask(unchecked: dimension, Array(0..<dimension))
    }

    /// The coordinates of the listed feature columns `W_i` (`w[m·i + a]`, `a < m`) free.
    public static func features(_ features: [Int], featureCount: Int = 5, embeddingDimension: Int = 2) throws(SamplerError) -> ParameterMask {
        for i in features where !(0..<featureCount).contains(i) {
            throw .invalidMask("feature \(i) is outside 0..<\(featureCount)")
        }
        return try ParameterMask(
            dimension: featureCount * embeddingDimension,
            free: features.flatMap { i in (0..<embeddingDimension).map { embeddingDimension * i + $0 } })
    }

    private init(unchecked dimension: Int, _ free: [Int]) {
        self.dimension = dimension
        self.freeCoordinates = free
    }

    public func isFree(_ index: Int) -> Bool { freeCoordinates.contains(index) }
}
