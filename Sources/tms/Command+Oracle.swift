import ArgumentParser

// Placeholder: replaced by the issue that implements `tms oracle`.
struct OracleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oracle", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms oracle is not implemented yet") }
}
