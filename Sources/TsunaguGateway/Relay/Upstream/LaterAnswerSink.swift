import TsunaguRelay

/// Where a fetcher hands an answer that came after its fetch returned
/// ``UpstreamFetchOutcome/awaitingDelivery``: the relay worker, which applies it to the request
/// that waits for it. A fetcher that watches a partner for such answers (an Ouranos trade request
/// answered hours later) asks it first whether the request still waits.
public protocol LaterAnswerSink: Sendable {
    /// The partner's document for the relay request; see ``RelayWorker/upstreamDelivered(relayRequestID:partner:document:)``.
    func upstreamDelivered(relayRequestID: String, partner: String, document: RelayDocument) async -> EventOutcome

    /// The partner's final refusal of the relay request's fetch (a trade request sent back);
    /// `.notApplicable` unless the request is fetching from that partner.
    func upstreamFailed(relayRequestID: String, partner: String, failure: UpstreamFailure) async -> EventOutcome

    /// Whether the relay request still waits for `partner`: it is under way, fetching from it or
    /// about to try it again, and its deadline has not passed.
    func awaitsUpstream(relayRequestID: String, partner: String) async -> Bool
}
