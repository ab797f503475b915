import Foundation

/// What the gateway keeps for Ouranos-side companies: the parts they register and the CFP trade
/// requests they make (schema migration 3); and for Ouranos partners the gateway asks, the trade
/// requests it opened and still polls (schema migration 6). ``SQLiteStore`` implements it.
public protocol OuranosStore: Sendable {
    /// Writes a parent part and, when `children` is given, makes exactly those parts its
    /// children (earlier children are detached, not deleted), in one transaction. Parts are
    /// inserted or replaced by trace id.
    /// - Throws: not found when the tenant does not exist; a conflict when a trace id belongs to
    ///   another tenant or operator.
    func registerOuranosParts(parent: StoredOuranosPart, children: [StoredOuranosPart]?) async throws(StoreError)
    /// The part with `traceID` of `tenant`, if any.
    func ouranosPart(traceID: String, tenant: String) async throws(StoreError) -> StoredOuranosPart?
    /// Records a trade request. - Throws: a conflict when its trade or status id is taken.
    func addOuranosTrade(_ trade: StoredOuranosTrade) async throws(StoreError)
    /// Forgets the trade request `tradeID` of `tenant` (nothing happens when there is none): a
    /// trade whose relay request was never accepted, so that nothing lists it.
    func removeOuranosTrade(tradeID: String, tenant: String) async throws(StoreError)
    /// The trade requests `downstreamOperatorID` made to `tenant`, newest first.
    func ouranosTrades(tenant: String, downstreamOperatorID: String) async throws(StoreError) -> [StoredOuranosTrade]

    /// Records the trade opened for `trade.relayRequestID` at `trade.partner`, replacing one
    /// recorded before for the same relay request and partner.
    func saveOpenedOuranosTrade(_ trade: OpenedOuranosTrade) async throws(StoreError)
    /// The trade opened for `relayRequestID` at `partner`, if one is recorded.
    func openedOuranosTrade(relayRequestID: String, partner: String) async throws(StoreError) -> OpenedOuranosTrade?
    /// Forgets the trade opened for `relayRequestID` at `partner` (nothing happens when there is none).
    func removeOpenedOuranosTrade(relayRequestID: String, partner: String) async throws(StoreError)
    /// Forgets every trade opened before `date`.
    /// - Returns: how many were forgotten.
    @discardableResult
    func removeOpenedOuranosTrades(startedBefore date: Date) async throws(StoreError) -> Int
}
