import Foundation

/// A one-line progress bar on stderr: `[#########           ] 3/8`.
struct ProgressBar {
    let enabled: Bool
    /// What is counted, e.g. `cases`, `epochs`.
    var unit = "cases"
    let width = 30

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let filled = width * done / total
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total) \(unit)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Whether stderr is a terminal (bars for long loops that are not asked for).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
