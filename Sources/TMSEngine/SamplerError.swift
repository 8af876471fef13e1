/// Why a sampler run was rejected or stopped.
public enum SamplerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// ε not finite and positive.
    case invalidStepSize(Double)
    /// nβ not finite and positive.
    case invalidNBeta(Double)
    /// γ negative or not finite.
    case invalidLocalization(Double)
    /// A count (chains, draws, thinning, burn-in, batches) out of range.
    case invalidCount(name: String, value: Int)
    /// The divergence bound is not finite and positive.
    case invalidDivergenceBound(Double)
    /// A vector has the wrong length or a non-finite entry.
    case invalidVector(name: String, message: String)
    /// A bad parameter mask.
    case invalidMask(String)
    /// A run (or an estimator's workspace) too large to compute: a size that
    /// overflows `Int`, or memory beyond ``RecordingOptions/memoryLimit``.
    case tooLarge(String)
    /// An estimator needs a recording the run did not make.
    case missingRecording(String)
    /// A state became non-finite or left the box `|w_i| ≤ bound`: chain
    /// `chain` at step `step` (counted from 1, burn-in included).
    /// `lastFiniteState` is the state before that step.
    case diverged(chain: Int, step: Int, coordinate: Int, value: Double, bound: Double, lastFiniteState: [Double])

    public var description: String {
        switch self {
        case let .invalidStepSize(value):
            "step size ε = \(value) is invalid: it must be finite and positive"
        case let .invalidNBeta(value):
            "nβ = \(value) is invalid: it must be finite and positive"
        case let .invalidLocalization(value):
            "localization γ = \(value) is invalid: it must be finite and non-negative"
        case let .invalidCount(name, value):
            "\(name) = \(value) is out of range"
        case let .invalidDivergenceBound(value):
            "divergence bound \(value) is invalid: it must be finite and positive"
        case let .invalidVector(name, message):
            "\(name): \(message)"
        case let .invalidMask(message):
            "invalid parameter mask: \(message)"
        case let .tooLarge(message):
            "run too large: \(message)"
        case let .missingRecording(message):
            "missing recording: \(message)"
        case let .diverged(chain, step, coordinate, value, bound, lastFiniteState):
            "chain \(chain) diverged at step \(step): w[\(coordinate)] = \(value) (bound |w_i| ≤ \(bound)); last finite state \(lastFiniteState)"
        }
    }
}
