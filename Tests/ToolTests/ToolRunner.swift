import Foundation

/// Runs the built `tms` executable as a user would, with a time limit.
///
/// The binary is found next to the test bundle: `swift build --build-tests`
/// (what `swift test` runs) builds every product of the package into the same
/// products directory as the test bundle, and the `ToolTests` target depends on
/// the `tms` target so that it is built first. `TMS_BINARY=/path/to/tms`
/// overrides the search (e.g. to run the corpus against a release build).
enum ToolRunner {
    struct Outcome: Sendable {
        /// The exit status, or the signal number when `signaled`.
        var status: Int32
        var signaled: Bool
        var timedOut: Bool
        var seconds: Double
        var stdout: String
        var stderr: String
    }

    struct BinaryNotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String { "the tms executable was not found (searched \(searched.joined(separator: ", "))); build it or set TMS_BINARY" }
    }

    /// The `tms` executable of this build.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["TMS_BINARY"] { candidates.append(URL(fileURLWithPath: path)) }
        // The test process is the bundle's executable (`….xctest` on Linux, `….xctest/Contents/MacOS/…` on macOS).
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: "/proc/self/exe") {
            directory = Bundle.main.bundleURL.deletingLastPathComponent()
        }
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("tms"))
            directory = directory.deletingLastPathComponent()
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BinaryNotFound(searched: candidates.map(\.path))
        }
        return found
    }

    /// Runs `tms arguments…` in `directory`, killing it after `timeout` seconds.
    static func run(_ binary: URL, _ arguments: [String], in directory: URL, timeout: Double) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tms-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let start = Date()
        try process.run()
        let timedOut = done.wait(timeout: .now() + timeout) == .timedOut
        if timedOut {
            process.terminate()
            done.wait()
        }
        try outHandle.close()
        try errHandle.close()
        return Outcome(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal, timedOut: timedOut,
            seconds: Date().timeIntervalSince(start),
            stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
    }
}
