import Testing
@testable import D5Taxonomy

/// Exhaustive checks over all 120 arrangements.
@Suite("Taxonomy by exhaustion")
struct TaxonomyCountingTests {
    static let all = Arrangement.all

    @Test("120 distinct arrangements")
    func arrangements() {
        #expect(Self.all.count == 120)
        #expect(Set(Self.all).count == 120)
        #expect(Self.all == Self.all.sorted())
    }

    @Test("D5 relabeling acts freely: every stabilizer is trivial")
    func freeAction() {
        for a in Self.all {
            #expect(DihedralElement.all.filter { a.relabeled(by: $0) == a } == [.identity])
        }
    }

    /// The classes are built as orbits; here they are rebuilt from the
    /// invariant (the gap string) and must be the same partition.
    @Test("12 classes of 10; the orbits are exactly the fibres of the gap string")
    func orbitsAreGapFibres() {
        #expect(Taxonomy.classes.count == 12)
        #expect(Taxonomy.classes.allSatisfy { $0.size == 10 })
        let fibres = Dictionary(grouping: Self.all, by: \.gapPattern)
        #expect(fibres.count == 12)
        for target in Taxonomy.classes {
            #expect(Set(fibres[target.gapPattern] ?? []) == Set(target.members))
            #expect(target.members.allSatisfy { Taxonomy.targetClass(of: $0) == target })
        }
        #expect(Set(Taxonomy.classes.flatMap(\.members)) == Set(Self.all))
    }

    @Test("the adjacent gaps determine the gap at every pair of positions")
    func adjacentGapsDetermineAllGaps() {
        let fibres = Dictionary(grouping: Self.all, by: \.gapPattern)
        for (_, members) in fibres {
            let fullPatterns = Set(members.map { a in Pentagon.pairs.map { p, q in a.gap(betweenPositions: p, q) } })
            #expect(fullPatterns.count == 1)
        }
    }

    @Test("break count: feature route (destroyed neighbour pairs) equals position route (gap-2 steps)")
    func breakCountTwoRoutes() {
        for a in Self.all { #expect(a.breaks == a.gapPattern.breaks) }
    }

    @Test("break counts 0, 2, 3, 5 occur with 1, 5, 5, 1 classes; 1 and 4 never occur")
    func breakHistogram() {
        let arrangementsPerBreak = Dictionary(grouping: Self.all, by: \.breaks).mapValues(\.count)
        #expect(arrangementsPerBreak == [0: 10, 2: 50, 3: 50, 5: 10])
        let classesPerBreak = Dictionary(grouping: Taxonomy.classes, by: \.breaks).mapValues(\.count)
        #expect(classesPerBreak == [0: 1, 2: 5, 3: 5, 5: 1])
        #expect(Self.all.allSatisfy { $0.breaks != 1 && $0.breaks != 4 })
    }

    /// The duality of the derivation (§4): relabeling by `f ↦ 2f mod 5`
    /// (an automorphism of ℤ/5 outside D5) swaps gap 1 and gap 2, so it maps
    /// `b` breaks to `5 − b` and each gap string to its 1↔2 complement.
    @Test("relabeling by f ↦ 2f swaps gaps 1 and 2, and break counts b and 5 − b")
    func doublingDuality() {
        for a in Self.all {
            let dual = Arrangement(unchecked: a.features.map { 2 * $0 % 5 })
            #expect(dual.breaks == 5 - a.breaks)
            #expect(dual.gapPattern.adjacentGaps == a.gapPattern.adjacentGaps.map { 3 - $0 })
        }
    }

    /// Three consecutive gap-1 steps force the string 11111 (§4): checked on
    /// every arrangement, and dually for gap-2 steps.
    @Test("three consecutive equal steps force all five equal")
    func threeInARow() {
        for a in Self.all {
            let g = a.gapPattern.adjacentGaps
            for step in [1, 2] where (0..<5).contains(where: { p in (0..<3).allSatisfy { g[(p + $0) % 5] == step } }) {
                #expect(g == Array(repeating: step, count: 5))
            }
        }
    }

    @Test("classes are ordered by break count, then gap string")
    func order() {
        #expect(Taxonomy.classes.map(\.gapPattern.description) == [
            "11111", "11212", "12112", "12121", "21121", "21211",
            "12122", "12212", "21212", "21221", "22121", "22222",
        ])
    }

    /// Moving the positions by D5 maps each class onto a class, acting on gap
    /// strings by `GapPattern.moved(by:)` (checked against recomputing the
    /// gaps of the moved arrangements).
    @Test("D5 on positions permutes the classes and acts on the gap strings")
    func positionActionPermutesClasses() {
        for target in Taxonomy.classes {
            for h in DihedralElement.all {
                let moved = Set(target.members.map { $0.moved(by: h) })
                let image = Taxonomy.targetClass(of: target.members[0].moved(by: h))
                #expect(moved == Set(image.members))
                #expect(image.gapPattern == target.gapPattern.moved(by: h))
            }
        }
    }

    @Test("a rotation of the positions by k rotates the gap string right by k")
    func rotationsRotateStrings() {
        for target in Taxonomy.classes {
            let text = Array(target.gapPattern.description)
            for k in 0..<5 {
                let rotated = String((0..<5).map { text[($0 - k + 5) % 5] })
                #expect(target.gapPattern.moved(by: .rotation(k)).description == rotated)
            }
            // A reflection p ↦ −p reverses the edge order: edge {p, p+1} ↦ {−p−1, −p}.
            let reflected = String((0..<5).map { text[(4 - $0 + 5) % 5] })
            #expect(target.gapPattern.moved(by: .reflection(0)).description == reflected)
        }
    }

    @Test("classes with the same break count are one orbit of D5 on positions, and only those")
    func sameBreaksSameOrbit() {
        for a in Taxonomy.classes {
            let orbit = Set(DihedralElement.all.map { a.gapPattern.moved(by: $0) })
            let sameBreaks = Set(Taxonomy.classes.filter { $0.breaks == a.breaks }.map(\.gapPattern))
            #expect(orbit == sameBreaks)
        }
    }

    @Test("the target cosines are invariant under moving positions and separate the position orbits")
    func cosinesAreObservableClasses() {
        let byCosines = Dictionary(grouping: Self.all) { a -> [Double] in a.targetCosines() }
        #expect(byCosines.count == 12)
        for (_, members) in byCosines {
            let orbit = Set(DihedralElement.all.map { members[0].moved(by: $0) })
            #expect(Set(members) == orbit)
        }
    }

    /// The cosines see the positions up to a ring symmetry, the gap string sees
    /// the labels up to a ring symmetry: an arrangement and its rotation have
    /// identical cosines but different gap strings (D5Taxonomy.md §7).
    @Test("the cosines alone do not determine the gap-string class (only the break count)")
    func cosinesDoNotDetermineGapClass() throws {
        let a = try Arrangement(features: [0, 1, 2, 4, 3])
        let b = a.moved(by: .rotation(4))
        #expect(b.description == "f1f2f4f3f0")
        #expect(a.targetCosines() as [Double] == b.targetCosines() as [Double])
        #expect(a.gapPattern.description == "11212")
        #expect(b.gapPattern.description == "12121")
        // In general: equal cosines ⇒ equal break count, and each cosine class
        // meets the five gap classes of its break count (one member each), or
        // the single class of break count 0 or 5.
        let byCosines = Dictionary(grouping: Self.all) { a -> [Double] in a.targetCosines() }
        for (_, members) in byCosines {
            #expect(Set(members.map(\.breaks)).count == 1)
            let classes = Set(members.map(\.gapPattern))
            #expect(classes.count == ([0, 5].contains(members[0].breaks) ? 1 : 5))
        }
    }
}
