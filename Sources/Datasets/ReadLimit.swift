import Foundation

/// A file's header or a compressed stream can promise any size, so every reader takes a
/// `maxBytes` bound and refuses, before allocating, whatever would pass it: a crafted file
/// then costs an error message instead of the machine's memory.
public enum ReadLimit {
    /// Half the machine's memory, the shell's default memory limit: callers that know better
    /// (the shell passes `MemoryGuard.limit`) give their own.
    public static let defaultMaxBytes = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)

    /// `1048576` as `1,048,576`, for the sizes in error messages.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = n < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}
