import ArgumentParser

// Placeholder: replaced by the issue that implements `tms taxonomy`.
struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "taxonomy", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms taxonomy is not implemented yet") }
}
