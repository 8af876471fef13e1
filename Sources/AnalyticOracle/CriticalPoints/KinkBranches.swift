import HighPrecision

/// The branches of the first-order kinks of a polygon's live block
/// ([CriticalPoints.md](../../../Derivations/CriticalPoints.md) §3).
///
/// At the regular polygon some target-1 pre-activations vanish (for the
/// pentagon, all five outputs of `11111`, because `Σ_i W_i = 0`). Every sign
/// pattern of them is a smooth branch; Newton solves each branch, and a
/// solution is kept only if its pattern is self-consistent (`z ≥ 0` where the
/// branch assumed active, `z ≤ 0` where inactive). Inputs that differ only in
/// dead features have the same pre-activation on the live block, so they form
/// one *group* with one sign.
public struct KinkBranches: Sendable {
    /// One sign variable: the flat indices `5t + j` that share `z`.
    public struct Group: Sendable, Hashable {
        public let members: [Int]
        /// The representative input's live part and output.
        public let input: Int
        public let output: Int
    }

    public let groups: [Group]

    /// The groups of first-order kinks among the live outputs at `w`: target-1
    /// entries `(t, j)` of the support with `j` live, `t ∩ live ⊋ {j}` and
    /// `|z_{t,j}| ≤ tolerance`.
    public init(at w: [Double], polygon: PolygonConfiguration, support: [Int], tolerance: Double) {
        let z = PiecewiseLoss<Double>.preActivations(w)
        let liveMask = polygon.liveFeatures.reduce(0) { $0 | (1 << $1) }
        var byKey: [Int: [Int]] = [:]
        var order: [Int] = []
        for t in support {
            let live = t & liveMask
            for j in polygon.liveFeatures where live & (1 << j) != 0 && live != 1 << j {
                guard abs(z[5 * t + j]) <= tolerance else { continue }
                let key = 5 * live + j
                if byKey[key] == nil { order.append(key) }
                byKey[key, default: []].append(5 * t + j)
            }
        }
        groups = order.map { Group(members: byKey[$0]!, input: $0 / 5, output: $0 % 5) }
    }

    /// The pattern of branch `mask` (bit g set: group g active).
    public func pattern(_ mask: Int) -> ActivationPattern {
        var forced: [Int: Bool] = [:]
        for (g, group) in groups.enumerated() {
            for m in group.members { forced[m] = mask & (1 << g) != 0 }
        }
        return ActivationPattern(forced: forced)
    }

    /// Whether the solution `w` of branch `mask` is self-consistent within
    /// `slack`: active groups have `z ≥ −slack`, inactive ones `z ≤ slack`.
    public func isConsistent(_ w: [Double], mask: Int, slack: Double) -> Bool {
        let z = PiecewiseLoss<Double>.preActivations(w)
        for (g, group) in groups.enumerated() {
            let value = z[group.members[0]]
            if mask & (1 << g) != 0 ? value < -slack : value > slack { return false }
        }
        return true
    }
}

/// The `Double` stage of the search: every self-consistent branch critical
/// point of a polygon's live block, found by Newton from the regular polygon.
public struct BranchSearch: Sendable {
    /// A branch solution.
    public struct Solution: Sendable {
        public let point: [Double]
        /// The branch (forced entries of the first-order kinks that stay at 0
        /// are inactive; the others carry the solution's sign).
        public let pattern: ActivationPattern
        /// The branches that reached this point.
        public let branchCount: Int
        /// The number of solutions this one stands for: points with the same
        /// loss and the same multiset of norms and pairwise dot products (a
        /// relabelling of the features when the data are symmetric).
        public let multiplicity: Int
    }

    /// The largest number of kink groups enumerated (2^limit Newton solves).
    public static let maximumKinkGroups = 10

    /// `|z| ≤ kinkTolerance` counts as a kink at the regular polygon.
    public static let kinkTolerance = 1e-9
    /// Consistency slack and the `|z|` below which a solution sits on a kink (Double rounding).
    public static let boundaryTolerance = 1e-11

    public let polygon: PolygonConfiguration
    public let radius: Double
    public let branches: KinkBranches
    public let solutions: [Solution]
    /// Branches whose Newton iteration failed or whose solution was inconsistent.
    public let rejectedBranches: Int

    /// Runs the search.
    ///
    /// - Throws: ``CriticalPointError/tooManyKinks(count:limit:)`` beyond
    ///   ``maximumKinkGroups`` groups, ``CriticalPointError/notConverged(_:)``
    ///   when the radial solve fails.
    public init(loss: PiecewiseLoss<Double>, polygon: PolygonConfiguration) throws(CriticalPointError) {
        self.polygon = polygon
        radius = try polygon.radialCriticalRadius(loss: loss, tolerance: 1e-14)
        let start: [Double] = polygon.idealPoint(radius: radius)
        branches = KinkBranches(at: start, polygon: polygon, support: loss.support, tolerance: Self.kinkTolerance)
        guard branches.groups.count <= Self.maximumKinkGroups else {
            throw .tooManyKinks(count: branches.groups.count, limit: Self.maximumKinkGroups)
        }
        var found: [(point: [Double], pattern: ActivationPattern, count: Int)] = []
        var rejected = 0
        for mask in 0..<(1 << branches.groups.count) {
            let newton = BranchNewton(loss: loss, free: polygon.liveCoordinates, pattern: branches.pattern(mask), tolerance: 1e-13)
            guard let (point, _) = try? newton.solve(from: start),
                  branches.isConsistent(point, mask: mask, slack: Self.boundaryTolerance) else {
                rejected += 1
                continue
            }
            // Entries that ended on the kink are inactive in the recorded branch.
            let z = PiecewiseLoss<Double>.preActivations(point)
            var forced: [Int: Bool] = [:]
            for group in branches.groups {
                let active = z[group.members[0]] > Self.boundaryTolerance
                for m in group.members { forced[m] = active }
            }
            if let i = found.firstIndex(where: { Self.sameOrbit($0.point, point, polygon: polygon) }) {
                found[i].count += 1
            } else {
                found.append((point, ActivationPattern(forced: forced), 1))
            }
        }
        rejectedBranches = rejected
        var classes: [(solution: (point: [Double], pattern: ActivationPattern, count: Int), size: Int)] = []
        for f in found {
            if let c = classes.firstIndex(where: { Self.sameClass($0.solution.point, f.point, polygon: polygon, loss: loss) }) {
                classes[c].size += 1
            } else {
                classes.append((f, 1))
            }
        }
        solutions = classes.map { Solution(point: $0.solution.point, pattern: $0.solution.pattern, branchCount: $0.solution.count, multiplicity: $0.size) }
    }

    /// Whether two solutions have the same loss (to 10⁻¹³ relative) and the same
    /// sorted norms and sorted pairwise dot products (to 10⁻⁹).
    static func sameClass(_ a: [Double], _ b: [Double], polygon: PolygonConfiguration, loss: PiecewiseLoss<Double>) -> Bool {
        func signature(_ w: [Double]) -> [Double] {
            let live = polygon.liveFeatures
            let norms = live.map { (w[2 * $0] * w[2 * $0] + w[2 * $0 + 1] * w[2 * $0 + 1]) }.sorted()
            var dots: [Double] = []
            for (m, i) in live.enumerated() { for j in live[(m + 1)...] { dots.append(w[2 * i] * w[2 * j] + w[2 * i + 1] * w[2 * j + 1]) } }
            return norms + dots.sorted()
        }
        let la = loss.loss(a), lb = loss.loss(b)
        guard abs(la - lb) <= 1e-13 * max(1, abs(la)) else { return false }
        return zip(signature(a), signature(b)).allSatisfy { abs($0 - $1) <= 1e-9 }
    }

    /// Whether two points lie on the same rotation orbit: equal Gram matrices
    /// and equal orientation of the first two live features (to 10⁻⁹).
    static func sameOrbit(_ a: [Double], _ b: [Double], polygon: PolygonConfiguration) -> Bool {
        let live = polygon.liveFeatures
        for i in live {
            for j in live {
                let ga = a[2 * i] * a[2 * j] + a[2 * i + 1] * a[2 * j + 1]
                let gb = b[2 * i] * b[2 * j] + b[2 * i + 1] * b[2 * j + 1]
                if abs(ga - gb) > 1e-9 { return false }
            }
        }
        let (p, q) = (live[0], live[1])
        let ca = a[2 * p] * a[2 * q + 1] - a[2 * p + 1] * a[2 * q]
        let cb = b[2 * p] * b[2 * q + 1] - b[2 * p + 1] * b[2 * q]
        return abs(ca - cb) <= 1e-9
    }
}
