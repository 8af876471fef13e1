import ArgumentParser

// Placeholder: replaced by the issue that implements `tms bench`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms bench is not implemented yet") }
}
