/// An element of the dihedral group D5: a symmetry `x ↦ s·x + k (mod 5)` of the
/// ring ℤ/5, with `s = ±1` (`+1` a rotation by `k`, `−1` a reflection).
///
/// The ten elements are exactly the permutations of ℤ/5 that preserve the
/// ring distance ``Pentagon/gap(_:_:)``. D5 acts on an ``Arrangement`` in two
/// different ways, and the taxonomy depends on telling them apart:
///
/// - on **feature labels** (``Arrangement/relabeled(by:)``): every feature `f`
///   is renamed `g(f)`. This preserves the gap between the features at any
///   two positions, so it fixes the ``GapPattern`` — the classes of
///   ``Taxonomy`` are its orbits;
/// - on **positions** (``Arrangement/moved(by:)``): the whole ring of
///   positions is rotated or reflected. This preserves the ring distance
///   between the positions of any two features, so it fixes the target
///   cosines (the observables), and it permutes the gap strings.
///
/// See [D5Taxonomy.md §1](../../Derivations/D5Taxonomy.md).
public struct DihedralElement: Hashable, Sendable, CustomStringConvertible {
    /// `true` for a reflection `x ↦ −x + k`, `false` for a rotation `x ↦ x + k`.
    public let isReflection: Bool
    /// The translation `k` in `0…4`.
    public let shift: Int

    /// The element `x ↦ ±x + shift`; `shift` is read modulo 5.
    public init(reflection: Bool, shift: Int) {
        self.isReflection = reflection
        self.shift = Pentagon.residue(shift)
    }

    /// The rotation `x ↦ x + k`.
    public static func rotation(_ k: Int) -> DihedralElement { DihedralElement(reflection: false, shift: k) }

    /// The reflection `x ↦ k − x`.
    public static func reflection(_ k: Int) -> DihedralElement { DihedralElement(reflection: true, shift: k) }

    /// The identity.
    public static let identity = rotation(0)

    /// All ten elements: the five rotations, then the five reflections.
    public static let all: [DihedralElement] =
        Pentagon.vertices.map(rotation) + Pentagon.vertices.map(reflection)

    /// The image `s·x + k mod 5` of the ring element `x`.
    @inlinable
    public func callAsFunction(_ x: Int) -> Int {
        Pentagon.residue((isReflection ? -x : x) + shift)
    }

    /// `self ∘ other`: first `other`, then `self`.
    public func after(_ other: DihedralElement) -> DihedralElement {
        // s₁(s₂x + k₂) + k₁ = (s₁s₂)x + (s₁k₂ + k₁)
        DihedralElement(
            reflection: isReflection != other.isReflection,
            shift: (isReflection ? -other.shift : other.shift) + shift)
    }

    /// The inverse element.
    public var inverse: DihedralElement {
        // x = s(y − k)  ⇒  rotation: y − k; reflection: k − y.
        isReflection ? self : .rotation(-shift)
    }

    /// `rotation(k)` or `reflection(k)`.
    public var description: String {
        isReflection ? "reflection(\(shift))" : "rotation(\(shift))"
    }
}
