import ArgumentParser

// Placeholder: replaced by the issue that implements `tms pattern`.
struct PatternCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pattern", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms pattern is not implemented yet") }
}
