import TMSEngine

extension PolygonPanel {
    /// Snapshots of one training run, one per polygon stage `k = 2…5` that the
    /// run passes through: among the recorded epochs whose
    /// `PolygonStage` has `k` live features, the one where the
    /// live features are most regular (smallest `PolygonStage.maxGapDeviation`).
    public static func snapshots(of trajectory: TrainingTrajectory, sparsity: Double, normThreshold: Double = 0.5) throws -> [PolygonPanel] {
        var best: [Int: (epoch: Int, deviation: Double, state: [Double], loss: Double)] = [:]
        for (n, state) in trajectory.states.enumerated() {
            let stage = PolygonStage(state, normThreshold: normThreshold)
            let k = stage.vertexCount
            guard (2...5).contains(k) else { continue }
            if best[k].map({ stage.maxGapDeviation < $0.deviation }) ?? true {
                best[k] = (trajectory.epochs[n], stage.maxGapDeviation, state, trajectory.losses[n])
            }
        }
        guard !best.isEmpty else { throw FigureError.empty("the training run never has 2…5 live features") }
        return try best.keys.sorted().map { k in
            let s = best[k]!
            return PolygonPanel(
                title: "epoch \(s.epoch): \(k)-gon",
                caption: "S = \(SVGNumber.format(sparsity)), L = \(SVGNumber.label(s.loss, decimals: 4))",
                vectors: try FeatureVectors(parameters: s.state))
        }
    }
}
