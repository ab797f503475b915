import Foundation

/// The trade requests the gateway opened at Ouranos partners (table `ouranos_opened_trades`).
extension SQLiteStore {
    public func saveOpenedOuranosTrade(_ trade: OpenedOuranosTrade) throws(StoreError) {
        try connection.query(
            """
            INSERT OR REPLACE INTO ouranos_opened_trades (relay_request_id, partner, status_id, trace_id, supplier, product_id, started)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(trade.relayRequestID), .text(trade.partner), .text(trade.statusID), .text(trade.traceID), .text(trade.supplier),
                .text(trade.productID), .time(trade.started),
            ]
        )
    }

    public func openedOuranosTrade(relayRequestID: String, partner: String) throws(StoreError) -> OpenedOuranosTrade? {
        try connection.query(
            """
            SELECT relay_request_id, partner, status_id, trace_id, supplier, product_id, started FROM ouranos_opened_trades
            WHERE relay_request_id = ? AND partner = ?
            """,
            [.text(relayRequestID), .text(partner)]
        ).first.map { row in
            OpenedOuranosTrade(
                relayRequestID: row.text(0) ?? "", partner: row.text(1) ?? "", statusID: row.text(2) ?? "", traceID: row.text(3) ?? "",
                supplier: row.text(4) ?? "", productID: row.text(5) ?? "", started: row.date(6)
            )
        }
    }

    public func removeOpenedOuranosTrade(relayRequestID: String, partner: String) throws(StoreError) {
        try connection.query("DELETE FROM ouranos_opened_trades WHERE relay_request_id = ? AND partner = ?", [.text(relayRequestID), .text(partner)])
    }

    @discardableResult
    public func removeOpenedOuranosTrades(startedBefore date: Date) throws(StoreError) -> Int {
        try connection.query("DELETE FROM ouranos_opened_trades WHERE started < ?", [.time(date)])
        return connection.changes
    }
}
