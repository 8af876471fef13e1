import HighPrecision

/// One of the 12 targets of ``Taxonomy``: the ten arrangements that differ only
/// by relabeling the features with a symmetry of the starting pentagon (an
/// orbit of D5 acting by ``Arrangement/relabeled(by:)``). All members share
/// one ``gapPattern`` and one break count.
public struct TargetClass: Hashable, Sendable, CustomStringConvertible {
    /// The adjacent gaps shared by every member.
    public let gapPattern: GapPattern
    /// The ten members, in lexicographic order.
    public let members: [Arrangement]
    /// The member written most simply as a rearrangement: `f0` stays in place,
    /// the fewest features move, the moved labels span the shortest range
    /// `max − min`, then the lexicographically smallest arrangement. This
    /// reproduces the twelve entries of the essay's tables, e.g. `(f3 f4)` for
    /// `11212`, `(f1 f2 f3)` for `22121`, `(f1 f2)(f3 f4)` for `21212`.
    public let representative: FeaturePermutation

    /// The class made of `members` (one D5 relabeling orbit).
    init(members: [Arrangement]) {
        self.members = members.sorted()
        self.gapPattern = members[0].gapPattern
        self.representative = self.members.map(FeaturePermutation.init(arrangement:))
            .min { Self.simplicity($0) < Self.simplicity($1) }!
    }

    /// The sort key of ``representative``, smaller is simpler.
    private static func simplicity(_ sigma: FeaturePermutation) -> (Int, Int, Int, Arrangement) {
        let moved = Pentagon.vertices.filter { sigma($0) != $0 }
        return (sigma(0) == 0 ? 0 : 1, moved.count, (moved.max() ?? 0) - (moved.min() ?? 0), sigma.arrangement)
    }

    /// The number of members, 10 (D5 acts freely).
    public var size: Int { members.count }

    /// The number of original neighbour pairs the target destroys: 0, 2, 3 or 5.
    public var breaks: Int { gapPattern.breaks }

    /// Whether `arrangement` is a member.
    public func contains(_ arrangement: Arrangement) -> Bool { arrangement.gapPattern == gapPattern }

    /// The 15-value target macrostate (`μ_goal`) of the ``representative``'s
    /// arrangement, see ``Arrangement/targetMacrostate()``. Other members have
    /// the same values with the features renamed by a D5 element; a patterning
    /// run that targets a particular arrangement should use that arrangement's
    /// own ``Arrangement/targetMacrostate()``.
    public func macrostate<T: RealNumber>() -> [T] { representative.arrangement.targetMacrostate() }

    /// `11212 (2 breaks, e.g. (f3 f4))`.
    public var description: String { "\(gapPattern) (\(breaks) breaks, e.g. \(representative))" }
}
