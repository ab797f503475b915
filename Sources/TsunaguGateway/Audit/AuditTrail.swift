import Foundation
import Logging
import ServiceLifecycle
import TsunaguCore
import TsunaguStore

/// Collects audit entries from request handlers and writes them to the store in batches, off
/// the request path. Runs as a service: on shutdown it writes what it still holds.
public actor AuditTrail: Service {
    private let store: any GatewayStore
    private let logger: Logger
    private var buffer: [AuditEntry] = []
    private var flushInterval: Duration

    /// Creates a trail writing to `store`.
    public init(store: any GatewayStore, logger: Logger, flushInterval: Duration = .milliseconds(200)) {
        self.store = store
        self.logger = logger
        self.flushInterval = flushInterval
    }

    /// Queues `entry`; it is written within the flush interval.
    public func record(_ entry: AuditEntry) {
        buffer.append(entry)
    }

    /// Writes every queued entry now.
    public func flush() async {
        let entries = buffer
        buffer = []
        guard !entries.isEmpty else { return }
        do {
            try await store.appendAudit(entries)
        } catch {
            logger.error("audit entries could not be written", metadata: ["error": "\(error)", "count": "\(entries.count)"])
        }
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: flushInterval)
            await flush()
        }
        await flush()
    }
}
