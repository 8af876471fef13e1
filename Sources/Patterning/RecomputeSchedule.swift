/// When the controller re-estimates χ (essay, "The Patterning Controller").
public enum RecomputeSchedule: Equatable, Sendable {
    /// One patterning step at epoch 0, then train on those weights to the end.
    case single
    /// Re-estimate every `every` epochs (the essay uses 10).
    case periodic(every: Int)
    /// Event-triggered: re-estimate when the weighted loss plateaus.
    case adaptive(PlateauTest)

    /// Parses `single`, `periodic` (every 10), `periodic:K`, `adaptive`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count) {
        case ("single", 1): self = .single
        case ("periodic", 1): self = .periodic(every: 10)
        case ("periodic", 2):
            guard let k = Int(parts[1]), k > 0 else {
                throw PatterningError.invalidParameter(name: "periodic interval", value: Double(parts[1]) ?? .nan, allowed: "integer ≥ 1")
            }
            self = .periodic(every: k)
        case ("adaptive", 1): self = .adaptive(PlateauTest())
        default: throw PatterningError.unknownName(kind: "controller", name: text)
        }
    }

    /// A short name: `single`, `periodic`, `adaptive`.
    public var name: String {
        switch self {
        case .single: return "single"
        case .periodic: return "periodic"
        case .adaptive: return "adaptive"
        }
    }
}

/// The plateau test of the event-triggered controller.
///
/// With `L_t` the weighted loss after epoch `t` and `t₀` the epoch of the
/// last estimate of χ, the test fires at epoch `t` when
///
/// - `t − t₀ ≥ maximumInterval` (a safety clock), or
/// - `t − t₀ ≥ minimumInterval` and the loss fell by less than a fraction
///   `relativeDecrease` over the last `window` epochs:
///   `L_{t−window} − L_t ≤ relativeDecrease · |L_{t−window}|`.
///
/// Only losses since `t₀` are compared: the weights (and so the loss
/// function) change at every estimate.
public struct PlateauTest: Equatable, Sendable {
    public var window: Int
    public var relativeDecrease: Double
    public var minimumInterval: Int
    public var maximumInterval: Int

    public init(window: Int = 10, relativeDecrease: Double = 1e-3, minimumInterval: Int = 10, maximumInterval: Int = 200) {
        self.window = window
        self.relativeDecrease = relativeDecrease
        self.minimumInterval = minimumInterval
        self.maximumInterval = maximumInterval
    }

    /// Whether to re-estimate, given the weighted losses since the last
    /// estimate (`losses[k]` is the loss after epoch `t₀ + k + 1`).
    public func fires(lossesSinceEstimate losses: [Double]) -> Bool {
        let elapsed = losses.count
        if elapsed >= maximumInterval { return true }
        guard elapsed >= max(minimumInterval, window + 1) else { return false }
        let then = losses[elapsed - 1 - window], now = losses[elapsed - 1]
        return then - now <= relativeDecrease * abs(then)
    }

    func validate() throws {
        guard window >= 1 else { throw PatterningError.invalidParameter(name: "plateau window", value: Double(window), allowed: "≥ 1") }
        guard minimumInterval >= 1, maximumInterval >= minimumInterval else {
            throw PatterningError.invalidParameter(
                name: "plateau intervals", value: Double(maximumInterval), allowed: "1 ≤ minimumInterval ≤ maximumInterval")
        }
        guard relativeDecrease >= 0, relativeDecrease.isFinite else {
            throw PatterningError.invalidParameter(name: "plateau relative decrease", value: relativeDecrease, allowed: "finite, ≥ 0")
        }
    }
}
