import Foundation
import TsunaguCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies of a gateway store: taken while a gateway serves it, checked before they are trusted,
/// and put back in its place.
public enum SQLiteBackup {
    /// What a store file holds, as a backup, a check or a restore reports it.
    public struct Summary: Sendable, Equatable {
        /// The schema version (`PRAGMA user_version`): how many of the store's migrations it has.
        public var schemaVersion: Int
        /// The file's size in bytes.
        public var bytes: Int
        public var tenants: Int
        public var footprints: Int
        public var auditEntries: Int
        /// Outbox messages not yet delivered nor given up.
        public var pendingMessages: Int
        /// Relay requests still under way.
        public var unfinishedRelayRequests: Int
        /// The stored footprints that cannot be read as footprints (their store sequence numbers):
        /// the gateway leaves them out of every answer.
        public var unreadableFootprints: [Int64] = []
    }

    /// Copies the store at `path` into the new file `destination`: one snapshot of the store's last
    /// commit, read in one transaction, so that a gateway serving the store goes on writing
    /// meanwhile. The copy is written beside `destination`, checked (``inspect(_:)``), synced and
    /// only then renamed to it, so that no half-written copy ever carries that name.
    /// - Throws: ``StoreError`` when there is no store at `path`, `destination` already exists (a
    ///   backup never replaces a file), or the copy cannot be written or fails its check.
    public static func copy(storeAt path: String, to destination: String) throws(StoreError) -> Summary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.notFound("no gateway store at \(path): give --data the gateway's data folder")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.conflict("\(destination) already exists: a backup never replaces a file, give a new name")
        }
        let folder = (destination as NSString).deletingLastPathComponent
        let partial = (folder.isEmpty ? "." : folder as NSString).appendingPathComponent(".\((destination as NSString).lastPathComponent).partial-\(UUID().uuidString)")
        do {
            let source = try SQLiteConnection(readingOnly: path)
            try source.query("VACUUM INTO ?", [.text(partial)])
            // As the store itself: readable by its owner only.
            chmod(partial, 0o600)
            try sync(partial)
            let summary = try inspect(partial)
            try place(partial, at: destination)
            return summary
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Checks that the file at `path` is a whole Tsunagu store this build can open, changing
    /// nothing in it, and says what it holds.
    /// - Throws: ``StoreError`` naming what is wrong: not an SQLite database, damaged, not a
    ///   Tsunagu store, or made by a newer Tsunagu than this one.
    public static func inspect(_ path: String) throws(StoreError) -> Summary {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound("no file at \(path)") }
        let connection = try SQLiteConnection(readingOnly: path)
        let check: String
        do {
            check = try connection.query("PRAGMA integrity_check(5)").compactMap { $0.text(0) }.joined(separator: "; ")
        } catch {
            throw StoreError.failed("\(path) is not an SQLite database, or is damaged beyond reading: \(error.message)")
        }
        guard check == "ok" else { throw StoreError.failed("\(path) is damaged: \(check)") }
        let version = Int(try connection.query("PRAGMA user_version").first?.integer(0) ?? 0)
        let known = SQLiteSchema.migrations.count
        let tables = Set(try connection.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0.text(0) })
        let needed: Set = ["tenants", "clients", "footprints", "outbox", "audit"]
        guard version > 0, needed.isSubset(of: tables) else {
            throw StoreError.failed("\(path) is an SQLite database, but not a Tsunagu store (it lacks \(needed.subtracting(tables).sorted().joined(separator: ", ")) or a schema version)")
        }
        guard version <= known else {
            throw StoreError.failed("\(path) was made by a newer Tsunagu (schema \(version); this one knows up to \(known)): use that version or a later one")
        }
        func count(_ table: String, _ condition: String = "1") throws(StoreError) -> Int {
            guard tables.contains(table) else { return 0 }
            return Int(try connection.query("SELECT COUNT(*) FROM \(table) WHERE \(condition)").first?.integer(0) ?? 0)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let parser = JSONParser()
        let unreadable = try connection.query("SELECT sequence, document FROM footprints ORDER BY sequence").compactMap { row -> Int64? in
            guard let text = row.text(1), let document = try? parser.parse(text), (try? ProductFootprint(document: document)) != nil else { return row.integer(0) ?? 0 }
            return nil
        }
        return Summary(
            schemaVersion: version, bytes: size, tenants: try count("tenants"), footprints: try count("footprints"),
            auditEntries: try count("audit"), pendingMessages: try count("outbox", "state = 'pending'"),
            unfinishedRelayRequests: try count("relay_requests", "finished = 0"), unreadableFootprints: unreadable)
    }

    /// Puts the backup at `backup` in place of the store at `path`, which no gateway may be serving
    /// (the caller holds the data folder's lock). The backup is checked first; a store already
    /// there is completed from its write-ahead log and kept beside, renamed with the time of the
    /// restore; the copy is synced before it takes the store's name, then brought up to this
    /// build's schema.
    /// - Returns: what the restored store holds, and where the replaced store was kept (`nil`
    ///   when there was none).
    /// - Throws: ``StoreError`` when the backup is not a usable store; the store at `path` is
    ///   then left as it was.
    public static func restore(_ backup: String, toStoreAt path: String, now: Date) throws(StoreError) -> (summary: Summary, replaced: String?) {
        _ = try inspect(backup)
        let folder = (path as NSString).deletingLastPathComponent
        let partial = (folder as NSString).appendingPathComponent(".tsunagu.sqlite.restoring-\(UUID().uuidString)")
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: partial)
            try sync(partial)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw StoreError.failed("cannot copy \(backup) into \(folder): \(error)")
        }
        var replaced: String?
        do {
            if FileManager.default.fileExists(atPath: path) {
                replaced = try setAside(path, now: now)
            }
            try place(partial, at: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        // Opening it as the gateway does brings an older backup's schema up to date.
        _ = try SQLiteStore(path: path)
        return (try inspect(path), replaced)
    }

    /// Renames the store at `path` (with its log folded in first, so the renamed file is whole)
    /// to `<path>.replaced-<time>`, and returns that name. A store SQLite cannot read (the
    /// damage a restore is for) is set aside as it is, its log beside it under the same name.
    private static func setAside(_ path: String, now: Date) throws(StoreError) -> String {
        let readable = (try? inspect(path)) != nil
        if readable {
            let connection = try SQLiteConnection(path: path)
            let outcome = try connection.query("PRAGMA wal_checkpoint(TRUNCATE)").first
            guard outcome?.integer(0) == 0 else {
                throw StoreError.unavailable("\(path) is in use (its log cannot be folded in): stop every process using the data folder first")
            }
        }
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay, .withTime, .withTimeZone])
        let kept = "\(path).replaced-\(stamp)"
        do {
            try FileManager.default.moveItem(atPath: path, toPath: kept)
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                if readable {
                    try FileManager.default.removeItem(atPath: path + suffix)
                } else {
                    try FileManager.default.moveItem(atPath: path + suffix, toPath: kept + suffix)
                }
            }
        } catch {
            throw StoreError.failed("cannot set \(path) aside as \(kept): \(error)")
        }
        return kept
    }

    /// Renames the finished file `partial` to `destination` (refusing to replace a file there) and
    /// syncs the folder, so the name survives a crash.
    private static func place(_ partial: String, at destination: String) throws(StoreError) {
        guard link(partial, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError.failed("cannot write \(destination): \(reason)")
        }
        unlink(partial)
        let folder = (destination as NSString).deletingLastPathComponent
        try sync(folder.isEmpty ? "." : folder)
    }

    /// Flushes the file or folder at `path` to the disk.
    private static func sync(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.failed("cannot open \(path) to sync it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError.failed("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}
