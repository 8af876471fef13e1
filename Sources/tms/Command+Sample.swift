import ArgumentParser

// Placeholder: replaced by the issue that implements `tms sample`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms sample is not implemented yet") }
}
