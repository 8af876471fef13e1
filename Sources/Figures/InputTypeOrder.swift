import AnalyticOracle

/// Orders of the 32 input types used by the figures.
enum InputTypeOrder {
    /// Grouped by cardinality (number of active features), then by type index:
    /// `00000 | 10000 01000 … | 11000 … | … | 11111`.
    static let byCardinality: [InputType] = InputType.all.sorted {
        ($0.features.count, $0.index) < ($1.features.count, $1.index)
    }
}
