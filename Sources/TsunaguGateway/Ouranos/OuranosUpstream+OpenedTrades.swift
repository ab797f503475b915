import Foundation
import Logging
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
import TsunaguStore

/// The trades ``OuranosUpstream`` opened for relay requests, kept in the store until each fetch
/// reaches its final outcome.
extension OuranosUpstream {
    /// The trade opened for `key` and not yet ended: one this process could not record, else the
    /// store's, unless older than ``tradeLifetime`` (those are forgotten here).
    func pendingTrade(_ key: PendingTradeKey) async throws(StoreError) -> PendingTrade? {
        let oldest = Date().addingTimeInterval(-tradeLifetime)
        unrecorded = unrecorded.filter { $0.value.started > oldest }
        if let kept = unrecorded[key] { return kept }
        try await store.removeOpenedOuranosTrades(startedBefore: oldest)
        guard let stored = try await store.openedOuranosTrade(relayRequestID: key.relayRequestID, partner: key.partner) else { return nil }
        guard let json = try? JSONParser().parse(stored.supplier), let supplier = try? OuranosOperator(json: json) else {
            throw StoreError.failed("the recorded trade \(stored.statusID) of relay request \(key.relayRequestID) names no readable supplier")
        }
        return PendingTrade(
            partner: stored.partner, statusID: stored.statusID, traceID: stored.traceID, supplier: supplier, productID: stored.productID, started: stored.started
        )
    }

    /// Records a trade just opened; when the store fails, keeps it for this process's retries and
    /// returns the transient failure the attempt ends in.
    func record(_ trade: PendingTrade, _ key: PendingTradeKey) async -> UpstreamFailure? {
        do {
            try await store.saveOpenedOuranosTrade(OpenedOuranosTrade(
                relayRequestID: key.relayRequestID, partner: key.partner, statusID: trade.statusID, traceID: trade.traceID,
                supplier: trade.supplier.json.jsonText, productID: trade.productID, started: trade.started
            ))
            unrecorded[key] = nil
            return nil
        } catch {
            unrecorded[key] = trade
            logger.error(
                "Ouranos trade request opened but not recorded; retries in this process poll it, a restart before it is recorded opens another",
                metadata: ["request": "\(key.relayRequestID)", "partner": "\(key.partner)", "status": "\(trade.statusID)", "error": "\(error)"]
            )
            return UpstreamFailure(
                .unavailable, "trade request \(trade.statusID) opened at partner '\(key.partner)' could not be recorded in the gateway's store: \(error)"
            )
        }
    }

    /// Forgets the trade of a fetch that reached its final outcome; one the store keeps by
    /// mistake expires after ``tradeLifetime``.
    func forget(_ key: PendingTradeKey) async {
        unrecorded[key] = nil
        do {
            try await store.removeOpenedOuranosTrade(relayRequestID: key.relayRequestID, partner: key.partner)
        } catch {
            logger.warning("ended Ouranos trade request could not be forgotten; it expires", metadata: ["request": "\(key.relayRequestID)", "error": "\(error)"])
        }
    }
}
