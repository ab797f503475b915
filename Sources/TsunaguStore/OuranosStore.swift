/// What the gateway keeps for Ouranos-side companies: the parts they register and the CFP trade
/// requests they make (schema migration 3). ``SQLiteStore`` implements it.
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
    /// The trade requests `downstreamOperatorID` made to `tenant`, newest first.
    func ouranosTrades(tenant: String, downstreamOperatorID: String) async throws(StoreError) -> [StoredOuranosTrade]
}
