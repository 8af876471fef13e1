import Patterning
import TMSEngine

/// A `TMSPlant` that records, for every training interval the
/// controller asks for (one per patterning step, plus the release), the data
/// weights `h` it trains on and, at the parameters the interval starts from,
/// the weighted loss `L(w; h)` and the natural loss `L(w; h₀)`
/// ([Conventions §2](../../../Derivations/Conventions.md)).
public struct RecordingPlant: PatterningPlant {
    public private(set) var base: TMSPlant
    public let natural: [Double]
    public private(set) var weights: [[Double]] = []
    public private(set) var weightedLoss: [Double] = []
    public private(set) var naturalLoss: [Double] = []

    public init(base: TMSPlant, natural: [Double]) {
        self.base = base
        self.natural = natural
    }

    public var inputCount: Int { base.inputCount }

    public mutating func measure(weights: [Double]) throws -> PlantMeasurement { try base.measure(weights: weights) }

    public mutating func train(weights h: [Double], epochs: Int) throws -> [Double] {
        self.weights.append(h)
        weightedLoss.append(try TMSModel(weights: h).loss(base.parameters))
        naturalLoss.append(try TMSModel(weights: natural).loss(base.parameters))
        return try base.train(weights: h, epochs: epochs)
    }
}

extension PatterningTrace {
    /// Runs `controller` on `plant` (its baseline should be `natural`) and
    /// keeps one column per training interval.
    public static func record(label: String, controller: PatterningController, plant: TMSPlant, natural: [Double]) throws -> PatterningTrace {
        var recording = RecordingPlant(base: plant, natural: natural)
        _ = try controller.run(on: &recording)
        return try PatterningTrace(label: label, weights: recording.weights, weightedLoss: recording.weightedLoss, naturalLoss: recording.naturalLoss)
    }
}
