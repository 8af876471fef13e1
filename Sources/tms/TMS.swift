import ArgumentParser

/// `tms`: one command-line tool over the oracle, the taxonomy, the engine,
/// patterning, the audit, the fixtures and the figures.
@main
struct TMS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tms",
        abstract: "Reference implementation and ground-truth oracle for patterning in the toy model of superposition.",
        subcommands: [
            ConstantsCommand.self,
            OracleCommand.self,
            TaxonomyCommand.self,
            TrainCommand.self,
            SampleCommand.self,
            BenchCommand.self,
            FixturesCommand.self,
            AuditCommand.self,
            PatternCommand.self,
            FiguresCommand.self,
        ]
    )
}
