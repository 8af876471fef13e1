import Foundation
import Testing
@testable import tms

/// The built `tms` on a corpus of bad (and a few good) invocations, kept as data
/// in `Corpus/bad-invocations.txt`, one case per line:
///
///     <exit code> | <fragment the output must contain> | <arguments, shell quoting>
///
/// For each case: no signal, no timeout (10 s), the documented exit code
/// (README, "Errors and exit codes"), and the fragment in stderr or stdout. A
/// usage error (64) must name the option it is about, so its fragment must
/// contain `--`. In the arguments, `$DATA` is `Corpus/data` and `$TMP` a fresh
/// scratch directory. Adding a case for a new option is one line.
@Suite("Robustness of the tms command line")
struct RobustnessTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    static let timeout = 10.0

    struct Case: Sendable, CustomStringConvertible {
        var line: Int
        var status: Int32
        var fragment: String
        var arguments: [String]
        var description: String { "line \(line): tms \(arguments.joined(separator: " "))" }
    }

    /// The cases of the corpus, with `$DATA` and `$TMP` substituted.
    static func cases(scratch: URL) throws -> [Case] {
        let text = try String(contentsOf: corpus.appendingPathComponent("bad-invocations.txt"), encoding: .utf8)
        var result: [Case] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.components(separatedBy: " | ")
            guard fields.count == 3, let status = Int32(fields[0].trimmingCharacters(in: .whitespaces)) else {
                throw CorpusError(line: number + 1, reason: "expected '<exit code> | <fragment> | <arguments>'")
            }
            let arguments = try shellWords(fields[2], line: number + 1).map {
                $0.replacingOccurrences(of: "$DATA", with: corpus.appendingPathComponent("data").path)
                    .replacingOccurrences(of: "$TMP", with: scratch.path)
            }
            let fragment = fields[1].trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "$DATA", with: corpus.appendingPathComponent("data").path)
                .replacingOccurrences(of: "$TMP", with: scratch.path)
            result.append(Case(line: number + 1, status: status, fragment: fragment, arguments: arguments))
        }
        return result
    }

    struct CorpusError: Error, CustomStringConvertible {
        let line: Int
        let reason: String
        var description: String { "bad-invocations.txt line \(line): \(reason)" }
    }

    /// Words with single and double quotes, as a POSIX shell splits them (no escapes inside single quotes).
    static func shellWords(_ text: String, line: Int) throws -> [String] {
        var words: [String] = [], word = "", quote: Character? = nil, inWord = false
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(word); word = ""; inWord = false }
            } else {
                word.append(c)
                inWord = true
            }
        }
        guard quote == nil else { throw CorpusError(line: line, reason: "unterminated quote") }
        if inWord { words.append(word) }
        return words
    }

    @Test("Every corpus case: no signal, no timeout, the documented exit code and message")
    func corpus() throws {
        let binary = try ToolRunner.binary()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tms-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let cases = try Self.cases(scratch: scratch)
        #expect(cases.count >= 100, "the corpus should cover every class of the issue and every subcommand")

        // One process per core (2 to 4): most cases are refused in milliseconds.
        let workers = min(4, max(2, ProcessInfo.processInfo.activeProcessorCount))
        let outcomes = Outcomes(count: cases.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: cases.count, by: workers) {
                outcomes.set(index, Result { try ToolRunner.run(binary, cases[index].arguments, in: scratch, timeout: Self.timeout) })
            }
        }
        for (c, result) in zip(cases, outcomes.values) {
            var outcome: ToolRunner.Outcome
            switch result {
            case let .success(o)?: outcome = o
            case let .failure(error)?: Issue.record("\(c): could not run: \(error)"); continue
            case nil: Issue.record("\(c): not run"); continue
            }
            // A case that timed out while sharing the machine with the others runs again alone:
            // the property is "exits within 10 s", not "within 10 s under any load"; a hang times out twice.
            if outcome.timedOut, let again = try? ToolRunner.run(binary, c.arguments, in: scratch, timeout: Self.timeout) {
                outcome = again
            }
            let output = outcome.stderr + outcome.stdout
            let replay = "\(c)\nstderr: \(outcome.stderr.prefix(600))\nstdout: \(outcome.stdout.prefix(300))"
            #expect(!outcome.timedOut, "timed out after \(Self.timeout) s: \(replay)")
            #expect(!outcome.signaled, "killed by signal \(outcome.status): \(replay)")
            #expect(outcome.status == c.status, "exit \(outcome.status), expected \(c.status): \(replay)")
            #expect(output.contains(c.fragment), "missing '\(c.fragment)': \(replay)")
            if c.status == 64 { #expect(c.fragment.contains("--") || c.fragment.contains("<"), "\(c): a usage error's fragment must name the option or argument") }
            #expect(!output.contains("NSCocoaErrorDomain") && !output.contains("DecodingError"), "raw Foundation error text: \(replay)")
        }
    }

    /// Thread-safe slots for the outcomes.
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Result<ToolRunner.Outcome, any Error>?]
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<ToolRunner.Outcome, any Error>) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }
        var values: [Result<ToolRunner.Outcome, any Error>?] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }

    /// The issue's 2000×2000 χ matrix reached 3.4 GB: an input above the stated size is refused
    /// before it is parsed (a file made here, too large to keep in the corpus).
    @Test("An input file above the size limit is refused before it is read")
    func oversizedInput() throws {
        let binary = try ToolRunner.binary()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tms-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("chi.json")
        let row = "[" + Array(repeating: "0.125", count: 2000).joined(separator: ",") + "]"
        let text = "{\"beta\": 50, \"closed_form\": [" + Array(repeating: row, count: 1800).joined(separator: ",") + "]}"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try ToolRunner.run(binary, ["figures", "chi-matrix", "--input", file.path, "-o", scratch.path], in: scratch, timeout: Self.timeout)
        #expect(outcome.status == 65 && !outcome.signaled && !outcome.timedOut)
        #expect(outcome.stderr.contains("more than the 16,777,216 an input may have"), "\(outcome.stderr)")
    }

    @Test("The corpus reaches every subcommand")
    func everySubcommand() throws {
        let cases = try Self.cases(scratch: URL(fileURLWithPath: "/tmp"))
        let covered = Set(cases.map { Array($0.arguments.prefix(2)).joined(separator: " ") } + cases.compactMap(\.arguments.first))
        let subcommands = [
            "constants", "oracle chi", "oracle moments", "oracle landscape", "taxonomy list", "taxonomy classify", "train", "sample",
            "bench", "fixtures generate", "fixtures verify", "audit", "pattern step", "pattern bifurcation", "pattern sweep",
            "pattern rewrite", "figures all", "figures polygons", "figures clouds", "figures cloud-grid", "figures training",
            "figures patterning", "figures chi-matrix", "figures targets",
        ]
        for name in subcommands { #expect(covered.contains(name), "no corpus case for tms \(name)") }
    }

    @Test("A negative value reaches validation: `--beta -1` is a value, not an option")
    func negativeValues() {
        #expect(TMS.joiningNegativeValues(["sample", "--beta", "-1", "--w", "-1,0"]) == ["sample", "--beta=-1", "--w=-1,0"])
        #expect(TMS.joiningNegativeValues(["figures", "-o", "-1"]) == ["figures", "-o", "-1"])
        #expect(TMS.joiningNegativeValues(["audit", "--quiet", "--", "--x", "-1"]) == ["audit", "--quiet", "--", "--x", "-1"])
        #expect(TMS.joiningNegativeValues(["x", "--a=1", "-2"]) == ["x", "--a=1", "-2"])
        #expect(TMS.joiningNegativeValues(["x", "--a", "-inf", "--b", "-.5", "--c", "-x"]) == ["x", "--a=-inf", "--b=-.5", "--c", "-x"])
    }
}
