/// How far a commit to the SQLite store is durable before it returns (SQLite's `synchronous`, in
/// WAL mode).
public enum SQLiteDurability: String, Sendable, Codable, CaseIterable {
    /// A commit survives the gateway process crashing, not the machine losing power or the OS
    /// crashing: the write-ahead log is synced at checkpoints, not at every commit. The default:
    /// commits take tens of microseconds.
    case normal
    /// A commit also survives power loss and OS crashes: the log is synced at every commit (about
    /// 0.4 ms a commit on the development machine, several per relayed request).
    case full

    /// The value of `PRAGMA synchronous`.
    var pragma: String {
        switch self {
        case .normal: "NORMAL"
        case .full: "FULL"
        }
    }
}
