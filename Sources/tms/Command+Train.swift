import ArgumentParser

// Placeholder: replaced by the issue that implements `tms train`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms train is not implemented yet") }
}
