import Foundation
import Synchronization
import Testing
import TsunaguCore
@testable import TsunaguStore

@Suite struct SQLiteStoreTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var path: String { directory.appendingPathComponent("tsunagu.sqlite").path }

    func footprint(id: String, amount: String, preceding: [String] = []) throws -> ProductFootprint {
        var document: JSONValue = [
            "id": .string(id), "status": "Active", "productIds": ["urn:p:1"], "pcf": ["declaredUnitAmount": .string(amount)],
        ]
        if !preceding.isEmpty { document.set(.array(preceding.map(JSONValue.string)), at: "/precedingPfIds") }
        return try ProductFootprint(document: document)
    }

    @Test func tenantsAndClientsPersistAcrossReopening() async throws {
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.addTenant(named: "acme", now: Date())
            let callback = CallbackRegistration(baseURL: "https://partner.example", clientID: "cb", secretEnvironmentVariable: "PARTNER_SECRET")
            try await store.addClient(APIClient(clientID: "c1", tenant: "acme", secretHash: "hash", callback: callback, created: Date()))
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.tenants().map(\.name) == ["acme"])
        let client = try await reopened.client(id: "c1")
        #expect(client?.callback?.secretEnvironmentVariable == "PARTNER_SECRET")
        #expect(client?.tenant == "acme")
    }

    @Test func refusesDuplicateAndInvalidNamesAndUnknownTenants() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        await #expect { try await store.addTenant(named: "acme", now: Date()) } throws: { ($0 as? StoreError)?.isConflict == true }
        await #expect { try await store.addTenant(named: "bad name", now: Date()) } throws: { ($0 as? StoreError)?.isConflict == true }
        let orphan = APIClient(clientID: "x", tenant: "nobody", secretHash: "h", callback: nil, created: Date())
        await #expect { try await store.addClient(orphan) } throws: { ($0 as? StoreError)?.isNotFound == true }
    }

    /// A third version of one file supersedes the second as well as the first: one version stays
    /// active, and it names both.
    @Test func aThirdVersionDeprecatesTheSecond() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let id = "9a1e2b3c-0000-4000-8000-000000000031"
        _ = try await store.importFootprint(footprint(id: id, amount: "1.0"), tenant: "acme", now: Date())
        guard case .superseded(_, let second) = try await store.importFootprint(footprint(id: id, amount: "2.0"), tenant: "acme", now: Date()),
            case .superseded(_, let third) = try await store.importFootprint(footprint(id: id, amount: "3.0"), tenant: "acme", now: Date())
        else {
            Issue.record("expected two supersessions")
            return
        }
        let all = try await store.footprints(ofTenant: "acme")
        let active = all.filter { $0.footprint.status == .active }
        #expect(active.map(\.footprint.id) == [third])
        #expect(Set(active.first?.footprint.precedingFootprintIDs ?? []) == [id, second])
    }

    /// The file of the current version, marked deprecated, withdraws that version: no version of
    /// the footprint stays active.
    @Test func theCurrentVersionsFileMarkedDeprecatedWithdrawsIt() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let id = "9a1e2b3c-0000-4000-8000-000000000051"
        _ = try await store.importFootprint(footprint(id: id, amount: "1.0"), tenant: "acme", now: Date())
        guard case .superseded(_, let current) = try await store.importFootprint(footprint(id: id, amount: "2.0"), tenant: "acme", now: Date()) else {
            Issue.record("expected a supersession")
            return
        }
        var withdrawn = try footprint(id: id, amount: "2.0").document
        withdrawn.set("Deprecated", at: "/status")
        #expect(try await store.importFootprint(ProductFootprint(document: withdrawn), tenant: "acme", now: Date()) == .deprecated(id: current))
        #expect(try await store.footprints(ofTenant: "acme").filter { $0.footprint.status == .active }.isEmpty)
        #expect(try await store.importFootprint(ProductFootprint(document: withdrawn), tenant: "acme", now: Date()) == .unchanged(id: current))
    }

    /// Fields a translation filled with the time it ran are left out of the comparison: the same
    /// file read again later is unchanged (first version and later ones alike), and keeps its times.
    @Test func fieldsFilledWithTheTranslationTimeDoNotMakeAChange() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let id = "9a1e2b3c-0000-4000-8000-000000000061"
        func read(amount: String, at time: String) throws -> ProductFootprint {
            var document = try footprint(id: id, amount: amount).document
            document.set(.string(time), at: "/created")
            return try ProductFootprint(document: document)
        }
        let timeFilled = [JSONPointer(tokens: ["created"])]
        _ = try await store.importFootprint(read(amount: "1.0", at: "2026-01-01T00:00:00Z"), tenant: "acme", now: Date(), timeFilled: timeFilled)
        #expect(try await store.importFootprint(read(amount: "1.0", at: "2026-01-02T00:00:00Z"), tenant: "acme", now: Date(), timeFilled: timeFilled) == .unchanged(id: id))
        #expect(try await store.footprint(id: id, tenant: "acme")?.footprint.document["created"] == "2026-01-01T00:00:00Z")
        guard case .superseded(_, let second) = try await store.importFootprint(read(amount: "2.0", at: "2026-01-03T00:00:00Z"), tenant: "acme", now: Date(), timeFilled: timeFilled) else {
            Issue.record("a changed amount is a change")
            return
        }
        #expect(try await store.importFootprint(read(amount: "2.0", at: "2026-01-04T00:00:00Z"), tenant: "acme", now: Date(), timeFilled: timeFilled) == .unchanged(id: second))
        // Without naming the field, a different time is a change.
        if case .unchanged = try await store.importFootprint(read(amount: "2.0", at: "2026-01-05T00:00:00Z"), tenant: "acme", now: Date()) {
            Issue.record("a different creation time not named as filled is a change")
        }
    }

    /// Footprint ids are UUIDs: one written in upper case is found, deprecated and superseded by
    /// the same id in lower case (as typed clients send it back).
    @Test func idsAreFoundWhateverTheirCase() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let upper = "3B7E1A52-4C1F-4D0B-9A3E-5F2C8D1E0A71"
        _ = try await store.importFootprint(footprint(id: upper, amount: "1.0"), tenant: "acme", now: Date())
        #expect(try await store.footprint(id: upper.lowercased(), tenant: "acme")?.footprint.id == upper)
        let successor = "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a72"
        _ = try await store.importFootprint(footprint(id: successor, amount: "2.0", preceding: [upper.lowercased()]), tenant: "acme", now: Date())
        let active = try await store.footprints(ofTenant: "acme").filter { $0.footprint.status == .active }.map(\.footprint.id)
        #expect(active == [successor], "the predecessor named in lower case is deprecated")
        // The upper-case file changed again supersedes the version the store knows, not a new one.
        guard case .superseded(let oldID, _) = try await store.importFootprint(footprint(id: upper.lowercased(), amount: "3.0"), tenant: "acme", now: Date()) else {
            Issue.record("the same id in another case is the stored footprint")
            return
        }
        #expect(oldID.lowercased() == upper.lowercased())
    }

    /// One stored footprint that cannot be read (a damaged page, a hand edit) is left out; the
    /// tenant's others are still served, and a check of the store names it.
    @Test func anUnreadableFootprintIsLeftOutAndNamedByTheCheck() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let good = "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a81"
        let damaged = "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a82"
        _ = try await store.importFootprint(footprint(id: good, amount: "1.0"), tenant: "acme", now: Date())
        _ = try await store.importFootprint(footprint(id: damaged, amount: "2.0"), tenant: "acme", now: Date())
        try SQLiteConnection(path: path).query("UPDATE footprints SET document = '{\"id\": 1' WHERE id = ?", [.text(damaged)])
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.footprints(ofTenant: "acme").map(\.footprint.id) == [good])
        #expect(try await reopened.footprint(id: good, tenant: "acme") != nil)
        let summary = try SQLiteBackup.inspect(path)
        #expect(summary.unreadableFootprints.count == 1)
    }

    /// A changed file's own predecessors are kept and deprecated, not replaced by the stored ones.
    @Test func aChangedFootprintKeepsThePredecessorsItNames() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let id = "9a1e2b3c-0000-4000-8000-000000000041"
        let older = "9a1e2b3c-0000-4000-8000-000000000040"
        _ = try await store.importFootprint(footprint(id: older, amount: "0.5"), tenant: "acme", now: Date())
        _ = try await store.importFootprint(footprint(id: id, amount: "1.0"), tenant: "acme", now: Date())
        guard case .superseded(_, let newID) = try await store.importFootprint(footprint(id: id, amount: "2.0", preceding: [older]), tenant: "acme", now: Date()) else {
            Issue.record("expected a supersession")
            return
        }
        let successor = try #require(try await store.footprint(id: newID, tenant: "acme"))
        #expect(Set(successor.footprint.precedingFootprintIDs) == [older, id])
        #expect(try await store.footprint(id: older, tenant: "acme")?.footprint.status == .deprecated)
    }

    @Test func aChangedFootprintSupersedesTheOldOne() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let id = "9a1e2b3c-0000-4000-8000-000000000001"
        #expect(try await store.importFootprint(footprint(id: id, amount: "1.0"), tenant: "acme", now: Date()) == .created(id: id))
        #expect(try await store.importFootprint(footprint(id: id, amount: "1.0"), tenant: "acme", now: Date()) == .unchanged(id: id))
        let outcome = try await store.importFootprint(footprint(id: id, amount: "2.0"), tenant: "acme", now: Date())
        guard case .superseded(let oldID, let newID) = outcome else {
            Issue.record("expected superseded, got \(outcome)")
            return
        }
        #expect(oldID == id)
        let all = try await store.footprints(ofTenant: "acme")
        #expect(all.map(\.footprint.id) == [id, newID])
        #expect(all[0].footprint.status == .deprecated)
        #expect(all[1].footprint.precedingFootprintIDs == [id])
        #expect(all[1].footprint.document[pointer: "/pcf/declaredUnitAmount"] == "2.0")
    }

    /// The gateway's store keeps footprints in memory; an import by the command line (another
    /// connection to the same file) must reach its next read, and so must a supersession.
    @Test func footprintsImportedByAnotherConnectionAreSeenAtTheNextRead() async throws {
        let serving = try SQLiteStore(path: path)
        _ = try await serving.addTenant(named: "acme", now: Date())
        let first = "9a1e2b3c-0000-4000-8000-000000000011"
        _ = try await serving.importFootprint(footprint(id: first, amount: "1.0"), tenant: "acme", now: Date())
        #expect(try await serving.footprints(ofTenant: "acme").map(\.footprint.id) == [first])

        let commandLine = try SQLiteStore(path: path)
        let second = "9a1e2b3c-0000-4000-8000-000000000012"
        _ = try await commandLine.importFootprint(footprint(id: second, amount: "3.0"), tenant: "acme", now: Date())
        #expect(try await serving.footprints(ofTenant: "acme").map(\.footprint.id) == [first, second])
        #expect(try await serving.footprint(id: second, tenant: "acme")?.footprint.document[pointer: "/pcf/declaredUnitAmount"] == "3.0")

        let outcome = try await commandLine.importFootprint(footprint(id: first, amount: "2.0"), tenant: "acme", now: Date())
        guard case .superseded(_, let successor) = outcome else {
            Issue.record("expected superseded, got \(outcome)")
            return
        }
        #expect(try await serving.footprint(id: first, tenant: "acme")?.footprint.status == .deprecated)
        #expect(try await serving.footprints(ofTenant: "acme").map(\.footprint.id) == [first, second, successor])
    }

    /// Importing the same files again changes nothing: neither the old version (now deprecated by
    /// the store) nor the changed one (stored under the id its first import gave it).
    @Test func importingTheSameFilesAgainChangesNothing() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let id = "9a1e2b3c-0000-4000-8000-000000000021"
        _ = try await store.importFootprint(footprint(id: id, amount: "1.0"), tenant: "acme", now: Date())
        guard case .superseded(_, let successor) = try await store.importFootprint(footprint(id: id, amount: "2.0"), tenant: "acme", now: Date()) else {
            Issue.record("the changed file did not supersede the stored one")
            return
        }
        #expect(try await store.importFootprint(footprint(id: id, amount: "2.0"), tenant: "acme", now: Date()) == .unchanged(id: successor))
        #expect(try await store.importFootprint(footprint(id: id, amount: "1.0"), tenant: "acme", now: Date()) == .unchanged(id: id))
        let all = try await store.footprints(ofTenant: "acme")
        #expect(all.count == 2)
        #expect(all.filter { $0.footprint.status == .active }.map(\.footprint.id) == [successor])
    }

    /// A folder of an old version and its successor, imported successor first: the old version
    /// is stored deprecated, so only the successor is active; importing both again changes nothing.
    @Test func anOldVersionImportedAfterItsSuccessorIsStoredDeprecated() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let old = "9a1e2b3c-0000-4000-8000-000000000031"
        let new = "9a1e2b3c-0000-4000-8000-000000000032"
        for _ in 0..<2 {
            _ = try await store.importFootprint(footprint(id: new, amount: "2", preceding: [old]), tenant: "acme", now: Date())
            _ = try await store.importFootprint(footprint(id: old, amount: "1"), tenant: "acme", now: Date())
        }
        let all = try await store.footprints(ofTenant: "acme")
        #expect(all.map(\.footprint.id) == [new, old])
        #expect(all.filter { $0.footprint.status == .active }.map(\.footprint.id) == [new])
    }

    /// The same document with status Deprecated deprecates the stored footprint in place.
    /// Footprints stored before the predecessor index existed are indexed by the migration that
    /// adds it: an old version imported afterwards still finds its stored successor.
    @Test func theMigrationIndexesTheSuccessorsStoredBeforeIt() async throws {
        let old = "9a1e2b3c-0000-4000-8000-000000000051"
        let new = "9a1e2b3c-0000-4000-8000-000000000052"
        let indexing = try #require(SQLiteSchema.migrations.firstIndex { $0.contains("CREATE TABLE footprint_predecessors") })
        do {
            let connection = try SQLiteConnection(path: path)
            for migration in SQLiteSchema.migrations.prefix(indexing) { try connection.execute(migration) }
            try connection.execute("PRAGMA user_version = \(indexing)")
            try connection.query("INSERT INTO tenants (name, created) VALUES ('acme', 0)")
            try connection.query(
                "INSERT INTO footprints (tenant, id, status, document, stored, updated) VALUES ('acme', ?, 'Active', ?, 0, 0)",
                [.text(new), .text(try footprint(id: new, amount: "2", preceding: [old]).document.jsonText)]
            )
        }
        let reopened = try SQLiteStore(path: path)
        _ = try await reopened.importFootprint(footprint(id: old, amount: "1"), tenant: "acme", now: Date())
        #expect(try await reopened.footprint(id: old, tenant: "acme")?.footprint.status == .deprecated)
    }

    @Test func theSameDocumentMarkedDeprecatedDeprecatesItInPlace() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let id = "9a1e2b3c-0000-4000-8000-000000000041"
        _ = try await store.importFootprint(footprint(id: id, amount: "1"), tenant: "acme", now: Date())
        var withdrawn = try footprint(id: id, amount: "1").document
        withdrawn.set("Deprecated", at: "/status")
        #expect(try await store.importFootprint(try ProductFootprint(document: withdrawn), tenant: "acme", now: Date()) == .deprecated(id: id))
        let all = try await store.footprints(ofTenant: "acme")
        #expect(all.map(\.footprint.id) == [id])
        #expect(all.first?.footprint.status == .deprecated)
    }

    @Test func importingASuccessorDeprecatesItsPredecessors() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: Date())
        let first = "9a1e2b3c-0000-4000-8000-000000000001"
        let second = "9a1e2b3c-0000-4000-8000-000000000002"
        _ = try await store.importFootprint(footprint(id: first, amount: "1"), tenant: "acme", now: Date())
        _ = try await store.importFootprint(footprint(id: second, amount: "2", preceding: [first]), tenant: "acme", now: Date())
        #expect(try await store.footprint(id: first, tenant: "acme")?.footprint.status == .deprecated)
        #expect(try await store.footprint(id: second, tenant: "acme")?.footprint.status == .active)
        #expect(try await store.footprint(id: second, tenant: "other") == nil)
    }

    /// `PRAGMA synchronous`: 1 is NORMAL, 2 is FULL.
    @Test(arguments: [(SQLiteDurability.normal, Int64(1)), (.full, Int64(2))])
    func commitsAreAsDurableAsAsked(durability: SQLiteDurability, synchronous: Int64) throws {
        let connection = try SQLiteConnection(path: path, durability: durability)
        #expect(try connection.query("PRAGMA synchronous").first?.integer(0) == synchronous)
        #expect(try connection.query("PRAGMA journal_mode").first?.text(0) == "wal")
    }

    @Test func anEventIsAcceptedOnceWithItsReplies() async throws {
        let store = try SQLiteStore(path: path)
        let event = ReceivedEvent(tenant: "acme", clientID: "c1", type: "t", source: "//s", eventID: "e-1", body: "{}", received: Date())
        let reply = NewOutboxMessage(tenant: "acme", clientID: "c1", kind: "pact.v3.callback", body: "{\"a\":1}")
        #expect(try await store.acceptEvent(event, replies: [reply]))
        #expect(try await store.acceptEvent(event, replies: [reply]) == false)
        #expect(try await store.pendingMessageCount() == 1)
        let due = try await store.dueMessages(now: Date().addingTimeInterval(1), limit: 10)
        #expect(due.map(\.body) == ["{\"a\":1}"])
    }

    /// A partner's id with a NUL in it is stored whole: cut at the NUL, two different events would
    /// share one id and the second would be taken for a redelivery and never answered.
    @Test func textWithANULCharacterIsStoredWhole() async throws {
        let store = try SQLiteStore(path: path)
        for id in ["req\u{0}-1", "req\u{0}-2"] {
            let event = ReceivedEvent(tenant: "acme", clientID: "c1", type: "t", source: "//s", eventID: id, body: "{}", received: Date())
            #expect(try await store.acceptEvent(event, replies: [NewOutboxMessage(tenant: "acme", clientID: "c1", kind: "k", body: "to \(id)")]))
        }
        let due = try await store.dueMessages(now: Date().addingTimeInterval(1), limit: 10)
        #expect(due.map(\.body).sorted() == ["to req\u{0}-1", "to req\u{0}-2"])
    }

    /// CloudEvents ids are unique per source, not across the clients that share a source name.
    @Test func twoClientsMayUseTheSameSourceAndEventID() async throws {
        let store = try SQLiteStore(path: path)
        for client in ["c1", "c2"] {
            let event = ReceivedEvent(tenant: "acme", clientID: client, type: "t", source: "//api.example.com/3/events", eventID: "e-1", body: "{}", received: Date())
            #expect(try await store.acceptEvent(event, replies: [NewOutboxMessage(tenant: "acme", clientID: client, kind: "pact.v3.callback", body: client)]))
            #expect(try await store.acceptEvent(event, replies: []) == false, "redelivered by \(client)")
        }
        let due = try await store.dueMessages(now: Date().addingTimeInterval(1), limit: 10)
        #expect(due.map(\.body).sorted() == ["c1", "c2"])
    }

    /// A database made before events were kept per client keeps the events it received, and
    /// still knows them as redeliveries.
    @Test func receivedEventsSurviveTheMoveToEventsPerClient() async throws {
        do {
            let connection = try SQLiteConnection(path: path)
            for migration in SQLiteSchema.migrations.prefix(2) { try connection.execute(migration) }
            try connection.execute("PRAGMA user_version = 2")
            try connection.execute("INSERT INTO tenants (name, created) VALUES ('acme', 0)")
            try connection.execute("INSERT INTO received_events VALUES ('acme', 'c1', 't', '//s', 'e-1', '{}', 0)")
        }
        let store = try SQLiteStore(path: path)
        let old = ReceivedEvent(tenant: "acme", clientID: "c1", type: "t", source: "//s", eventID: "e-1", body: "{}", received: Date())
        #expect(try await store.acceptEvent(old, replies: []) == false)
        let other = ReceivedEvent(tenant: "acme", clientID: "c2", type: "t", source: "//s", eventID: "e-1", body: "{}", received: Date())
        #expect(try await store.acceptEvent(other, replies: []))
    }

    @Test func failedMessagesAreRetriedLaterOrAbandoned() async throws {
        let store = try SQLiteStore(path: path)
        try await store.enqueue([NewOutboxMessage(tenant: "acme", clientID: "c1", kind: "k", body: "b")])
        let now = Date()
        let message = try #require(try await store.dueMessages(now: now.addingTimeInterval(1), limit: 1).first)
        try await store.markFailed(messageID: message.id, error: "connection refused", retryAt: now.addingTimeInterval(60))
        #expect(try await store.dueMessages(now: now.addingTimeInterval(1), limit: 1).isEmpty)
        let retried = try #require(try await store.dueMessages(now: now.addingTimeInterval(61), limit: 1).first)
        #expect(retried.attempts == 1)
        #expect(retried.lastError == "connection refused")
        try await store.markFailed(messageID: message.id, error: "gone", retryAt: nil)
        #expect(try await store.message(id: message.id)?.state == .abandoned)
        #expect(try await store.pendingMessageCount() == 0)
    }

    /// A message whose outcome the store cannot record (another process holds the write lock, a
    /// full disk) is held back: not sent again at every poll while the store fails.
    @Test func aMessageWhoseOutcomeCannotBeRecordedIsNotDueAgainAtOnce() async throws {
        let store = try SQLiteStore(path: path)
        try await store.enqueue([
            NewOutboxMessage(tenant: "acme", clientID: "c1", kind: "k", body: "delivered"),
            NewOutboxMessage(tenant: "acme", clientID: "c1", kind: "k", body: "failed"),
        ])
        let now = Date()
        let due = try await store.dueMessages(now: now.addingTimeInterval(1), limit: 10)
        #expect(due.count == 2)
        let other = try SQLiteConnection(path: path)
        try other.execute("BEGIN IMMEDIATE")
        await #expect(throws: StoreError.self) { try await store.markDelivered(messageID: due[0].id) }
        await #expect(throws: StoreError.self) { try await store.markFailed(messageID: due[1].id, error: "refused", retryAt: now.addingTimeInterval(60)) }
        try other.execute("ROLLBACK")
        #expect(try await store.dueMessages(now: now.addingTimeInterval(2), limit: 10).isEmpty, "a message was due again while its outcome was unrecorded")
        let retried = try await store.dueMessages(now: now.addingTimeInterval(61), limit: 10)
        #expect(retried.map(\.body) == ["failed"], "the failed one is due at its retry time, the delivered one not in this process")
    }

    /// A gateway and a command opening a new database at the same moment both find the schema
    /// applied once: each migration reads the schema version inside its own write transaction.
    @Test func storesOpenedTogetherOnANewDatabaseApplyEachMigrationOnce() throws {
        for round in 0..<20 {
            let file = directory.appendingPathComponent("race-\(round).sqlite").path
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                do {
                    _ = try SQLiteStore(path: file)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty, "round \(round): \(failures.withLock { $0 })")
            let version = try SQLiteConnection(path: file).query("PRAGMA user_version").first?.integer(0)
            #expect(version == Int64(SQLiteSchema.migrations.count))
        }
    }

    /// A file that is not an SQLite database is named, with what to do.
    @Test func aFileThatIsNotADatabaseIsNamedWithWhatToDo() throws {
        try String(repeating: "not a database ", count: 100).write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            let message = "\(error)"
            return message.contains(path) && message.contains("store restore")
        }
    }

    /// A store a newer Tsunagu migrated further is refused with what to do, not written as if
    /// it were current (later migrations keep tables this version does not fill).
    @Test func aStoreFromANewerVersionIsRefused() throws {
        _ = try SQLiteStore(path: path)
        let newer = SQLiteSchema.migrations.count + 1
        try SQLiteConnection(path: path).execute("PRAGMA user_version = \(newer)")
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            let message = "\(error)"
            return message.contains("newer Tsunagu") && message.contains("schema version \(newer)")
        }
    }

    /// A subject's entries come in the order things happened, not the order they were written:
    /// a message given up is written at once, the relay steps before it after the trail's flush.
    @Test func aSubjectsEntriesComeInTheOrderTheyHappened() async throws {
        let store = try SQLiteStore(path: path)
        let now = Date()
        func entry(_ action: String, _ time: Date) -> AuditEntry {
            AuditEntry(time: time, tenant: "acme", actor: "buyer", ecosystem: "pact", action: action, subject: "r1", detail: [:])
        }
        try await store.appendAudit(entry("delivery.abandoned", now.addingTimeInterval(0.2)))
        try await store.appendAudit([entry("relay.fetching", now), entry("relay.failed", now.addingTimeInterval(0.1))])
        #expect(try await store.auditEntries(subject: "r1").map(\.action) == ["relay.fetching", "relay.failed", "delivery.abandoned"])
    }

    /// Entries of one action are found behind any number of newer entries of others.
    @Test func entriesOfAnActionAreFoundBehindNewerOthers() async throws {
        let store = try SQLiteStore(path: path)
        try await store.appendAudit(AuditEntry(time: Date(), tenant: "a", actor: "c", ecosystem: "pact", action: "relay.delivered", subject: "old", detail: [:]))
        try await store.appendAudit((0..<1500).map { AuditEntry(time: Date(), tenant: "a", actor: "c", ecosystem: "pact", action: "release", subject: "r\($0)", detail: [:]) })
        #expect(try await store.auditEntries(matching: AuditQuery(action: .startingWith("relay."), limit: 5)).map(\.subject) == ["old"])
        #expect(try await store.auditEntries(matching: AuditQuery(tenant: "a", action: .startingWith("rel"), limit: 2)).count == 2)
        #expect(try await store.auditEntries(matching: AuditQuery(action: .startingWith("relay_"), limit: 5)).isEmpty, "'_' is not a wildcard")
        #expect(try await store.auditEntries(matching: AuditQuery(action: .exactly("relay."), limit: 5)).isEmpty)
        #expect(try await store.auditEntries(matching: AuditQuery(tenant: "b", limit: 5)).isEmpty)
    }

    /// An exact action leaves out longer ones; a time window keeps the entries inside it.
    @Test func entriesAreFilteredByExactActionAndTime() async throws {
        let store = try SQLiteStore(path: path)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func entry(_ action: String, _ minute: Double) -> AuditEntry {
            AuditEntry(time: start.addingTimeInterval(minute * 60), tenant: "a", actor: "c", ecosystem: "pact", action: action, subject: "\(action)@\(Int(minute))", detail: [:])
        }
        try await store.appendAudit([entry("release", 0), entry("release.failed", 1), entry("release", 2), entry("release", 3)])
        #expect(try await store.auditEntries(matching: AuditQuery(action: .exactly("release"), limit: 10)).map(\.subject) == ["release@3", "release@2", "release@0"])
        let window = AuditQuery(action: .startingWith("release"), since: start.addingTimeInterval(60), until: start.addingTimeInterval(180), limit: 10)
        #expect(try await store.auditEntries(matching: window).map(\.subject) == ["release@2", "release.failed@1"])
    }

    @Test func auditEntriesComeBackNewestFirstPerTenant() async throws {
        let store = try SQLiteStore(path: path)
        for (index, tenant) in ["a", "b", "a"].enumerated() {
            try await store.appendAudit(AuditEntry(time: Date(), tenant: tenant, actor: "c", ecosystem: "pact", action: "release", subject: "s\(index)", detail: ["n": .number(JSONNumber(index))]))
        }
        let entries = try await store.auditEntries(tenant: "a", limit: 10)
        #expect(entries.map(\.subject) == ["s2", "s0"])
        #expect(entries.first?.detail["n"] == 2)
    }
}
