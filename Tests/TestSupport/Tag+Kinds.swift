import Testing

extension Tag {
    /// A **consistency** (or regression) check: it compares a route with itself — the same closed
    /// form at two precisions or under a symmetry built into it, a write/read round trip, an
    /// identity the code cannot violate without a typo. Useful, but not an independent second
    /// route: `scripts/count-properties.sh` does not count it as a property.
    @Tag public static var consistency: Tag

    /// A **statistical** two-route check: a Monte Carlo estimate against an exact or independent
    /// value within at least 5 standard errors, on fixed, recorded seeds and inputs (no
    /// PropertyBased generation, so a failure replays exactly and nothing shrinks by rerunning
    /// chains). Counted separately by `scripts/count-properties.sh`.
    @Tag public static var statistical: Tag
}
