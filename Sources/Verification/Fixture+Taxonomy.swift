import D5Taxonomy
import HighPrecision

extension Fixture {
    /// `taxonomy.json`: the 12 gap-pattern targets of a pentagon
    /// ([Derivations/D5Taxonomy.md](../../Derivations/D5Taxonomy.md)), each with
    /// its members and the target macrostate of its representative: the 10
    /// cosines `dot(0,1) … dot(3,4)` and the 5 norms of the one-hot optimum.
    public static func taxonomy(digits: Int) throws -> Fixture {
        let classes = Taxonomy.classes
        let macrostates = try Certified.decimals(digits: digits) {
            classes.flatMap { c -> [BigInterval] in c.macrostate() }
        }
        var entries: [JSONValue] = []
        for (n, c) in classes.enumerated() {
            let mu = Array(macrostates[(15 * n)..<(15 * n + 15)])
            entries.append(.object([
                ("adjacent_gaps", .string(c.gapPattern.description)),
                ("breaks", .integer(c.breaks)),
                ("size", .integer(c.size)),
                ("representative", .string(c.representative.cycleNotation)),
                ("representative_arrangement", .array(c.representative.arrangement.features.map { .integer($0) })),
                ("members", .array(c.members.map { .array($0.features.map { .integer($0) }) })),
                ("target_cosines", .array(mu[0..<10].map { .string($0) })),
                ("target_norms", .array(mu[10..<15].map { .string($0) })),
            ]))
        }
        return Fixture(
            name: "taxonomy",
            description: "The 12 observationally distinct rearrangement targets of a trained pentagon (S5 modulo D5 relabeling), "
                + "with break counts, members (position -> feature lists) and the target macrostate of each representative.",
            digits: digits,
            parameters: .object([
                ("observables", .array(ObservableNames.cosinesAndNorms.map { .string($0) })),
                ("arrangement", .string("features[p] is the feature placed at ring position p; feature i of the target sits at angle 2*pi*p/5")),
                ("norm", .string("|W_i|^2 = 1/(1 + 2 cos^2(2 pi/5)), the regular-pentagon optimum under one-hot data")),
            ]),
            values: .object([("classes", .array(entries))])
        )
    }
}

/// The observable names of [Conventions.md §5](../../Derivations/Conventions.md).
public enum ObservableNames {
    /// `dot(0,1), dot(0,2), …, dot(3,4)`.
    public static let cosines: [String] = (0..<5).flatMap { i in ((i + 1)..<5).map { j in "dot(\(i),\(j))" } }
    /// `norm(0) … norm(4)`.
    public static let norms: [String] = (0..<5).map { "norm(\($0))" }
    /// The 15 structural observables.
    public static let cosinesAndNorms = cosines + norms
}
