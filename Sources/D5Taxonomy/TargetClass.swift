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
    /// The member reached by the permutation moving the fewest features
    /// (ties: the lexicographically smallest arrangement), e.g. `(f3 f4)` for
    /// `11212`. These are the essay's table entries.
    public let representative: FeaturePermutation

    /// The class made of `members` (one D5 relabeling orbit).
    init(members: [Arrangement]) {
        self.members = members.sorted()
        self.gapPattern = members[0].gapPattern
        let best = self.members.min { a, b in
            let (ma, mb) = (FeaturePermutation(arrangement: a).movedCount, FeaturePermutation(arrangement: b).movedCount)
            return ma != mb ? ma < mb : a < b
        }!
        self.representative = FeaturePermutation(arrangement: best)
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
