import Foundation
import Testing
import TsunaguCore
@testable import TsunaguStore

/// Backups are one consistent snapshot taken beside a writing gateway, are checked before they are
/// trusted, and restore exactly what they hold without losing the store they replace.
@Suite struct SQLiteBackupTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var path: String { directory.appendingPathComponent("tsunagu.sqlite").path }
    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func id(_ number: Int) -> String { String(format: "9a1e2b3c-0000-4000-8000-%012d", number) }

    static func footprint(_ number: Int) throws -> ProductFootprint {
        try ProductFootprint(document: [
            "id": .string(id(number)), "status": "Active", "productIds": [.string("urn:p:\(number)")], "pcf": ["declaredUnitAmount": "1.0"],
        ])
    }

    func storeWithTenant() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        return store
    }

    /// The footprint ids a store file holds, in the order they were imported.
    func ids(in file: String) throws -> [String] {
        try SQLiteConnection(readingOnly: file).query("SELECT id FROM footprints ORDER BY rowid").compactMap { $0.text(0) }
    }

    @Test func aBackupTakenWhileTheStoreIsWrittenHoldsExactlyTheCommitsBeforeIt() async throws {
        let store = try await storeWithTenant()
        let total = 400
        let writer = Task {
            for number in 0..<total { _ = try await store.importFootprint(Self.footprint(number), tenant: "acme", now: Date()) }
        }
        // Take the copy while the writer is in the middle of its imports.
        while try await store.footprints(ofTenant: "acme").count < 40 { await Task.yield() }
        let summary = try SQLiteBackup.copy(storeAt: path, to: file("backup.sqlite"))
        try await writer.value
        let copied = try ids(in: file("backup.sqlite"))
        // Each import is one commit: a snapshot holds the first n of them, in order, and nothing else.
        #expect(copied.count >= 40 && copied.count <= total)
        #expect(copied == (0..<copied.count).map(Self.id))
        #expect(summary.footprints == copied.count)
        #expect(summary.tenants == 1)
        #expect(summary.schemaVersion == SQLiteSchema.migrations.count)
        print("backup took \(copied.count) of \(total) imports")
        #expect(try ids(in: path).count == total)
        // No partial file is left beside the backup.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("partial") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aBackupNeverReplacesAFileAndNeedsAStore() async throws {
        _ = try await storeWithTenant()
        let existing = file("existing.sqlite")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        #expect { try SQLiteBackup.copy(storeAt: path, to: existing) } throws: { ($0 as? StoreError)?.message.contains("already exists") == true }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
        #expect { try SQLiteBackup.copy(storeAt: file("missing.sqlite"), to: file("b.sqlite")) } throws: {
            ($0 as? StoreError)?.message.contains("no gateway store") == true
        }
        #expect(!FileManager.default.fileExists(atPath: file("b.sqlite")))
    }

    @Test func aCheckTellsWhatIsNotAUsableStore() throws {
        let garbage = file("garbage.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        #expect { try SQLiteBackup.inspect(garbage) } throws: { ($0 as? StoreError)?.message.contains("not an SQLite database") == true }

        let other = file("other.sqlite")
        try SQLiteConnection(path: other).execute("CREATE TABLE things (id INTEGER)")
        #expect { try SQLiteBackup.inspect(other) } throws: { ($0 as? StoreError)?.message.contains("not a Tsunagu store") == true }

        let newer = file("newer.sqlite")
        do { _ = try SQLiteStore(path: newer) }
        try SQLiteConnection(path: newer).execute("PRAGMA user_version = \(SQLiteSchema.migrations.count + 1)")
        #expect { try SQLiteBackup.inspect(newer) } throws: { ($0 as? StoreError)?.message.contains("newer Tsunagu") == true }
    }

    @Test func aRestorePutsTheSnapshotBackAndKeepsTheStoreItReplaced() async throws {
        // A reader left open (a command beside the stopped gateway) keeps the log from being folded
        // in when the store closes.
        let bystander = try SQLiteConnection(path: path)
        try bystander.query("SELECT count(*) FROM sqlite_master")
        do {
            let store = try await storeWithTenant()
            _ = try await store.importFootprint(Self.footprint(1), tenant: "acme", now: Date())
            _ = try SQLiteBackup.copy(storeAt: path, to: file("backup.sqlite"))
            // Written after the backup, and left in the write-ahead log.
            _ = try await store.importFootprint(Self.footprint(2), tenant: "acme", now: Date())
        }
        #expect((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0 > 0)
        let restored = try SQLiteBackup.restore(file("backup.sqlite"), toStoreAt: path, now: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(restored.summary.footprints == 1)
        #expect(try ids(in: path) == [Self.id(1)])
        let replaced = try #require(restored.replaced)
        #expect(replaced.hasSuffix("tsunagu.sqlite.replaced-20260528T202640Z"))
        // The replaced store is whole: what only its log held was folded in before it was set aside.
        #expect(try ids(in: replaced) == [Self.id(1), Self.id(2)])
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.footprints(ofTenant: "acme").map(\.footprint.id) == [Self.id(1)])
        withExtendedLifetime(bystander) {}
    }

    /// A restore is for a damaged store: one SQLite cannot read is set aside as it is.
    @Test func aRestoreReplacesAStoreThatCannotBeRead() async throws {
        do {
            let store = try await storeWithTenant()
            _ = try await store.importFootprint(Self.footprint(3), tenant: "acme", now: Date())
            _ = try SQLiteBackup.copy(storeAt: path, to: file("backup.sqlite"))
        }
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let restored = try SQLiteBackup.restore(file("backup.sqlite"), toStoreAt: path, now: Date())
        #expect(try ids(in: path) == [Self.id(3)])
        let replaced = try #require(restored.replaced)
        #expect(FileManager.default.contents(atPath: replaced) == Data(repeating: 0x41, count: 8192), "the damaged file is kept as it was")
    }

    @Test func aRestoreOfABadFileLeavesTheStoreAsItWas() async throws {
        do {
            let store = try await storeWithTenant()
            _ = try await store.importFootprint(Self.footprint(7), tenant: "acme", now: Date())
        }
        let garbage = file("garbage.sqlite")
        try Data(repeating: 0x00, count: 4096).write(to: URL(fileURLWithPath: garbage))
        #expect { try SQLiteBackup.restore(garbage, toStoreAt: path, now: Date()) } throws: { $0 is StoreError }
        #expect(try ids(in: path) == [Self.id(7)])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains { $0.contains("replaced") || $0.contains("restoring") }, "\(files)")
    }
}
