import Foundation
import Testing
import TsunaguCore
@testable import TsunaguStore

/// Pruning removes only what the gateway no longer needs, and only from before the cutoff.
@Suite struct SQLiteStoreRetentionTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var path: String { directory.appendingPathComponent("tsunagu.sqlite").path }

    let old = Date(timeIntervalSince1970: 1_700_000_000)
    let cutoff = Date(timeIntervalSince1970: 1_750_000_000)
    let recent = Date(timeIntervalSince1970: 1_760_000_000)

    /// A store with, for each kind of row, one from before the cutoff and one after, in every state.
    func filledStore() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: old)
        for (name, time) in [("old", old), ("recent", recent)] {
            let event = ReceivedEvent(tenant: "acme", clientID: "c1", type: "t", source: "//s", eventID: "e-\(name)", body: "{}", received: time)
            #expect(try await store.acceptEvent(event, replies: []))
            try await store.appendAudit(AuditEntry(time: time, tenant: "acme", actor: "a", ecosystem: "pact", action: "release", subject: name, detail: .null))
        }
        try await store.enqueue(["delivered", "abandoned", "pending"].map { NewOutboxMessage(tenant: "acme", clientID: "c1", kind: "k", body: $0) })
        try await store.enqueue(["delivered-recent"].map { NewOutboxMessage(tenant: "acme", clientID: "c1", kind: "k", body: $0) })
        let connection = try SQLiteConnection(path: path)
        try connection.query("UPDATE outbox SET state = 'delivered' WHERE body IN ('delivered', 'delivered-recent')")
        try connection.query("UPDATE outbox SET state = 'abandoned' WHERE body = 'abandoned'")
        try connection.query("UPDATE outbox SET created = ? WHERE body <> 'delivered-recent'", [.time(old)])
        for (id, finished, updated) in [("finished-old", 1, old), ("finished-recent", 1, recent), ("unfinished-old", 0, old)] {
            try connection.query(
                "INSERT INTO relay_requests (id, tenant, state, finished, version, deadline, received, updated, snapshot) VALUES (?, 'acme', 'x', ?, 2, ?, ?, ?, '{}')",
                [.text(id), .integer(Int64(finished)), .time(updated), .time(updated), .time(updated)])
            for version in [1, 2] {
                try connection.query(
                    "INSERT INTO relay_transitions (request_id, version, time, from_state, to_state, detail) VALUES (?, ?, ?, 'a', 'b', '{}')",
                    [.text(id), .integer(Int64(version)), .time(updated)])
            }
            try connection.query(
                """
                INSERT INTO ouranos_trades (trade_id, status_id, tenant, relay_request_id, downstream_operator_id, upstream_operator_id,
                    downstream_trace_id, response_due_date, created) VALUES (?, ?, 'acme', ?, 'd', 'u', 't', '2026-01-01', ?)
                """,
                [.text("trade-\(id)"), .text("status-\(id)"), .text(id), .time(updated)])
        }
        return store
    }

    func count(_ table: String, _ condition: String = "1") throws -> Int64 {
        try SQLiteConnection(path: path).query("SELECT COUNT(*) FROM \(table) WHERE \(condition)").first?.integer(0) ?? -1
    }

    /// Vacuuming after pruning gives the space back at once: the file shrinks and the write-ahead
    /// log is emptied, whether or not the process goes on running.
    @Test func vacuumingGivesTheSpaceBack() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: old)
        let padding = String(repeating: "x", count: 2_000)
        try await store.appendAudit((0..<3_000).map { index in
            AuditEntry(time: old, tenant: "acme", actor: "a", ecosystem: "pact", action: "release", subject: "\(index)", detail: .string(padding))
        })
        let size = { (file: String) in ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0 }
        let before = size(path) + size(path + "-wal")
        #expect(before > 5_000_000)
        let counts = try await store.prune(before: cutoff, audit: true, dryRun: false)
        #expect(counts.auditEntries == 3_000)
        try await store.vacuum()
        #expect(size(path + "-wal") == 0, "the log is folded into the file")
        #expect(size(path) < before / 10, "the file gave the space back: \(size(path)) of \(before) bytes")
    }

    @Test func aDryRunCountsWithoutRemoving() async throws {
        let store = try await filledStore()
        let counts = try await store.prune(before: cutoff, audit: true, dryRun: true)
        var expected = PruneCounts()
        expected.outboxMessages = 2
        expected.receivedEvents = 1
        expected.relayRequests = 1
        expected.relayTransitions = 2
        expected.ouranosTrades = 1
        expected.auditEntries = 1
        #expect(counts == expected)
        #expect(try count("outbox") == 4 && count("received_events") == 2 && count("relay_requests") == 3 && count("audit") == 2)
    }

    @Test func pruningKeepsWhatIsPendingUnfinishedOrRecent() async throws {
        let store = try await filledStore()
        let counts = try await store.prune(before: cutoff, audit: false, dryRun: false)
        #expect(counts.outboxMessages == 2 && counts.relayRequests == 1 && counts.auditEntries == 0)
        #expect(try count("outbox", "body = 'pending'") == 1, "a pending message is never pruned, however old")
        #expect(try count("outbox") == 2)
        #expect(try count("received_events") == 1 && count("received_events", "event_id = 'e-recent'") == 1)
        #expect(try count("relay_requests", "id = 'unfinished-old'") == 1, "an unfinished request is never pruned")
        #expect(try count("relay_requests", "id = 'finished-recent'") == 1)
        #expect(try count("relay_requests", "id = 'finished-old'") == 0)
        #expect(try count("relay_transitions", "request_id = 'finished-old'") == 0)
        #expect(try count("relay_transitions") == 4)
        #expect(try count("ouranos_trades", "relay_request_id = 'finished-old'") == 0)
        #expect(try count("ouranos_trades") == 2)
        #expect(try count("audit") == 2, "audit entries stay unless asked for")
        _ = try await store.prune(before: cutoff, audit: true, dryRun: false)
        #expect(try count("audit") == 1 && count("audit", "subject = 'recent'") == 1)
        try await store.vacuum()
        #expect(try await store.tenants().map(\.name) == ["acme"])
    }

    /// A trade whose relay request was never recorded goes once it is older than the cutoff:
    /// no finished relay request would ever take it along.
    @Test func aTradeWithoutARelayRequestIsPrunedAfterTheCutoff() async throws {
        let store = try await filledStore()
        let connection = try SQLiteConnection(path: path)
        for (name, time) in [("orphan-old", old), ("orphan-recent", recent)] {
            try connection.query(
                """
                INSERT INTO ouranos_trades (trade_id, status_id, tenant, relay_request_id, downstream_operator_id, upstream_operator_id,
                    downstream_trace_id, response_due_date, created) VALUES (?, ?, 'acme', ?, 'd', 'u', 't', '2026-01-01', ?)
                """,
                [.text("trade-\(name)"), .text("status-\(name)"), .text("never-recorded-\(name)"), .time(time)])
        }
        #expect(try await store.prune(before: cutoff, audit: false, dryRun: true).ouranosTrades == 2)
        #expect(try await store.prune(before: cutoff, audit: false, dryRun: false).ouranosTrades == 2)
        #expect(try count("ouranos_trades", "trade_id IN ('trade-orphan-old', 'trade-finished-old')") == 0)
        #expect(try count("ouranos_trades", "trade_id IN ('trade-orphan-recent', 'trade-finished-recent', 'trade-unfinished-old')") == 3)
    }
}
