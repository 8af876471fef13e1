import Foundation
import HighPrecision

/// The frozen-square oracle for every input and any data: `W_0 … W_3` the unit
/// square, frozen; `W_4` sampled from `p(W_4) ∝ exp(−β E(W_4; h))`,
/// `E = Σ_x h_x ℓ_x` ([Conventions §3](../../../Derivations/Conventions.md)),
/// with `h` and the importances given by a ``DataSpecification``.
/// Derivation: [FrozenSquareAnyData.md](../../../Derivations/FrozenSquareAnyData.md).
///
/// No closed form exists for most entries (for one-hot data, those of the 15
/// inputs that contain feature 4 and another feature; for Bernoulli data, all),
/// so the oracle is quadrature of the model itself, in MPFR, split exactly at
/// every kink curve, by two independent routes (`ThetaOuterRoute`,
/// `RadiusOuterRoute`). Only the digits both routes agree on are returned,
/// labelled "verified by two routes".
///
/// ```swift
/// let oracle = try FrozenSquareOracle(data: try DataSpecification(parsing: "bernoulli:0.95"))
/// let table = try oracle.table(beta: "50", digits: 20) { print($0.route, $0.completed, "/", $0.total) }
/// table.chi[3][16].text     // χ[dot(0,4), 10001]
/// ```
public struct FrozenSquareOracle: Sendable {
    public let data: DataSpecification
    let probe: LandscapeProbe
    /// The global minimum of `E(W_4; h)` (Double) and a point where it is attained.
    public let minimum: (energy: Double, x: Double, y: Double)

    /// The digits a table can be asked for.
    public static let digitsRange = 1...50

    /// The 31 inputs with a nonzero loss (`00000` has `ℓ ≡ 0`, so its χ is exactly 0).
    public static let allInputs: [InputType] = Array(InputType.all.dropFirst())

    /// The oracle for `data`.
    ///
    /// - Throws: ``FrozenSquareOracleError/improperPosterior(_:)`` when no input
    ///   type containing feature 4 has positive weight (nothing confines `W_4`).
    public init(data: DataSpecification) throws(FrozenSquareOracleError) {
        guard data.confinesFeature4 else {
            throw .improperPosterior("the data \(data.label) gives weight 0 to every input type containing feature 4, so exp(−β E) does not decay as |W_4| → ∞")
        }
        let training: TrainingData<Double>
        do {
            training = try TrainingData<Double>(data) { text in
                guard let d = Double(text), d.isFinite else { throw DataSpecificationError.malformedNumber(field: "number", text: text) }
                return d
            }
        } catch {
            throw .improperPosterior("the data could not be evaluated: \(error)")
        }
        self.data = data
        probe = LandscapeProbe(vertices: [(1, 0), (0, 1), (-1, 0), (0, -1)], weights: training.weights,
                               importances: training.importances)
        minimum = try probe.globalMinimum()
    }

    /// β read as an exact decimal, checked.
    static func validatedBeta(_ beta: String) throws(FrozenSquareOracleError) -> Double {
        guard BigFloat.isDecimalLiteral(beta), let value = Double(beta), value.isFinite, value > 0 else {
            throw .invalidBeta(beta)
        }
        return value
    }

    /// Whether `row` varies on the posterior (reads `W_4`, and is not `dot(i,i)`).
    static func isLive(_ row: Observable) -> Bool {
        if case .dot(let i, let j) = row, i == j { return false }
        return row.features.contains(4)
    }

    func problem(beta: String, rows: [Observable]) -> FrozenSquareProblem {
        var live: [Observable] = []
        for row in rows where Self.isLive(row) && !live.contains(row) { live.append(row) }
        return FrozenSquareProblem(data: data, beta: beta, liveRows: live, probe: probe, minimum: minimum)
    }

    /// The two routes.
    public enum Route: String, Sendable, CaseIterable {
        /// θ outer, r inner (`ThetaOuterRoute`).
        case thetaOuter
        /// r outer, θ inner (`RadiusOuterRoute`).
        case radiusOuter
    }

    /// One route at one refinement level, unverified (for tests and studies;
    /// print only what ``table(beta:rows:inputs:digits:threads:progress:)`` returns).
    public func moments(_ route: Route, beta: String, rows: [Observable] = Observable.oracleRows, digits: Int,
                        level: Int = 0, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                        progress: (@Sendable (FrozenSquareProgress) -> Void)? = nil) throws -> FrozenSquareMoments {
        _ = try Self.validatedBeta(beta)
        guard Self.digitsRange.contains(digits) else { throw FrozenSquareOracleError.digitsOutOfRange(digits, allowed: Self.digitsRange) }
        let plan = QuadraturePlan(digits: digits, level: level)
        var problem = problem(beta: beta, rows: rows)
        let exact = try problem.exact(precision: plan.precision)
        let clock = ContinuousClock.now
        let radius = try probe.truncationRadius(level: problem.level(plan))
        let pilot = PosteriorPilot.lossMoments(problem, radius: radius, level: problem.level(plan))
        problem.lossCentres = pilot.means
        problem.lossInverseScales = zip(pilot.means, pilot.deviations).map { mean, sd in 1 / max(sd, 1e-12 * (1 + abs(mean))) }
        let units: [QuadratureUnit]
        let name: String
        switch route {
        case .thetaOuter:
            units = ThetaOuterRoute.units(problem, plan: plan, exact: exact, radius: radius, threads: max(1, threads))
            name = ThetaOuterRoute.name
        case .radiusOuter:
            units = RadiusOuterRoute.units(problem, plan: plan, exact: exact, radius: radius, threads: max(1, threads))
            name = RadiusOuterRoute.name
        }
        if debugPlans { print("DEBUG planning \(name): \(clock.duration(to: .now)), \(units.count) units") }
        let (sums, nodes) = try UnitRunner.run(units, problem: problem, exact: exact, route: name, level: level,
                                               threads: max(1, threads), progress: progress)
        let elapsed = clock.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return BigFloat.withWorkingPrecision(plan.precision) {
            FrozenSquareMoments(route: name, level: level, sums: sums, layout: problem.kernel(exact).layout,
                                liveRows: problem.liveRows, exact: exact, nodes: nodes, seconds: seconds)
        }
    }

    /// The most refinement levels a table tries before giving up.
    public static let maximumLevel = 2

    /// The verified table at β for `rows × inputs`: both routes, refined (at most
    /// ``maximumLevel`` times) until every entry meets `digits`.
    ///
    /// - Parameters:
    ///   - beta: β as a decimal string (read exactly), `> 0`.
    ///   - rows: the observables (default the 17 oracle rows).
    ///   - inputs: the χ columns (default all 31 nonzero inputs).
    ///   - digits: significant digits asked for, in ``digitsRange``.
    ///   - threads: worker threads (results are bit-identical for every count).
    ///   - progress: called as units complete (from the calling thread).
    /// - Throws: ``FrozenSquareOracleError`` for a bad β or digits, and
    ///   ``FrozenSquareOracleError/targetNotMet(_:)`` when the routes still
    ///   disagree at the last level.
    public func table(beta: String, rows: [Observable] = Observable.oracleRows, inputs: [InputType] = FrozenSquareOracle.allInputs,
                      digits: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                      progress: (@Sendable (FrozenSquareProgress) -> Void)? = nil) throws -> FrozenSquareTable {
        _ = try Self.validatedBeta(beta)
        guard Self.digitsRange.contains(digits) else { throw FrozenSquareOracleError.digitsOutOfRange(digits, allowed: Self.digitsRange) }
        let clock = ContinuousClock.now
        var level = 0
        while true {
            let a = try moments(.thetaOuter, beta: beta, rows: rows, digits: digits, level: level, threads: threads, progress: progress)
            let b = try moments(.radiusOuter, beta: beta, rows: rows, digits: digits, level: level, threads: threads, progress: progress)
            let comparison = TableComparison(a, b, rows: rows, inputs: inputs, digits: digits)
            if comparison.failures.isEmpty || level == Self.maximumLevel {
                guard comparison.failures.isEmpty else {
                    throw FrozenSquareOracleError.targetNotMet(
                        "data \(data.label), β = \(beta), \(digits) digits, after \(level + 1) levels: "
                            + comparison.failures.prefix(4).joined(separator: "; "))
                }
                let elapsed = clock.duration(to: .now)
                let precision = QuadraturePlan(digits: digits, level: level).precision
                return FrozenSquareTable(
                    data: data, beta: beta, digits: digits, rows: rows, inputs: inputs,
                    chi: comparison.chi, chiMeanPreserving: comparison.chiMeanPreserving,
                    observableMeans: comparison.observableMeans, radialMoments: comparison.radialMoments,
                    lossMeans: comparison.lossMeans, expectedTotalLoss: comparison.expectedTotalLoss,
                    logNormalizer: comparison.logNormalizer,
                    routes: [a, b].map { FrozenSquareRouteReport(name: $0.route, level: $0.level, nodes: $0.nodes, seconds: $0.seconds, precision: precision) },
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            level += 1
        }
    }
}

/// Two routes' results compared entry by entry.
struct TableComparison {
    var chi: [[VerifiedDecimal]] = []
    var chiMeanPreserving: [[VerifiedDecimal]] = []
    var observableMeans: [VerifiedDecimal] = []
    var radialMoments: [VerifiedDecimal] = []
    var lossMeans: [VerifiedDecimal] = []
    var expectedTotalLoss: VerifiedDecimal
    var logNormalizer: VerifiedDecimal
    /// Entries that miss the target: name and both values.
    var failures: [String] = []

    init(_ a: FrozenSquareMoments, _ b: FrozenSquareMoments, rows: [Observable], inputs: [InputType], digits: Int) {
        let precision = a.beta.precision
        var failures: [String] = []
        func compare(_ name: String, _ x: BigFloat, _ y: BigFloat, scale: BigFloat) -> VerifiedDecimal {
            let agreed = VerifiedDecimal.agreement(x, y, scale: scale, digits: digits)
            if !VerifiedDecimal.meetsTarget(x, y, scale: scale, digits: digits, agreed: agreed) {
                failures.append("\(name): route A \(x.decimal(significantDigits: digits + 3)), route B \(y.decimal(significantDigits: digits + 3))")
            }
            return agreed
        }
        let zero = BigFloat(0, precision: precision)
        let frozen = BifurcationPoint<BigFloat>.square.vertices + [Vector2(zero, zero)]
        func liveIndex(_ row: Observable) -> Int? { FrozenSquareOracle.isLive(row) ? a.liveRows.firstIndex(of: row) : nil }

        for row in rows {
            guard let k = liveIndex(row) else {
                let constant: BigFloat
                if case .dot(let i, let j) = row, i == j { constant = BigFloat(1, precision: precision) } else { constant = row.value(at: frozen) }
                observableMeans.append(.exact(constant, digits: digits))
                chi.append(inputs.map { _ in .exact(zero, digits: digits) })
                chiMeanPreserving.append(inputs.map { _ in .exact(zero, digits: digits) })
                continue
            }
            let scalePhi = BigFloat.max(a.observableMeans[k].magnitude, BigFloat.sqrt(BigFloat.relu(a.observableVariances[k])))
            observableMeans.append(compare("E[\(row)]", a.observableMeans[k], b.observableMeans[k], scale: scalePhi))
            chi.append(inputs.map { x in
                x.index == 0 ? .exact(zero, digits: digits)
                    : compare("χ[\(row), \(x)]", a.chi(row: k, type: x.index), b.chi(row: k, type: x.index), scale: a.chiScale(row: k, type: x.index))
            })
            chiMeanPreserving.append(inputs.map { x in
                compare("χmp[\(row), \(x)]", a.meanPreservingChi(row: k, type: x.index), b.meanPreservingChi(row: k, type: x.index),
                        scale: a.meanPreservingChiScale(row: k, type: x.index))
            })
        }
        radialMoments = (0..<8).map { compare("E[r^\($0 + 1)]", a.radialMoments[$0], b.radialMoments[$0], scale: a.radialMoments[$0]) }
        lossMeans = (0..<32).map { t in
            t == 0 ? .exact(zero, digits: digits)
                : compare("E[ℓ_\(InputType.all[t])]", a.lossMeans[t], b.lossMeans[t], scale: a.lossMeans[t])
        }
        expectedTotalLoss = compare("E[E]", a.expectedTotalLoss, b.expectedTotalLoss, scale: a.expectedTotalLoss)
        logNormalizer = compare("ln Z", a.logNormalizer, b.logNormalizer,
                                scale: BigFloat.max(a.logNormalizer.magnitude, BigFloat(1, precision: precision)))
        self.failures = failures
    }
}
