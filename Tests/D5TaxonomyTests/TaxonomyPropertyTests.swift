import PropertyBased
import Testing
@testable import D5Taxonomy

/// Random permutations and random D5 elements. The properties are exact, so
/// they cannot flake; the exhaustive suites cover the same finite domain.
@Suite("Taxonomy properties")
struct TaxonomyPropertyTests {
    static let arrangement = Gen.shuffled(0..<5).map { Arrangement(unchecked: $0) }
    static let element = Gen.int(in: 0...9).map { DihedralElement.all[$0] }

    @Test("relabeling by D5 keeps the class: class(g ∘ a) = class(a)")
    func relabelingKeepsClass() async {
        await propertyCheck(count: 300, input: Self.arrangement, Self.element) { a, g in
            #expect(Taxonomy.targetClass(of: a.relabeled(by: g)) == Taxonomy.targetClass(of: a))
            #expect(a.relabeled(by: g).gap(betweenPositions: 0, 2) == a.gap(betweenPositions: 0, 2))
        }
    }

    @Test("moving positions by D5 keeps the cosines and the break count, and moves the gap string")
    func movingKeepsObservables() async {
        await propertyCheck(count: 300, input: Self.arrangement, Self.element) { a, h in
            let b = a.moved(by: h)
            #expect(b.targetCosines() as [Double] == a.targetCosines() as [Double])
            #expect(b.breaks == a.breaks)
            #expect(b.gapPattern == a.gapPattern.moved(by: h))
        }
    }

    /// The cosines determine the arrangement up to moving the positions: two
    /// arrangements with equal cosines differ by exactly one D5 element.
    @Test("equal target cosines ⇔ related by a move of the positions")
    func cosinesDetermineObservableClass() async {
        await propertyCheck(count: 300, input: Self.arrangement, Self.arrangement) { a, b in
            let sameCosines = (a.targetCosines() as [Double]) == (b.targetCosines() as [Double])
            let moves = DihedralElement.all.filter { a.moved(by: $0) == b }
            #expect(sameCosines == !moves.isEmpty)
            #expect(moves.count <= 1)
        }
    }

    @Test("parse ∘ print is the identity on permutations")
    func parsePrint() async {
        await propertyCheck(count: 300, input: Self.arrangement) { a throws in
            let sigma = FeaturePermutation(arrangement: a)
            #expect(try FeaturePermutation(cycles: sigma.cycleNotation) == sigma)
        }
    }

    /// Random cycle notation: the cycles of a random permutation, each rotated
    /// by a random amount, listed in a random order. Printing the parsed
    /// permutation gives the canonical text, which parses to the same.
    @Test("print ∘ parse yields the canonical text of the same permutation")
    func printParse() async {
        await propertyCheck(count: 300, input: Self.arrangement, Gen.int(in: 0...100)) { a, seed in
            let sigma = FeaturePermutation(arrangement: a)
            let cycles = sigma.cycles.enumerated().map { n, cycle -> [Int] in
                let r = (seed + n) % cycle.count
                return Array(cycle[r...] + cycle[..<r])
            }
            let order = seed % 2 == 0 ? cycles : cycles.reversed()
            let text = order.map { "(" + $0.map { "f\($0)" }.joined(separator: " ") + ")" }.joined(separator: " ")
            let parsed = try FeaturePermutation(cycles: text.isEmpty ? "id" : text)
            #expect(parsed == sigma)
            #expect(parsed.cycleNotation == sigma.cycleNotation)
            #expect(try FeaturePermutation(cycles: parsed.cycleNotation) == parsed)
        }
    }

    @Test("the class macrostate is the representative's; members' cosines are relabelings of it")
    func classMacrostate() async {
        await propertyCheck(count: 200, input: Self.arrangement) { a in
            let target = Taxonomy.targetClass(of: a)
            let representative = target.representative.arrangement
            let g = try #require(DihedralElement.all.first { representative.relabeled(by: $0) == a })
            // cos_a(g(i), g(j)) = cos_rep(i, j): the cosines are carried along by the renaming.
            let mu: [Double] = target.macrostate()
            let mine: [Double] = a.targetMacrostate()
            for (k, (i, j)) in Pentagon.pairs.enumerated() {
                let (gi, gj) = (min(g(i), g(j)), max(g(i), g(j)))
                let kk = Pentagon.pairs.firstIndex { $0 == (gi, gj) }!
                #expect(mine[kk] == mu[k])
            }
            #expect(Array(mine.suffix(5)) == Array(mu.suffix(5)))
        }
    }
}
