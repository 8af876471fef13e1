/// The gaps between the features at adjacent positions of an ``Arrangement``:
/// `adjacentGaps[p] = gap(features[p], features[p + 1 mod 5])` for the position
/// pairs `p0p1, p1p2, p2p3, p3p4, p4p0`, printed as a string such as `11212`.
///
/// It is invariant under relabeling the features by D5
/// (``Arrangement/relabeled(by:)``) and determines the gap between the
/// features at *every* pair of positions, so it names a class of
/// ``Taxonomy``. Moving the ring of positions by D5 acts on it by
/// ``moved(by:)``: a rotation by `k` rotates the string by `k` places.
/// See [D5Taxonomy.md](../../Derivations/D5Taxonomy.md).
public struct GapPattern: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The five adjacent gaps, each 1 or 2, in position-edge order.
    public let adjacentGaps: [Int]

    /// The pattern of `arrangement`.
    public init(_ arrangement: Arrangement) {
        adjacentGaps = Pentagon.edges.map { p, q in arrangement.gap(betweenPositions: p, q) }
    }

    init(unchecked adjacentGaps: [Int]) { self.adjacentGaps = adjacentGaps }

    /// The number of gap-2 steps. It equals ``Arrangement/breaks``: a position
    /// edge holding a gap-1 pair is exactly an original neighbour pair that
    /// survived, so both count the five edges minus the survivors.
    public var breaks: Int { adjacentGaps.filter { $0 == 2 }.count }

    /// The pattern of `arrangement.moved(by: h)`: the step on position edge
    /// `{p, p+1}` goes to edge `{h(p), h(p+1)}`. For a rotation by `k` that is
    /// the string rotated right by `k`; for a reflection, the string reversed
    /// and rotated.
    public func moved(by h: DihedralElement) -> GapPattern {
        var moved = adjacentGaps
        for p in Pentagon.vertices {
            let (a, b) = (h(p), h(p + 1))
            // The edge {a, b} of the ring starts at a if b = a + 1, else at b.
            moved[Pentagon.residue(b - a) == 1 ? a : b] = adjacentGaps[p]
        }
        return GapPattern(unchecked: moved)
    }

    /// The gaps as digits, e.g. `11212`.
    public var description: String { adjacentGaps.map(String.init).joined() }

    /// Lexicographic order of the gap strings.
    public static func < (lhs: GapPattern, rhs: GapPattern) -> Bool {
        lhs.adjacentGaps.lexicographicallyPrecedes(rhs.adjacentGaps)
    }
}
