import Foundation
import Logging
import Synchronization
import Testing
import TsunaguStore

@testable import TsunaguGateway

/// The audit trail loses nothing when the store refuses a write for a while, and `recordNow`
/// reports a refusal to its caller instead of queueing.
@Suite struct AuditTrailTests {
    /// A stand-in for the store's `appendAudit` that refuses while `failing` is set.
    final class FlakyAuditLog: Sendable {
        let failing = Mutex(true)
        let written = Mutex<[String]>([])

        func write(_ entries: [AuditEntry]) throws(StoreError) {
            if failing.withLock({ $0 }) { throw StoreError.unavailable("disk full") }
            written.withLock { $0 += entries.map(\.subject) }
        }
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "audit-test")
        logger.logLevel = .critical
        return logger
    }()

    static func entry(_ subject: String) -> AuditEntry {
        AuditEntry(time: Date(), tenant: "acme", actor: "test", ecosystem: "pact", action: "test.recorded", subject: subject, detail: [:])
    }

    @Test func entriesTheStoreRefusesAreWrittenByTheNextFlushInOrder() async {
        let log = FlakyAuditLog()
        let trail = AuditTrail(writing: { entries throws(StoreError) in try log.write(entries) }, logger: Self.quietLogger)
        await trail.record(Self.entry("first"))
        await trail.record(Self.entry("second"))
        await trail.flush()
        #expect(log.written.withLock { $0 }.isEmpty)
        await trail.record(Self.entry("third"))
        log.failing.withLock { $0 = false }
        await trail.flush()
        #expect(log.written.withLock { $0 } == ["first", "second", "third"])
        await trail.flush()
        #expect(log.written.withLock { $0 }.count == 3, "written once")
    }

    @Test func recordNowThrowsWhenTheStoreRefusesAndWritesAtOnceOtherwise() async throws {
        let log = FlakyAuditLog()
        let trail = AuditTrail(writing: { entries throws(StoreError) in try log.write(entries) }, logger: Self.quietLogger)
        await #expect(throws: StoreError.self) { try await trail.recordNow([Self.entry("refused")]) }
        log.failing.withLock { $0 = false }
        try await trail.recordNow([Self.entry("kept")])
        #expect(log.written.withLock { $0 } == ["kept"], "written before recordNow returns, and the refused entry is the caller's to report")
    }
}
