import ArgumentParser
import Foundation
import TMSEngine
import Verification

/// `tms audit`: the engine's SGLD/MALA estimators on the frozen square against the
/// analytic oracle, or `--from-file` estimates produced elsewhere
/// ([Audit.md](../../Derivations/Audit.md)).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit χ, E[r^k] and LLC estimates against the frozen-square oracle.",
        discussion: """
            Runs SGLD and MALA on the frozen square (W0…W3 the unit square, only W4 sampled, \
            one-hot data, no localization) over a grid of β, ε, chains and draws, and reports \
            per entry the estimate, the oracle value, bias, standard error and z-score, and per \
            case the coverage of nominal 95% intervals. Exits with status 1 when any |z| exceeds \
            --max-z. With --from-file, audits χ estimates from a JSON or CSV file instead \
            (layout: Derivations/Audit.md §4).
            Examples:
              tms audit --betas 13,77 --format json
              tms audit --from-file my-chi.csv --format table
            """)

    @Option(help: "Comma-separated inverse temperatures β of the total loss (nβ = 32β).")
    var betas: String = "7,30,120"

    @Option(help: "Comma-separated methods: sgld, mala.")
    var methods: String = "mala,sgld"

    @Option(help: "Comma-separated step-size scales c, ε = c/√β (default 0.1 for MALA, 0.01 for SGLD).")
    var stepScales: String?

    @Option(help: "Comma-separated absolute step sizes ε (instead of --step-scales).")
    var stepSizes: String?

    @Option(help: "Chains per case.")
    var chains: Int = 4

    @Option(help: "Burn-in steps per chain.")
    var burnIn: Int = 2_000

    @Option(help: "Draws per chain.")
    var draws: Int = 20_000

    @Option(help: "Seed; each case runs on a hash of (seed, β, method, ε).")
    var seed: UInt64 = 1

    @Option(help: "Batch size of the batch-jackknife standard errors (default ⌊draws/20⌋).")
    var batchSize: Int?

    @Option(help: "Audit χ estimates from this JSON or CSV file instead of running the samplers.")
    var fromFile: String?

    @Option(help: "Output format: table, json or csv.")
    var format: AuditReport.Format = .table

    @Option(help: "Exit with status 1 if any |z| exceeds this.")
    var maxZ: Double = 5

    @Flag(help: "No progress bar on stderr.")
    var quiet = false

    func run() throws {
        guard maxZ.isFinite, maxZ > 0 else { throw ValidationError("--max-z \(maxZ) must be finite and positive") }
        let report: AuditReport
        if let fromFile {
            let text: String
            do { text = try String(contentsOfFile: fromFile, encoding: .utf8) } catch {
                throw ValidationError("cannot read --from-file \(fromFile): \(error.localizedDescription)")
            }
            let input = try AuditInput(parsing: text, source: fromFile)
            if !input.skippedColumns.isEmpty, !quiet {
                FileHandle.standardError.write(Data("skipped columns without a closed form: \(input.skippedColumns.joined(separator: ", "))\n".utf8))
            }
            report = try input.report()
        } else {
            let steps: AuditGrid.StepSizes
            switch (stepScales, stepSizes) {
            case (nil, nil): steps = .recommended
            case let (scales?, nil): steps = .scaled(try parseNumbers(scales, name: "--step-scales"))
            case let (nil, sizes?): steps = .absolute(try parseNumbers(sizes, name: "--step-sizes"))
            default: throw ValidationError("give either --step-scales or --step-sizes, not both")
            }
            let methodList = try methods.split(separator: ",").map { name -> SamplerSettings.Method in
                guard let method = SamplerSettings.Method(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw ValidationError("--methods: '\(name)' is neither sgld nor mala")
                }
                return method
            }
            let grid = AuditGrid(
                betas: try parseNumbers(betas, name: "--betas"), methods: methodList, stepSizes: steps,
                chains: chains, burnIn: burnIn, draws: draws, seed: seed)
            let bar = ProgressBar(enabled: !quiet)
            report = try Audit.run(grid, batchSize: batchSize) { done, total in bar.update(done, total) }
            bar.finish()
        }
        print(report.formatted(format, maxZ: maxZ), terminator: "")
        if !report.failures(maxZ: maxZ).isEmpty { throw ExitCode(1) }
    }
}

extension AuditReport.Format: ExpressibleByArgument {}

/// A one-line progress bar on stderr: `[#########           ] 3/8`.
struct ProgressBar {
    let enabled: Bool
    let width = 30

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let filled = width * done / total
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total) cases"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
