/// The structural target of a patterning run: goal values `μ_goal` for a
/// chosen subset of observables (rows of μ and χ, in the order of
/// [Conventions.md §5](../../Derivations/Conventions.md)).
///
/// The tracking error is `δμ = μ_goal − μ` on those rows; the patterning
/// step steers only them (the other rows of χ are dropped before the solve).
public struct PatterningTarget: Equatable, Sendable {
    /// Observable rows, distinct, in the order of `goals`.
    public let rows: [Int]
    /// `μ_goal` for each row.
    public let goals: [Double]

    /// - Throws: `PatterningError.dimensionMismatch` if the counts differ,
    ///   `.invalidShape` for no rows, `.invalidParameter` for a negative or
    ///   repeated row, `.nonFinite` for a NaN/∞ goal.
    public init(rows: [Int], goals: [Double]) throws {
        guard !rows.isEmpty else { throw PatterningError.invalidShape(name: "target rows", rows: 0, columns: 1) }
        guard goals.count == rows.count else {
            throw PatterningError.dimensionMismatch(name: "target goals", expected: rows.count, actual: goals.count)
        }
        if let r = rows.first(where: { $0 < 0 }) {
            throw PatterningError.invalidParameter(name: "target row", value: Double(r), allowed: "≥ 0")
        }
        if Set(rows).count != rows.count {
            throw PatterningError.invalidParameter(name: "target rows", value: Double(rows.count), allowed: "distinct rows")
        }
        try PatterningError.checkFinite(goals, name: "target goals")
        self.rows = rows
        self.goals = goals
    }

    /// `δμ = μ_goal − μ` on the target rows.
    ///
    /// - Throws: `.indexOutOfRange` if `observables` has too few rows,
    ///   `.nonFinite` for a NaN/∞ measured value on a target row.
    public func trackingError(_ observables: [Double]) throws -> [Double] {
        for r in rows where r >= observables.count {
            throw PatterningError.indexOutOfRange(name: "target row", index: r, count: observables.count)
        }
        let mu = rows.map { observables[$0] }
        try PatterningError.checkFinite(mu, name: "measured μ on target rows")
        return zip(goals, mu).map { $0 - $1 }
    }
}
