import Foundation

/// What pruning the store removed (or, in a dry run, would remove).
public struct PruneCounts: Sendable, Equatable {
    /// Outbox messages delivered or given up.
    public var outboxMessages = 0
    /// Received PACT events (their ids no longer tell a repeat from a new event).
    public var receivedEvents = 0
    /// Finished relay requests, each with its transitions and its Ouranos trade.
    public var relayRequests = 0
    /// The transitions of those requests.
    public var relayTransitions = 0
    /// The Ouranos trades of those requests, and those from before the cutoff whose relay
    /// request was never recorded.
    public var ouranosTrades = 0
    /// Audit entries (only when asked for).
    public var auditEntries = 0

    public init() {}
}

extension SQLiteStore {
    /// Removes what the gateway no longer needs from before `cutoff`: outbox messages delivered or
    /// given up, received PACT events, and finished relay requests (last changed before `cutoff`)
    /// with their transitions and Ouranos trades; Ouranos trades from before `cutoff` whose relay
    /// request was never recorded (the gateway stopped between the two writes, or could not
    /// remove a trade the relay did not take); audit entries too when `audit`. Pending
    /// messages, unfinished requests, footprints, parts, partners, clients and tenants stay.
    ///
    /// Run it while no gateway serves the store: a running gateway keeps finished Catena-X
    /// requests in memory to send their updates, and would not see them go. After the cutoff, a
    /// repeated event or request is taken as new.
    /// - Parameter dryRun: count only, remove nothing.
    public func prune(before cutoff: Date, audit: Bool, dryRun: Bool) throws(StoreError) -> PruneCounts {
        let time = SQLiteValue.time(cutoff)
        let finishedRequests = "SELECT id FROM relay_requests WHERE finished = 1 AND updated < ?"
        let statements: [(keyPath: WritableKeyPath<PruneCounts, Int>, table: String, condition: String)] = [
            (\.outboxMessages, "outbox", "state IN ('delivered', 'abandoned') AND created < ?"),
            (\.receivedEvents, "received_events", "received < ?"),
            (
                \.ouranosTrades, "ouranos_trades",
                "relay_request_id IN (\(finishedRequests)) OR (created < ? AND relay_request_id NOT IN (SELECT id FROM relay_requests))"
            ),
            (\.relayTransitions, "relay_transitions", "request_id IN (\(finishedRequests))"),
            (\.relayRequests, "relay_requests", "finished = 1 AND updated < ?"),
        ] + (audit ? [(\.auditEntries, "audit", "time < ?")] : [])
        let prune = { () throws(StoreError) -> PruneCounts in
            var counts = PruneCounts()
            // Trades and transitions go before the requests they point at, in one transaction.
            for statement in statements {
                // Every parameter of a condition is the cutoff.
                let times = Array(repeating: time, count: statement.condition.filter { $0 == "?" }.count)
                let count = try self.connection.query("SELECT COUNT(*) FROM \(statement.table) WHERE \(statement.condition)", times).first?.integer(0) ?? 0
                counts[keyPath: statement.keyPath] = Int(count)
                if !dryRun, count > 0 {
                    try self.connection.query("DELETE FROM \(statement.table) WHERE \(statement.condition)", times)
                }
            }
            return counts
        }
        return dryRun ? try prune() : try connection.transaction(prune)
    }

    /// Rewrites the database file without the space pruned rows left free, and folds the
    /// write-ahead log into it at once (a process that ends right after would leave the rewritten
    /// pages in the log, the file as large as before).
    public func vacuum() throws(StoreError) {
        try connection.execute("VACUUM")
        // The background checkpoint that the rewrite's commit started must end first: while it
        // runs, a truncating checkpoint gives up.
        connection.checkpointer?.drain()
        let outcome = try connection.query("PRAGMA wal_checkpoint(TRUNCATE)").first
        guard outcome?.integer(0) == 0 else {
            throw StoreError.unavailable("the database was rewritten, but its log could not be folded into the file (a reader holds it): run the command again with no gateway on the folder")
        }
    }
}
