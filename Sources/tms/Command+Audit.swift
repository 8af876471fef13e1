import ArgumentParser

// Placeholder: replaced by the issue that implements `tms audit`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("tms audit is not implemented yet") }
}
