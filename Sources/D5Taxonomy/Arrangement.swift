/// Five features placed on the five positions of a pentagon:
/// `features[p]` is the label of the feature at position `p`.
///
/// The starting pentagon is ``identity``, `f0 f1 f2 f3 f4`. An arrangement is
/// printed as the features in position order (`f0f1f2f4f3`) and is the
/// position → feature map; ``FeaturePermutation`` is the inverse view
/// (feature → position).
public struct Arrangement: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `features[p]`: the feature at position `p`.
    public let features: [Int]

    /// The arrangement with feature `features[p]` at position `p`.
    ///
    /// - Throws: ``PermutationError/notAPermutation(_:)`` unless `features`
    ///   is a permutation of `0…4`.
    public init(features: [Int]) throws {
        _ = try FeaturePermutation(images: features)
        self.features = features
    }

    init(unchecked features: [Int]) { self.features = features }

    /// The starting pentagon `f0 f1 f2 f3 f4`.
    public static let identity = Arrangement(unchecked: Array(Pentagon.vertices))

    /// All 120 arrangements, in lexicographic order of ``features``.
    public static let all: [Arrangement] = {
        func extend(_ prefix: [Int]) -> [[Int]] {
            prefix.count == Pentagon.size
                ? [prefix]
                : Pentagon.vertices.filter { !prefix.contains($0) }.flatMap { extend(prefix + [$0]) }
        }
        return extend([]).map(Arrangement.init(unchecked:))
    }()

    /// `positions[f]`: the position of feature `f`.
    public var positions: [Int] { FeaturePermutation(unchecked: features).inverse.images }

    /// The feature at position `p`.
    public subscript(position p: Int) -> Int { features[p] }

    /// Feature `f` renamed `g(f)` everywhere: `features'[p] = g(features[p])`.
    /// Preserves every gap between the features at two positions, hence the
    /// ``gapPattern``.
    public func relabeled(by g: DihedralElement) -> Arrangement {
        Arrangement(unchecked: features.map { g($0) })
    }

    /// The ring of positions moved by `h`: the feature at position `p` goes to
    /// position `h(p)`, so `features'[h(p)] = features[p]`. Preserves the
    /// ring distance between the positions of any two features, hence the
    /// target cosines; acts on the ``gapPattern`` by ``GapPattern/moved(by:)``.
    public func moved(by h: DihedralElement) -> Arrangement {
        var moved = features
        for p in Pentagon.vertices { moved[h(p)] = features[p] }
        return Arrangement(unchecked: moved)
    }

    /// The gap (1 or 2) on the original pentagon between the features at
    /// positions `p` and `q ≠ p`.
    public func gap(betweenPositions p: Int, _ q: Int) -> Int {
        Pentagon.gap(features[p], features[q])
    }

    /// The ring distance (1 or 2) between the positions of features `i` and `j ≠ i`.
    public func positionGap(betweenFeatures i: Int, _ j: Int) -> Int {
        let positions = self.positions
        return Pentagon.gap(positions[i], positions[j])
    }

    /// The gaps between the features at adjacent positions.
    public var gapPattern: GapPattern { GapPattern(self) }

    /// The number of original neighbour pairs `{f_i, f_{i+1}}` that no longer
    /// sit at adjacent positions (0, 2, 3 or 5).
    public var breaks: Int {
        let positions = self.positions
        return Pentagon.edges.filter { i, j in Pentagon.gap(positions[i], positions[j]) != 1 }.count
    }

    /// The features in position order, e.g. `f0f1f2f4f3`.
    public var description: String { features.map { "f\($0)" }.joined() }

    /// Lexicographic order of ``features``.
    public static func < (lhs: Arrangement, rhs: Arrangement) -> Bool {
        lhs.features.lexicographicallyPrecedes(rhs.features)
    }
}
