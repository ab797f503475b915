import Foundation
import Logging
import ServiceLifecycle
import TsunaguCore
import TsunaguStore

/// Collects audit entries from request handlers and writes them to the store in batches, off
/// the request path. Runs as a service: on shutdown it writes what it still holds.
public actor AuditTrail: Service {
    /// Writes entries in one transaction (the store's `appendAudit`).
    typealias Writer = @Sendable ([AuditEntry]) async throws(StoreError) -> Void

    private let write: Writer
    private let logger: Logger
    private var buffer: [AuditEntry] = []
    private var flushInterval: Duration

    /// Creates a trail writing to `store`.
    public init(store: any GatewayStore, logger: Logger, flushInterval: Duration = .milliseconds(200)) {
        self.init(writing: { entries throws(StoreError) in try await store.appendAudit(entries) }, logger: logger, flushInterval: flushInterval)
    }

    /// Creates a trail that writes through `write` (tests stand in a store that fails).
    init(writing write: @escaping Writer, logger: Logger, flushInterval: Duration = .milliseconds(200)) {
        self.write = write
        self.logger = logger
        self.flushInterval = flushInterval
    }

    /// Queues `entry`; it is written within the flush interval.
    public func record(_ entry: AuditEntry) {
        buffer.append(entry)
    }

    /// Writes `entries` before returning, for an acknowledgement whose only durable trace they are.
    /// - Throws: the store's error; the entries are then not written.
    public func recordNow(_ entries: [AuditEntry]) async throws(StoreError) {
        try await write(entries)
    }

    /// Writes every queued entry now. Entries the store refuses stay queued for the next flush
    /// (the newest ``maximumQueued`` of them, so a store that stays down cannot exhaust memory).
    public func flush() async {
        let entries = buffer
        buffer = []
        guard !entries.isEmpty else { return }
        do {
            try await write(entries)
        } catch {
            // Entries recorded while the write was under way come after these.
            let pending = entries + buffer
            buffer = Array(pending.suffix(Self.maximumQueued))
            logger.error("audit entries could not be written; kept for the next flush", metadata: [
                "error": "\(error)", "count": "\(entries.count)", "dropped": "\(pending.count - buffer.count)",
            ])
        }
    }

    /// The most entries kept while the store refuses them.
    public static let maximumQueued = 100_000

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: flushInterval)
            await flush()
        }
        await flush()
    }
}
