/// The essay's targets for rearranging a pentagon of five features: the 120
/// arrangements (S5) modulo D5 relabeling the features, 12 classes of 10 (D5
/// acts freely, so 120/10 = 12 by orbit–stabilizer), each named by its
/// ``GapPattern``.
///
/// The classes are "observationally distinct" only up to renaming the features
/// by a pentagon symmetry: the ten target cosines are invariant under moving
/// the positions, not under relabeling, so they pin down an arrangement up to
/// a move and determine the break count but not the class
/// (D5Taxonomy.md §7).
///
/// By break count (original neighbour pairs destroyed): 0 → 1 class (the
/// identity), 2 → 5, 3 → 5, 5 → 1; break counts 1 and 4 are impossible.
/// Classes with the same break count are carried into one another by D5
/// moving the ring of positions (``Arrangement/moved(by:)``).
/// See [D5Taxonomy.md](../../Derivations/D5Taxonomy.md).
public enum Taxonomy {
    /// The 12 classes, ordered by break count, then by gap string.
    public static let classes: [TargetClass] = {
        var assigned = Set<Arrangement>()
        var classes: [TargetClass] = []
        for arrangement in Arrangement.all where !assigned.contains(arrangement) {
            let orbit = Set(DihedralElement.all.map { arrangement.relabeled(by: $0) })
            assigned.formUnion(orbit)
            classes.append(TargetClass(members: Array(orbit)))
        }
        return classes.sorted { ($0.breaks, $0.gapPattern) < ($1.breaks, $1.gapPattern) }
    }()

    /// The class of `arrangement`.
    public static func targetClass(of arrangement: Arrangement) -> TargetClass {
        classes.first { $0.contains(arrangement) }!
    }

    /// The class of the arrangement `permutation` reaches from the starting pentagon.
    public static func targetClass(of permutation: FeaturePermutation) -> TargetClass {
        targetClass(of: permutation.arrangement)
    }

    /// The class of a permutation in cycle notation, e.g. `"(f1 f2)(f3 f4)"`.
    ///
    /// - Throws: ``PermutationError`` for malformed notation.
    public static func targetClass(cycles: String) throws -> TargetClass {
        targetClass(of: try FeaturePermutation(cycles: cycles))
    }
}
