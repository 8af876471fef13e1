import ArgumentParser

// Placeholder: replaced by the issue that implements `tms figures`.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "figures", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms figures is not implemented yet") }
}
