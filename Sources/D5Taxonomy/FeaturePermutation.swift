/// A permutation `σ` of the feature labels `f0…f4`, read as a rearrangement of
/// the starting pentagon `f0 f1 f2 f3 f4`: **feature `f_i` moves to position
/// `σ(i)`**, the position that `f_{σ(i)}` held.
///
/// So the cycle `(f1 f2 f3)` (`σ: 1 ↦ 2 ↦ 3 ↦ 1`) sends `f1` to position 2,
/// `f2` to position 3 and `f3` to position 1, giving the ``Arrangement``
/// `f0 f3 f1 f2 f4`: the arrangement is `σ⁻¹` read as position → feature.
/// This is the convention of the essay's tables (see
/// [D5Taxonomy.md §6](../../Derivations/D5Taxonomy.md)). Cycle notation:
/// ``init(cycles:)`` and ``cycleNotation``.
public struct FeaturePermutation: Hashable, Sendable {
    /// `images[i] = σ(i)`, the position feature `f_i` moves to.
    public let images: [Int]

    /// The permutation with `σ(i) = images[i]`.
    ///
    /// - Throws: ``PermutationError/notAPermutation(_:)`` unless `images` is a
    ///   permutation of `0…4`.
    public init(images: [Int]) throws {
        guard images.count == Pentagon.size, Set(images) == Set(Pentagon.vertices) else {
            throw PermutationError.notAPermutation(images)
        }
        self.images = images
    }

    init(unchecked images: [Int]) { self.images = images }

    /// The identity `id`.
    public static let identity = FeaturePermutation(unchecked: Array(Pentagon.vertices))

    /// σ(i).
    public func callAsFunction(_ i: Int) -> Int { images[i] }

    /// σ⁻¹.
    public var inverse: FeaturePermutation {
        var inverse = images
        for (i, image) in images.enumerated() { inverse[image] = i }
        return FeaturePermutation(unchecked: inverse)
    }

    /// The arrangement reached from `f0 f1 f2 f3 f4` by moving each `f_i` to
    /// position `σ(i)`.
    public var arrangement: Arrangement { Arrangement(unchecked: inverse.images) }

    /// The permutation that moves the starting pentagon to `arrangement`.
    public init(arrangement: Arrangement) { self.init(unchecked: arrangement.positions) }

    /// The number of features that move (`σ(i) ≠ i`).
    public var movedCount: Int { Pentagon.vertices.filter { images[$0] != $0 }.count }

    /// The disjoint cycles of length ≥ 2, each starting at its smallest label,
    /// ordered by that label: `[[1, 3, 4, 2]]` for `(f1 f3 f4 f2)`.
    public var cycles: [[Int]] {
        var seen = Set<Int>()
        var cycles: [[Int]] = []
        for start in Pentagon.vertices where !seen.contains(start) {
            var cycle = [start]
            seen.insert(start)
            var next = images[start]
            while next != start {
                cycle.append(next)
                seen.insert(next)
                next = images[next]
            }
            if cycle.count > 1 { cycles.append(cycle) }
        }
        return cycles
    }
}
