/// Text or numbers that do not describe a permutation of the five features.
///
/// Every case names the rejected value and, for cycle notation, the whole text.
public enum PermutationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An array that is not a permutation of `0…4`.
    case notAPermutation([Int])
    /// Empty (or all-whitespace) cycle notation.
    case emptyText
    /// A label other than `f0…f4`.
    case unknownLabel(String, text: String)
    /// A label that occurs twice (the cycles must be disjoint).
    case repeatedLabel(String, text: String)
    /// A `(` without its `)`, a `)` without its `(`, or a nested `(`.
    case unbalancedParentheses(text: String)
    /// A cycle `()` with no labels.
    case emptyCycle(text: String)
    /// Text outside any cycle, e.g. `f1 f2` without parentheses.
    case unexpectedText(String, text: String)

    public var description: String {
        switch self {
        case .notAPermutation(let images):
            return "\(images) is not a permutation of 0…4"
        case .emptyText:
            return "empty cycle notation (write `id` for the identity)"
        case .unknownLabel(let label, let text):
            return "unknown feature label '\(label)' in '\(text)' (labels are f0…f4)"
        case .repeatedLabel(let label, let text):
            return "feature label '\(label)' occurs twice in '\(text)' (cycles must be disjoint)"
        case .unbalancedParentheses(let text):
            return "unbalanced parentheses in '\(text)'"
        case .emptyCycle(let text):
            return "empty cycle '()' in '\(text)'"
        case .unexpectedText(let token, let text):
            return "unexpected '\(token)' outside a cycle in '\(text)'"
        }
    }
}
