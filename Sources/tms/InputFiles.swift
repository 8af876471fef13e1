import ArgumentParser
import Foundation
import Verification

/// Reading and writing the files that options name, with errors that name the
/// option and the file and never show raw Foundation text
/// (`NSCocoaErrorDomain Code=…`, `DecodingError.dataCorrupted`):
///
/// - a path that cannot be opened or written is a usage error (exit 64);
/// - a file whose content is wrong (not UTF-8, too large, malformed JSON,
///   duplicate keys, a number out of range, a missing or mistyped key) is a data
///   error (exit 65).
///
/// JSON is read in two passes: ``JSONValue/parse(_:source:)`` first, which
/// rejects duplicate keys and names numbers outside the range of a Double with
/// the byte offset, then `JSONDecoder` for the typed value.
enum InputFiles {
    /// The largest input file read: 64 MiB (inputs are tables of at most a few
    /// hundred thousand numbers; a larger file is refused before it is parsed).
    static let maximumBytes = 64 << 20

    /// The UTF-8 text of the file `path` given with `option`.
    static func readText(_ path: String, option: String, maximumBytes: Int = maximumBytes) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ToolError.usage("\(option) \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw ToolError.usage("\(option) \(path): is a directory, not a file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            throw ToolError.data("\(path) (\(option)): the file has \(size.grouped) bytes, more than the \(maximumBytes.grouped) an input may have")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ToolError.usage("\(option) \(path): cannot be read (\(reason(error)))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ToolError.data("\(path) (\(option)): not UTF-8 text") }
        return text
    }

    /// The JSON document of the file `path`, checked by ``JSONValue/parse(_:source:)``.
    static func readJSONValue(_ path: String, option: String) throws -> JSONValue {
        try parseJSON(try readText(path, option: option), path: path)
    }

    /// `text` parsed by ``JSONValue/parse(_:source:)``, whose errors are data errors.
    static func parseJSON(_ text: String, path: String) throws -> JSONValue {
        do { return try JSONValue.parse(text, source: path) } catch { throw ToolError.data("\(error)") }
    }

    /// The value of type `T` stored as JSON in the file `path`.
    static func readJSON<T: Decodable>(_ type: T.Type, _ path: String, option: String, maximumBytes: Int = maximumBytes) throws -> T {
        let text = try readText(path, option: option, maximumBytes: maximumBytes)
        _ = try parseJSON(text, path: path)
        return try decode(type, from: text, path: path)
    }

    /// `text` (already checked by ``parseJSON(_:path:)``) decoded as `T`.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, path: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch let error as DecodingError {
            throw ToolError.data(describe(error, file: path))
        } catch {
            throw ToolError.data("\(path): \(error)")
        }
    }

    /// Writes `data` to `path` (given with `option`).
    static func write(_ data: Data, to path: String, option: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw ToolError.usage("\(option) \(path): cannot be written (\(reason(error)))")
        }
    }

    /// Creates the directory `path` (given with `option`) and its parents if missing.
    static func createDirectory(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ToolError.usage("\(option) \(path): exists and is not a directory") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw ToolError.usage("\(option) \(path): cannot create the directory (\(reason(error)))")
        }
    }

    /// `file: key path: what is wrong`, without Swift's enum dump.
    static func describe(_ error: DecodingError, file: String? = nil) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            guard !keys.isEmpty else { return "top level" }
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "key " + (text.hasPrefix(".") ? String(text.dropFirst()) : text)
        }
        let prefix = file.map { "\($0): " } ?? ""
        switch error {
        case let .keyNotFound(key, context):
            return prefix + "\(path(context.codingPath)): missing key \"\(key.stringValue)\""
        case let .typeMismatch(type, context):
            return prefix + "\(path(context.codingPath)): expected \(describe(type))"
        case let .valueNotFound(type, context):
            return prefix + "\(path(context.codingPath)): expected \(describe(type)), found null"
        case let .dataCorrupted(context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return prefix + "\(path(context.codingPath)): \(context.debugDescription)\(underlying)"
        @unknown default:
            return prefix + "\(error)"
        }
    }

    /// A Foundation file error as `path: reason`.
    static func describe(_ error: CocoaError) -> String {
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.filePath ?? "file"
        return "\(path): \(reason(error))"
    }

    /// The reason of a file error in words (`No such file or directory`, `Permission denied`).
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            default: return "file error \(cocoa.code.rawValue)"
            }
        }
        return "\(error)"
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type, is UInt64.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
