import CSQLite
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One SQLite connection with prepared-statement caching.
///
/// Not thread-safe by itself: it is owned by exactly one actor (``SQLiteStore``), which
/// serializes every use.
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    /// Checkpoints the log in the background, once ``checkpointInBackground(path:)`` set it up;
    /// held here so that it lives as long as the hook that points at it.
    private(set) var checkpointer: SQLiteCheckpointer?

    /// Opens (creating if needed) the database file at `path` in WAL mode, its commits as durable
    /// as `durability` says.
    init(path: String, durability: SQLiteDurability = .normal) throws(StoreError) {
        // A new database is made readable by its owner only (every tenant's footprints, the audit
        // trail and the secret hashes are in it); SQLite gives its log and index files the same mode.
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        handle = try Self.openHandle(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        // SQLite opens a file it may not write for reading alone, without a word: the gateway
        // would start, look ready, and refuse every write.
        guard sqlite3_db_readonly(handle, "main") != 1 else {
            throw StoreError.unavailable(
                "the SQLite database at \(path) can only be read: give the gateway's user write access to it and its folder (and check that the disk is not mounted read-only)")
        }
        do {
            try switchToWriteAheadLog()
            try execute("PRAGMA synchronous = \(durability.pragma)")
            try execute("PRAGMA foreign_keys = ON")
        } catch {
            // "file is not a database" says nothing of which file, or what to do.
            throw StoreError.unavailable("the SQLite database at \(path) cannot be used (\(error.message)): restore a backup with tsunagu store restore, or move the file away to start a new store")
        }
    }

    /// Puts the database in WAL mode. Processes opening a new database at once (a gateway and a
    /// command) may each read it while asking to change its journal mode: SQLite then answers one
    /// of them "busy" at once instead of waiting, as waiting could deadlock. That one tries again,
    /// for up to the busy timeout.
    private func switchToWriteAheadLog() throws(StoreError) {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                try execute("PRAGMA journal_mode = WAL")
                return
            } catch {
                guard sqlite3_errcode(handle) & 0xFF == SQLITE_BUSY, ContinuousClock.now < deadline else { throw error }
                usleep(5_000)
            }
        }
    }

    /// Opens the existing database file at `path` for reading only: it changes nothing in the
    /// file (not even its journal mode), and a gateway writing to it meanwhile is not held up.
    init(readingOnly path: String) throws(StoreError) {
        handle = try Self.openHandle(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
    }

    /// A handle on the database at `path` opened with `flags`, waiting up to 5 s for locks.
    private static func openHandle(_ path: String, flags: Int32) throws(StoreError) -> OpaquePointer {
        var pointer: OpaquePointer?
        let status = sqlite3_open_v2(path, &pointer, flags, nil)
        guard status == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "status \(status)"
            if let pointer { sqlite3_close(pointer) }
            throw StoreError.unavailable("cannot open SQLite database at \(path): \(message)")
        }
        sqlite3_busy_timeout(pointer, 5_000)
        return pointer
    }

    deinit {
        sqlite3_wal_hook(handle, nil, nil)
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close(handle)
    }

    /// Moves checkpoints of the write-ahead log off this connection's commits: a
    /// ``SQLiteCheckpointer`` on a second connection to the database at `path` runs them when the
    /// log outgrows its threshold. (Installing the WAL hook turns SQLite's automatic checkpoint off.)
    func checkpointInBackground(path: String) {
        let checkpointer = SQLiteCheckpointer(path: path)
        self.checkpointer = checkpointer
        sqlite3_wal_hook(handle, { context, _, _, pages in
            guard let context else { return SQLITE_OK }
            Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue().logGrew(toPages: pages)
            return SQLITE_OK
        }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// Runs statements that return no rows (several may be separated by semicolons).
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &errorMessage) == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(errorMessage)
            throw StoreError.failed("SQLite: \(message)")
        }
    }

    /// Runs one statement with `bindings` and returns every row.
    @discardableResult
    func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StoreError) -> [SQLiteRow] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in bindings.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let number): status = sqlite3_bind_int64(statement, position, number)
            case .text(let text):
                // The length in bytes, not up to the first NUL: a partner's id may hold one, and
                // cut there it would equal another id.
                status = sqlite3_bind_text(statement, position, text, Int32(text.utf8.count), SQLiteConnection.transient)
            }
            guard status == SQLITE_OK else { throw failure("binding parameter \(position)") }
        }
        var rows: [SQLiteRow] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure("running \(sql.prefix(60))") }
            var values: [SQLiteValue] = []
            for column in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_NULL: values.append(.null)
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, column)))
                default:
                    if let text = sqlite3_column_text(statement, column) {
                        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
                        values.append(.text(String(decoding: bytes, as: UTF8.self)))
                    } else {
                        values.append(.null)
                    }
                }
            }
            rows.append(SQLiteRow(values: values))
        }
        return rows
    }

    /// The number of rows the last statement changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The row id of the last row inserted on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    func transaction<Result>(_ body: () throws(StoreError) -> Result) throws(StoreError) -> Result {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func prepared(_ sql: String) throws(StoreError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("preparing \(sql.prefix(60))")
        }
        statements[sql] = statement
        return statement
    }

    private func failure(_ what: String) -> StoreError {
        StoreError.failed("SQLite error \(what): \(String(cString: sqlite3_errmsg(handle)))")
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A value bound to or read from SQLite.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
}

/// One result row.
struct SQLiteRow {
    let values: [SQLiteValue]

    func text(_ column: Int) -> String? {
        if case .text(let text) = values[column] { return text }
        return nil
    }

    func integer(_ column: Int) -> Int64? {
        if case .integer(let number) = values[column] { return number }
        return nil
    }
}
