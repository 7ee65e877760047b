import Foundation
import Synchronization

/// The most memory one command may ask for: half the machine's by default, or half the address
/// space the process may have (`ulimit -v`) when that is smaller; `limit memory=...` to change it.
/// Commands refuse, naming the size, instead of being killed by the system.
public enum MemoryGuard {
    private static let bytes = Atomic<Int>(defaultLimit)

    static var defaultLimit: Int {
        var limit = Int(ProcessInfo.processInfo.physicalMemory / 2)
        #if canImport(Glibc)
        var space = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &space) == 0, space.rlim_cur != rlim_t.max {
            limit = min(limit, Int(clamping: space.rlim_cur / 2))
        }
        #endif
        return limit
    }

    public static var limit: Int {
        get { bytes.load(ordering: .relaxed) }
        set { bytes.store(newValue, ordering: .relaxed) }
    }

    /// How to get `needed` bytes: a higher limit when the machine has them, else less work.
    static func raiseHint(_ needed: Double, otherwise: String? = nil) -> String {
        let otherwise = otherwise ?? tr("memory.smaller")
        guard needed < Double(ProcessInfo.processInfo.physicalMemory) * 0.9 else {
            return tr("memory.beyond-machine", Format.bytes(Int(ProcessInfo.processInfo.physicalMemory)), otherwise)
        }
        let suggested = Format.bytes(Int(min(needed * 1.25, Double(ProcessInfo.processInfo.physicalMemory) * 0.9)))
        return tr("memory.raise", suggested.replacingOccurrences(of: " ", with: ""), otherwise)
    }

    /// Refuses `needed` bytes above the limit; `what` says what they are for.
    static func check(_ needed: Double, for what: String, hint: String) throws(ShellError) {
        guard needed <= Double(limit) else {
            throw ShellError(tr("memory.would-need", what, needed >= 1e15 ? tr("memory.over-petabyte") : Format.bytes(Int(needed))),
                             expected: tr("memory.at-most", Format.bytes(limit)), hint: hint)
        }
    }
}

/// Bounds that keep a typo from asking for more memory than the machine has.
enum Limits {
    /// 2³¹ Float values, 8 GiB.
    static let maxElements = 1 << 31
}
