#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The resident set size of this process, read from `/proc/self/statm`
/// (Linux; the second field counts resident pages).
///
/// Use it to check that a loop which creates and drops values keeps memory
/// flat: measure after a warm-up round, run many rounds, measure again.
public enum ResidentMemory {
    /// Resident bytes now, or `nil` where `/proc/self/statm` is unavailable.
    public static func bytes() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        let fields = String(decoding: buffer[..<n], as: UTF8.self).split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
        #else
        return nil
        #endif
    }

    /// Resident mebibytes now (for messages).
    public static func mebibytes() -> Double? { bytes().map { Double($0) / 1_048_576 } }
}
