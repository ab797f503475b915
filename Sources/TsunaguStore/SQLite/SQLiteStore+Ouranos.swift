import Foundation

extension SQLiteStore: OuranosStore {
    public func registerOuranosParts(parent: StoredOuranosPart, children: [StoredOuranosPart]?) throws(StoreError) {
        guard try tenant(named: parent.tenant) != nil else { throw StoreError.notFound("tenant '\(parent.tenant)' does not exist") }
        try connection.transaction { () throws(StoreError) in
            try write(parent)
            guard let children else { return }
            try connection.query(
                "UPDATE ouranos_parts SET parent_trace_id = NULL WHERE tenant = ? AND parent_trace_id = ?", [.text(parent.tenant), .text(parent.traceID)]
            )
            for child in children { try write(child) }
        }
    }

    public func ouranosPart(traceID: String, tenant: String) throws(StoreError) -> StoredOuranosPart? {
        try connection.query(
            "SELECT trace_id, tenant, operator_id, parent_trace_id, document, created FROM ouranos_parts WHERE trace_id = ? AND tenant = ?",
            [.text(traceID), .text(tenant)]
        ).first.map { row in
            StoredOuranosPart(
                tenant: row.text(1) ?? "", traceID: row.text(0) ?? "", operatorID: row.text(2) ?? "", parentTraceID: row.text(3),
                document: row.text(4) ?? "", created: row.date(5)
            )
        }
    }

    public func addOuranosTrade(_ trade: StoredOuranosTrade) throws(StoreError) {
        guard try tenant(named: trade.tenant) != nil else { throw StoreError.notFound("tenant '\(trade.tenant)' does not exist") }
        try connection.query(
            """
            INSERT OR IGNORE INTO ouranos_trades (trade_id, status_id, tenant, relay_request_id, downstream_operator_id, upstream_operator_id,
                downstream_trace_id, message, response_due_date, created)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(trade.tradeID), .text(trade.statusID), .text(trade.tenant), .text(trade.relayRequestID), .text(trade.downstreamOperatorID),
                .text(trade.upstreamOperatorID), .text(trade.downstreamTraceID), trade.message.map(SQLiteValue.text) ?? .null,
                .text(trade.responseDueDate), .time(trade.created),
            ]
        )
        guard connection.changes == 1 else { throw StoreError.conflict("trade '\(trade.tradeID)' or status '\(trade.statusID)' already exists") }
    }

    public func removeOuranosTrade(tradeID: String, tenant: String) throws(StoreError) {
        try connection.query("DELETE FROM ouranos_trades WHERE trade_id = ? AND tenant = ?", [.text(tradeID), .text(tenant)])
    }

    public func ouranosTrades(tenant: String, downstreamOperatorID: String) throws(StoreError) -> [StoredOuranosTrade] {
        try connection.query(
            """
            SELECT trade_id, status_id, tenant, relay_request_id, downstream_operator_id, upstream_operator_id, downstream_trace_id, message,
                response_due_date, created
            FROM ouranos_trades WHERE tenant = ? AND downstream_operator_id = ? ORDER BY sequence DESC
            """,
            [.text(tenant), .text(downstreamOperatorID)]
        ).map { row in
            StoredOuranosTrade(
                tenant: row.text(2) ?? "", tradeID: row.text(0) ?? "", statusID: row.text(1) ?? "", relayRequestID: row.text(3) ?? "",
                downstreamOperatorID: row.text(4) ?? "", upstreamOperatorID: row.text(5) ?? "", downstreamTraceID: row.text(6) ?? "",
                message: row.text(7), responseDueDate: row.text(8) ?? "", created: row.date(9)
            )
        }
    }

    /// Inserts or replaces a part, refusing to take over a trace id of another tenant or operator.
    private func write(_ part: StoredOuranosPart) throws(StoreError) {
        let owner = try connection.query("SELECT tenant, operator_id FROM ouranos_parts WHERE trace_id = ?", [.text(part.traceID)]).first
        if let owner, owner.text(0) != part.tenant || owner.text(1) != part.operatorID {
            throw StoreError.conflict("trace id '\(part.traceID)' belongs to another operator")
        }
        try connection.query(
            """
            INSERT INTO ouranos_parts (trace_id, tenant, operator_id, parent_trace_id, document, created) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (trace_id) DO UPDATE SET parent_trace_id = COALESCE(excluded.parent_trace_id, ouranos_parts.parent_trace_id), document = excluded.document
            """,
            [
                .text(part.traceID), .text(part.tenant), .text(part.operatorID), part.parentTraceID.map(SQLiteValue.text) ?? .null,
                .text(part.document), .time(part.created),
            ]
        )
    }
}
