import CSQLite
import Dispatch
import Synchronization

/// Copies the write-ahead log back into the database file on a thread of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold and waits for
/// `fsync` of the database file: the request that happens to commit then pays several
/// milliseconds (the relay benchmark's p99). With a checkpointer the store's connection only
/// reports how large the log has grown after each commit (SQLite's WAL hook), and a second
/// connection checkpoints in the background (`PASSIVE`: it never blocks the writer, and copies
/// what no reader still needs).
final class SQLiteCheckpointer: Sendable {
    /// Log size, in pages, from which a checkpoint is started (SQLite's own default).
    let threshold: Int32
    private let path: String
    /// The second connection, opened at the first checkpoint (a process that never writes much,
    /// the command line, never opens it).
    private let handle = Mutex<OpaquePointer?>(nil)
    private let queue = DispatchQueue(label: "tsunagu.sqlite.checkpoint")
    private let pending = Atomic<Bool>(false)
    private let completed = Atomic<Int>(0)

    /// A checkpointer for the database at `path`.
    init(path: String, threshold: Int32 = 1000) {
        self.path = path
        self.threshold = threshold
    }

    deinit {
        handle.withLock { pointer in
            if let pointer { sqlite3_close(pointer) }
            pointer = nil
        }
    }

    /// The open second connection; `nil` when the database cannot be opened now (the next
    /// checkpoint tries again).
    private static func open(_ path: String) -> OpaquePointer? {
        var pointer: OpaquePointer?
        guard sqlite3_open_v2(path, &pointer, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let pointer else {
            if let pointer { sqlite3_close(pointer) }
            return nil
        }
        sqlite3_busy_timeout(pointer, 5_000)
        // A connection only sees the log once it has read the database (before, a checkpoint is a no-op).
        guard sqlite3_exec(pointer, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK else {
            sqlite3_close(pointer)
            return nil
        }
        return pointer
    }

    /// How many background checkpoints have finished.
    var completedCheckpoints: Int { completed.load(ordering: .acquiring) }

    /// Called after each commit with the log's size in pages: starts one checkpoint when the log
    /// has outgrown the threshold and none is under way.
    func logGrew(toPages pages: Int32) {
        guard pages >= threshold, pending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        queue.async { [self] in
            handle.withLock { pointer in
                if pointer == nil { pointer = Self.open(path) }
                guard let pointer else { return }
                _ = sqlite3_wal_checkpoint_v2(pointer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            completed.add(1, ordering: .releasing)
            pending.store(false, ordering: .releasing)
        }
    }

    /// Waits until every checkpoint started so far has finished.
    func drain() {
        queue.sync {}
    }
}
