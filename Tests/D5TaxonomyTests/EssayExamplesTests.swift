import Testing
@testable import D5Taxonomy

/// The examples of the essay's section "Classifying Targets"
/// (`/work/shared/spec/patterning-toy-models-of-superposition.txt`), each
/// checked against the package's classification.
@Suite("Essay examples")
struct EssayExamplesTests {
    /// Every (cycle, arrangement, gap string, break count) row of the essay's
    /// tables, copied from the text.
    static let table: [(cycles: String, arrangement: String, gaps: String, breaks: Int)] = [
        ("id", "f0f1f2f3f4", "11111", 0),
        ("(f3 f4)", "f0f1f2f4f3", "11212", 2),
        ("(f2 f3)", "f0f1f3f2f4", "12121", 2),
        ("(f2 f4)", "f0f1f4f3f2", "12112", 2),
        ("(f1 f2)", "f0f2f1f3f4", "21211", 2),
        ("(f1 f3)", "f0f3f2f1f4", "21121", 2),
        ("(f1 f3 f2)", "f0f2f3f1f4", "21221", 3),
        ("(f2 f4 f3)", "f0f1f3f4f2", "12122", 3),
        ("(f1 f2 f3)", "f0f3f1f2f4", "22121", 3),
        ("(f2 f3 f4)", "f0f1f4f2f3", "12212", 3),
        ("(f1 f2)(f3 f4)", "f0f2f1f4f3", "21212", 3),
        ("(f1 f3 f4 f2)", "f0f2f4f1f3", "22222", 5),
    ]

    @Test("each listed cycle gives the listed arrangement, gap string and break count", arguments: table)
    func row(_ row: (cycles: String, arrangement: String, gaps: String, breaks: Int)) throws {
        let sigma = try FeaturePermutation(cycles: row.cycles)
        #expect(sigma.arrangement.description == row.arrangement)
        let target = Taxonomy.targetClass(of: sigma)
        #expect(target.gapPattern.description == row.gaps)
        #expect(target.breaks == row.breaks)
        #expect(sigma.arrangement.breaks == row.breaks)
        // The essay's entry is the class representative the package prints.
        #expect(target.representative == sigma)
        #expect(target.representative.cycleNotation == row.cycles)
    }

    @Test("the table lists the 12 classes, each once")
    func tableCoversTaxonomy() {
        let listed = Set(Self.table.map(\.gaps))
        #expect(listed.count == 12)
        #expect(listed == Set(Taxonomy.classes.map(\.gapPattern.description)))
    }

    /// "swapping f2 ↔ f3 and swapping f4 ↔ f1 are the same task": the two
    /// arrangements are one class. (The essay credits "the starting polygon's
    /// rotational symmetry" and calls both pairs adjacent; in fact f1 and f4
    /// are not neighbours, and the one relabeling that maps one arrangement to
    /// the other is the reflection f ↦ −f fixing f0.)
    @Test("swapping f2↔f3 and f4↔f1 are the same target")
    func adjacentSwapsAreOneTarget() throws {
        let a = try FeaturePermutation(cycles: "(f2 f3)").arrangement
        let b = try FeaturePermutation(cycles: "(f1 f4)").arrangement
        #expect(Taxonomy.targetClass(of: a) == Taxonomy.targetClass(of: b))
        let relabelings = DihedralElement.all.filter { a.relabeled(by: $0) == b }
        #expect(relabelings == [.reflection(0)])
        #expect(Pentagon.gap(2, 3) == 1 && Pentagon.gap(1, 4) == 2)
    }

    /// "Any single swap between features falls in this class": every
    /// transposition breaks exactly two neighbour pairs.
    @Test("every transposition is a 2-break")
    func transpositionsAreTwoBreaks() throws {
        for i in 0..<5 {
            for j in i + 1..<5 {
                #expect(try Taxonomy.targetClass(cycles: "(f\(i) f\(j))").breaks == 2)
            }
        }
    }

    /// "Each 3-break target can be described equally well as a 3-cycle … or as
    /// two simultaneous swaps": every 3-break class has both kinds of member.
    @Test("every 3-break class contains a 3-cycle and a double swap")
    func threeBreaksHaveBothDescriptions() {
        for target in Taxonomy.classes where target.breaks == 3 {
            let cycleTypes = target.members.map { FeaturePermutation(arrangement: $0).cycles.map(\.count).sorted() }
            #expect(cycleTypes.contains([3]))
            #expect(cycleTypes.contains([2, 2]))
        }
    }

    /// The essay says the 3-cycle `(f1 f2 f3)` and the double swap
    /// `(f1 f2)(f3 f4)` "define the same target" because "one arrangement can be
    /// obtained from the other by relabeling all features via a rotation of the
    /// pentagon". Its own tables list them under different gap strings (22121
    /// and 21212), and exhaustion shows no single D5 action relates them: they
    /// are the same target only up to *both* actions at once (a relabeling and
    /// a move of the positions), i.e. they have the same break count. See
    /// D5Taxonomy.md §7.
    @Test("(f1 f2 f3) and (f1 f2)(f3 f4): same break count, related only by relabeling and moving together")
    func threeCycleAndDoubleSwap() throws {
        let a = try FeaturePermutation(cycles: "(f1 f2 f3)").arrangement
        let b = try FeaturePermutation(cycles: "(f1 f2)(f3 f4)").arrangement
        #expect(a.breaks == 3 && b.breaks == 3)
        #expect(a.gapPattern.description == "22121")
        #expect(b.gapPattern.description == "21212")
        // Not one relabeling (the essay's stated reason) …
        #expect(!DihedralElement.all.contains { a.relabeled(by: $0) == b })
        // … and not one move of the positions (same observables) …
        #expect(!DihedralElement.all.contains { a.moved(by: $0) == b })
        // … but a relabeling followed by a move.
        let pairs = DihedralElement.all.flatMap { g in
            DihedralElement.all.filter { h in a.relabeled(by: g).moved(by: h) == b }.map { h in (g, h) }
        }
        #expect(pairs.count == 2)
        #expect(pairs.allSatisfy { g, h in g != .identity && h != .identity })
    }
}
