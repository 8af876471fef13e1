extension FeaturePermutation: CustomStringConvertible {
    /// Reads cycle notation over the labels `f0…f4`: `id`, `(f1 f2)`,
    /// `(f1 f2 f3)`, `(f1 f2)(f3 f4)`, `(f1 f3 f4 f2)`.
    ///
    /// A cycle `(a b c)` means `a ↦ b ↦ c ↦ a`, i.e. `f_a` moves to position
    /// `b` (see ``FeaturePermutation``). Labels inside a cycle are separated by
    /// spaces or commas; cycles must be disjoint; a one-label cycle `(f2)` is a
    /// fixed point; whitespace between cycles is ignored.
    ///
    /// - Throws: ``PermutationError`` naming the offending label or text for an
    ///   unknown or repeated label, unbalanced parentheses, an empty cycle, text
    ///   outside a cycle, or empty input.
    public init(cycles text: String) throws {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty { throw PermutationError.emptyText }
        if trimmed == "id" { self = .identity; return }

        var images = Array(Pentagon.vertices)
        var used = Set<Int>()
        var cycle: [Int]? = nil  // the labels of the cycle being read
        for token in Self.tokens(of: text) {
            switch token {
            case "(":
                guard cycle == nil else { throw PermutationError.unbalancedParentheses(text: text) }
                cycle = []
            case ")":
                guard let labels = cycle else { throw PermutationError.unbalancedParentheses(text: text) }
                guard let first = labels.first else { throw PermutationError.emptyCycle(text: text) }
                for (a, b) in zip(labels, labels.dropFirst() + [first]) { images[a] = b }
                cycle = nil
            default:
                guard cycle != nil else { throw PermutationError.unexpectedText(token, text: text) }
                guard let label = Self.label(token) else { throw PermutationError.unknownLabel(token, text: text) }
                guard used.insert(label).inserted else { throw PermutationError.repeatedLabel(token, text: text) }
                cycle!.append(label)
            }
        }
        if cycle != nil { throw PermutationError.unbalancedParentheses(text: text) }
        self.init(unchecked: images)
    }

    /// Canonical cycle notation: `id`, or the ``cycles`` each written
    /// `(fa fb …)` and concatenated, e.g. `(f1 f2)(f3 f4)`.
    /// ``init(cycles:)`` reads it back to the same permutation.
    public var cycleNotation: String {
        let cycles = self.cycles
        if cycles.isEmpty { return "id" }
        return cycles.map { "(" + $0.map { "f\($0)" }.joined(separator: " ") + ")" }.joined()
    }

    /// The ``cycleNotation``.
    public var description: String { cycleNotation }

    /// `"("`, `")"`, and the maximal runs of other non-separator characters.
    private static func tokens(of text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        func flush() { if !word.isEmpty { tokens.append(word); word = "" } }
        for character in text {
            if character == "(" || character == ")" {
                flush()
                tokens.append(String(character))
            } else if character.isWhitespace || character == "," {
                flush()
            } else {
                word.append(character)
            }
        }
        flush()
        return tokens
    }

    /// `f0…f4` ↦ `0…4`, anything else ↦ `nil`.
    private static func label(_ token: String) -> Int? {
        guard token.count == 2, token.first == "f", let character = token.last, character.isASCII,
              let digit = character.wholeNumberValue, Pentagon.vertices.contains(digit) else { return nil }
        return digit
    }
}

extension String {
    /// The text without leading and trailing whitespace (no Foundation needed).
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
