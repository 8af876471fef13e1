/// The ring ℤ/5 on which both the feature labels `f0…f4` and the five
/// positions of a pentagon live.
///
/// The *gap* between two ring elements is their ring distance,
/// `gap(a, b) = min((a − b) mod 5, (b − a) mod 5)`, which is `0` for equal
/// elements, `1` for neighbours and `2` for non-neighbours. On the features it
/// says how far apart two features are on the original pentagon
/// `f0 f1 f2 f3 f4`; on positions it says how far apart two vertices are.
///
/// See [D5Taxonomy.md](../../Derivations/D5Taxonomy.md).
public enum Pentagon {
    /// The number of vertices (and of features), 5.
    public static let size = 5

    /// The ring elements `0…4`.
    public static let vertices = 0..<size

    /// The ring distance between `a` and `b` (any integers, read modulo 5):
    /// `0`, `1` or `2`.
    @inlinable
    public static func gap(_ a: Int, _ b: Int) -> Int {
        let d = residue(a - b)
        return min(d, size - d)
    }

    /// `n mod 5` in `0…4`, also for negative `n`.
    @inlinable
    public static func residue(_ n: Int) -> Int {
        let r = n % size
        return r < 0 ? r + size : r
    }

    /// The ten unordered pairs `(i, j)`, `i < j`, in the package's observable
    /// order `(0,1), (0,2), (0,3), (0,4), (1,2), (1,3), (1,4), (2,3), (2,4), (3,4)`
    /// (see [Conventions.md §5](../../Derivations/Conventions.md)).
    public static let pairs: [(Int, Int)] = vertices.flatMap { i in
        (i + 1..<size).map { j in (i, j) }
    }

    /// The five edges `(p, p + 1 mod 5)` of the ring, in order
    /// `(0,1), (1,2), (2,3), (3,4), (4,0)`.
    public static let edges: [(Int, Int)] = vertices.map { p in (p, residue(p + 1)) }
}
