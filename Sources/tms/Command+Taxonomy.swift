import ArgumentParser
import D5Taxonomy
import Foundation
import HighPrecision

/// `tms taxonomy`: the 12 gap-pattern targets of a pentagon (S5 modulo D5
/// relabeling the features), and `tms taxonomy classify` for one permutation.
/// See Derivations/D5Taxonomy.md.
struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "The 12 gap-pattern targets for rearranging a pentagon of five features (S5 modulo D5), with target macrostates.",
        subcommands: [List.self, Classify.self],
        defaultSubcommand: List.self
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, table
    }

    struct Options: ParsableArguments {
        @Option(help: "Output format: json or table.")
        var format: Format = .table

        @Option(help: "Significant decimal digits of the target cosines and norms, every one certified (1…1000).")
        var digits: Int = 40

        func validate() throws {
            try check("--digits", digits, in: 1...1000)
        }
    }

    /// `tms taxonomy [list]`: every class.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the 12 target classes: gap string, break count, representative, members, target macrostate.")

        @OptionGroup var options: Options

        func run() throws {
            let entries = try Taxonomy.classes.map { try ClassEntry($0, digits: options.digits) }
            switch options.format {
            case .json: print(try json(entries))
            case .table: print(table(entries))
            }
        }
    }

    /// `tms taxonomy classify "(f1 f2)"`: the class of one permutation.
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify a permutation given in cycle notation, e.g. \"(f1 f2)(f3 f4)\" or id.",
            discussion: "A cycle (a b c) moves feature f_a to the position f_b held; see Derivations/D5Taxonomy.md.")

        @Argument(help: "The permutation in cycle notation over f0…f4.")
        var permutation: String

        @OptionGroup var options: Options

        func run() throws {
            let sigma: FeaturePermutation
            do { sigma = try FeaturePermutation(cycles: permutation) } catch let error as PermutationError {
                throw ValidationError("<permutation> '\(permutation)': \(error.description)")
            }
            let entry = try ClassifyEntry(sigma, digits: options.digits)
            switch options.format {
            case .json: print(try json(entry))
            case .table: print(entry.table)
            }
        }
    }
}

/// Certified decimal strings of a 15-value macrostate (10 cosines, 5 norms).
private func macrostateStrings(_ arrangement: Arrangement, digits: Int) throws -> (cosines: [String], norms: [String]) {
    let values = try Certified.decimals(digits: digits) { arrangement.targetMacrostate() as [BigInterval] }
    return (Array(values.prefix(10)), Array(values.suffix(5)))
}

/// One class in the output of `tms taxonomy`.
private struct ClassEntry: Encodable {
    let adjacent_gaps: String
    let breaks: Int
    let size: Int
    let representative: String
    let representative_arrangement: [Int]
    let members: [[Int]]
    let target_cosines: [String]
    let target_norms: [String]

    init(_ target: TargetClass, digits: Int) throws {
        adjacent_gaps = target.gapPattern.description
        breaks = target.breaks
        size = target.size
        representative = target.representative.cycleNotation
        representative_arrangement = target.representative.arrangement.features
        members = target.members.map(\.features)
        (target_cosines, target_norms) = try macrostateStrings(target.representative.arrangement, digits: digits)
    }
}

/// The output of `tms taxonomy classify`.
private struct ClassifyEntry: Encodable {
    let permutation: String
    let arrangement: [Int]
    let adjacent_gaps: String
    let breaks: Int
    let representative: String
    let relabeling: String
    let target_cosines: [String]
    let target_norms: [String]

    init(_ sigma: FeaturePermutation, digits: Int) throws {
        let target = Taxonomy.targetClass(of: sigma)
        let a = sigma.arrangement
        permutation = sigma.cycleNotation
        arrangement = a.features
        adjacent_gaps = target.gapPattern.description
        breaks = target.breaks
        representative = target.representative.cycleNotation
        relabeling = DihedralElement.all.first { target.representative.arrangement.relabeled(by: $0) == a }!.description
        (target_cosines, target_norms) = try macrostateStrings(a, digits: digits)
    }

    var table: String {
        """
        permutation     \(permutation)
        arrangement     \(arrangement.map { "f\($0)" }.joined())
        adjacent gaps   \(adjacent_gaps)   (p0p1 p1p2 p2p3 p3p4 p4p0)
        breaks          \(breaks)
        class           \(adjacent_gaps), representative \(representative), relabeled by \(relabeling)
        target cosines  \(zip(pairNames, target_cosines).map { "\($0) = \($1)" }.joined(separator: "\n                "))
        target norms    \(target_norms.enumerated().map { "norm(\($0)) = \($1)" }.joined(separator: "\n                "))
        """
    }
}

private let pairNames = [
    "dot(0,1)", "dot(0,2)", "dot(0,3)", "dot(0,4)", "dot(1,2)",
    "dot(1,3)", "dot(1,4)", "dot(2,3)", "dot(2,4)", "dot(3,4)",
]

/// Stable JSON: sorted keys, pretty-printed.
private func json<T: Encodable>(_ value: T) throws -> String { try encodedJSON(value) }

/// One line per class, then the two distinct cosine values and the norm.
private func table(_ entries: [ClassEntry]) -> String {
    var lines = ["gaps   breaks  size  representative    arrangement  cosines dot(0,1)…dot(3,4) (+ near, − far)"]
    for e in entries {
        let signs = e.target_cosines.map { $0.hasPrefix("-") ? "−" : "+" }.joined()
        lines.append(
            e.adjacent_gaps.padding(7) + String(e.breaks).padding(8) + String(e.size).padding(6)
                + e.representative.padding(18) + e.representative_arrangement.map { "f\($0)" }.joined().padding(13) + signs)
    }
    if let first = entries.first {
        let near = first.target_cosines[0], far = first.target_cosines[1]
        lines.append("")
        lines.append("+ cos(2π/5) = \(near)")
        lines.append("− cos(4π/5) = \(far)")
        lines.append("  |W_i|     = \(first.target_norms[0])   (every feature, every class)")
    }
    return lines.joined(separator: "\n")
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(1, width - count)) }
}
