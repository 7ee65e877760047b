import Synchronization

/// Ctrl-C as a request: the front end's signal handler sets it, long commands look at it between
/// batches and stop at that safe point, keeping what they finished. SIGTERM and SIGHUP also ask
/// the whole shell to leave once the current command has stopped.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)
    private static let leaving = Atomic<Int32>(0)

    /// Async-signal-safe: one lock-free store.
    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Async-signal-safe: stops the current command and marks the shell as leaving on `signal`.
    public static func requestExit(signal: Int32) {
        leaving.store(signal, ordering: .relaxed)
        flag.store(true, ordering: .relaxed)
    }

    /// The signal that asked the shell to leave, if one did.
    public static var exitSignal: Int32? {
        let s = leaving.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
