import Testing
@testable import D5Taxonomy

@Suite("Cycle notation")
struct CycleNotationTests {
    @Test("reads cycles as a ↦ b ↦ c ↦ a")
    func images() throws {
        #expect(try FeaturePermutation(cycles: "id").images == [0, 1, 2, 3, 4])
        #expect(try FeaturePermutation(cycles: "(f1 f2)").images == [0, 2, 1, 3, 4])
        #expect(try FeaturePermutation(cycles: "(f1 f2 f3)").images == [0, 2, 3, 1, 4])
        #expect(try FeaturePermutation(cycles: "(f1 f2)(f3 f4)").images == [0, 2, 1, 4, 3])
        #expect(try FeaturePermutation(cycles: "(f1 f3 f4 f2)").images == [0, 3, 1, 4, 2])
    }

    @Test("tolerates spacing, commas and one-label cycles; prints canonically")
    func canonicalForm() throws {
        let cases: [(String, String)] = [
            ("  id ", "id"),
            ("(f2 f1)", "(f1 f2)"),
            ("(f3 f1 f2)", "(f1 f2 f3)"),
            ("( f3  f4 ) (f1,f2)", "(f1 f2)(f3 f4)"),
            ("(f0)(f2 f4)", "(f2 f4)"),
            ("(f0)", "id"),
            ("(f4 f0 f1 f2 f3)", "(f0 f1 f2 f3 f4)"),
        ]
        for (text, printed) in cases {
            #expect(try FeaturePermutation(cycles: text).cycleNotation == printed)
        }
    }

    @Test("the cycle → arrangement convention of the essay's tables")
    func arrangementConvention() throws {
        // f_i moves to position σ(i): the arrangement is σ⁻¹ (position → feature).
        #expect(try FeaturePermutation(cycles: "(f1 f2 f3)").arrangement.description == "f0f3f1f2f4")
        #expect(try FeaturePermutation(cycles: "(f1 f3 f2)").arrangement.description == "f0f2f3f1f4")
        for a in Arrangement.all {
            let sigma = FeaturePermutation(arrangement: a)
            #expect(sigma.arrangement == a)
            #expect((0..<5).allSatisfy { a[position: sigma($0)] == $0 })
        }
    }

    @Test("rejects malformed text with an error naming the culprit")
    func errors() {
        let cases: [(String, PermutationError)] = [
            ("", .emptyText),
            ("   ", .emptyText),
            ("(f1 f1)", .repeatedLabel("f1", text: "(f1 f1)")),
            ("(f1 f2)(f2 f3)", .repeatedLabel("f2", text: "(f1 f2)(f2 f3)")),
            ("(f1 f5)", .unknownLabel("f5", text: "(f1 f5)")),
            ("(f1 x)", .unknownLabel("x", text: "(f1 x)")),
            ("(1 2)", .unknownLabel("1", text: "(1 2)")),
            ("(f1 f2", .unbalancedParentheses(text: "(f1 f2")),
            ("f1 f2)", .unexpectedText("f1", text: "f1 f2)")),
            (")(f1 f2)", .unbalancedParentheses(text: ")(f1 f2)")),
            ("((f1 f2))", .unbalancedParentheses(text: "((f1 f2))")),
            ("()", .emptyCycle(text: "()")),
            ("(f1 f2) id", .unexpectedText("id", text: "(f1 f2) id")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try FeaturePermutation(cycles: text) }
        }
        #expect(PermutationError.unknownLabel("f5", text: "(f1 f5)").description.contains("'f5'"))
        #expect(PermutationError.repeatedLabel("f1", text: "(f1 f1)").description.contains("'f1'"))
        #expect(throws: PermutationError.notAPermutation([0, 0, 1, 2, 3])) { try FeaturePermutation(images: [0, 0, 1, 2, 3]) }
        #expect(throws: PermutationError.notAPermutation([0, 1, 2])) { try Arrangement(features: [0, 1, 2]) }
    }

    @Test("print then parse is the identity on all 120 permutations")
    func roundTripExhaustive() throws {
        for a in Arrangement.all {
            let sigma = FeaturePermutation(arrangement: a)
            #expect(try FeaturePermutation(cycles: sigma.cycleNotation) == sigma)
        }
        // 1 + 10 + 20 + 15 + 30 + 20 + 24: the cycle types of S5.
        let notations = Set(Arrangement.all.map { FeaturePermutation(arrangement: $0).cycleNotation })
        #expect(notations.count == 120)
    }
}
