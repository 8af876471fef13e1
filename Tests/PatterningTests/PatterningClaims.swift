import D5Taxonomy
import Patterning

/// The configurations of README's measured patterning tables (the `tms pattern` commands there),
/// shared by the default tier's reduced-scale checks and the long tier's full tables.
enum PatterningClaims {
    /// `tms pattern sweep --controller adaptive --arrival-tolerance 0.1 --max-change 2 --change-per-epoch 0.2 --plateau-maximum 30`.
    static func adaptiveFourToFive(gap: Int, seed: UInt64, sparsity: Double) throws -> BifurcationExperiment {
        var e = BifurcationExperiment(gap: gap, seed: seed)
        e.sparsity = sparsity
        var schedule = try RecomputeSchedule(parsing: "adaptive")
        if case .adaptive(var test) = schedule {
            test.maximumInterval = 30
            schedule = .adaptive(test)
        }
        e.schedule = schedule
        return loop(e)
    }

    /// `tms pattern sweep --controller periodic:10 --arrival-tolerance 0.1`.
    static func periodicFourToFive(gap: Int, seed: UInt64, sparsity: Double) -> BifurcationExperiment {
        var e = BifurcationExperiment(gap: gap, seed: seed)
        e.sparsity = sparsity
        e.schedule = .periodic(every: 10)
        var looped = loop(e)
        looped.scale = .maxChange(1)
        return looped
    }

    /// The loop defaults of `tms pattern sweep` (all-cosines targets, every coordinate sampled,
    /// 1000 controlled epochs, 500 draws, arrival tolerance 0.1), integral step 0.2/epoch capped at 2.
    private static func loop(_ experiment: BifurcationExperiment) -> BifurcationExperiment {
        var e = experiment
        e.targetSet = .allCosines
        e.sampleDeadFeatureOnly = false
        e.scale = .integral(perEpoch: 0.2, cap: 2)
        e.arrivalTolerance = 0.1
        e.controlledEpochs = 1000
        e.sampler.draws = 500
        return e
    }

    /// `tms pattern sweep --from 3` (a single step, cos 60° to the chosen neighbours).
    static func singleThreeToFour(gap: Int, seed: UInt64, sparsity: Double) -> BifurcationExperiment {
        var e = BifurcationExperiment(gap: gap, seed: seed)
        e.from = 3
        e.sparsity = sparsity
        return e
    }

    /// `tms pattern rewrite --cycles C --controller adaptive`.
    static func adaptiveRewrite(cycles: String, seed: UInt64) throws -> RewriteExperiment {
        RewriteExperiment(target: try FeaturePermutation(cycles: cycles).arrangement, seed: seed).adaptive()
    }

    /// The rewrite targets of README's table: a 2-, a 3- and a 5-break.
    static let rewriteTargets = ["(f3 f4)", "(f1 f2 f3)", "(f1 f3 f4 f2)"]
}
