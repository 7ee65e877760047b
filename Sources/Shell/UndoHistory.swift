/// The workspaces before the last commands that changed it, newest last, for `undo`.
///
/// Kept in the shell, not in the workspace (a workspace holding its own past would keep every
/// earlier one). A snapshot costs only the arrays the later workspaces no longer share with it
/// (copy-on-write): little after `add`, a network's weights after `train`, a data set after `load`.
/// Bounded by `maxSteps` and by `maxBytes` of such arrays; the oldest go first (all of them, when
/// the newest alone holds more).
struct UndoHistory {
    static let defaultSteps = 20
    static let defaultBytes = 1_000_000_000
    var maxSteps = defaultSteps
    var maxBytes = defaultBytes

    struct Snapshot {
        var workspace: Workspace
        /// `limit memory=` lives outside the workspace; undo puts it back with the rest, as a failed replay does.
        var memoryLimit: Int
        /// The command that changed it, as the log records it.
        var command: String
        /// Whether the log records that command (`load workspace` replaces the log instead).
        var recorded: Bool
        /// Its arrays (`Workspace.storage`), listed once when it is kept: the bound is checked at every push.
        fileprivate(set) var arrays: [StoredArray] = []
    }

    private(set) var snapshots: [Snapshot] = []

    var count: Int { snapshots.count }

    /// Keeps `snapshot`, whose workspace's `storage` is `arrays`, the state before a command that
    /// left a workspace whose storage is `current`, then drops the oldest while there are too many
    /// or they hold too much that `current` does not share. (The shell has just listed both arrays
    /// to see whether the command changed anything.)
    mutating func push(_ snapshot: Snapshot, arrays: [StoredArray], current: [StoredArray]) {
        var snapshot = snapshot
        snapshot.arrays = arrays
        snapshots.append(snapshot)
        if snapshots.count > maxSteps { snapshots.removeFirst(snapshots.count - maxSteps) }
        let held = Set(current.map(\.address))
        while !snapshots.isEmpty, Self.unsharedBytes(of: snapshots, beside: held) > maxBytes { snapshots.removeFirst() }
    }

    /// Takes the newest `n` snapshots off, newest first; nil when there are fewer.
    mutating func pop(_ n: Int) -> [Snapshot]? {
        guard n >= 1, n <= snapshots.count else { return nil }
        defer { snapshots.removeLast(n) }
        return snapshots.suffix(n).reversed()
    }

    /// The bytes `snapshots` hold outside the storage addresses `held` (the current workspace's),
    /// each array counted once however many share it.
    static func unsharedBytes(of snapshots: [Snapshot], beside held: Set<Int>) -> Int {
        var seen = held
        var total = 0
        for snapshot in snapshots.reversed() {
            for array in snapshot.arrays where seen.insert(array.address).inserted { total += array.bytes }
        }
        return total
    }
}
