import ArgumentParser

// Placeholder: replaced by the issue that implements `tms fixtures`.
struct FixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fixtures", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms fixtures is not implemented yet") }
}
