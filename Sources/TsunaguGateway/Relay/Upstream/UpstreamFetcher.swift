import Foundation
import TsunaguRelay

/// Fetches a footprint from an upstream partner of one ecosystem, in the partner's own protocol
/// and data model. One fetcher serves every partner of its ecosystem.
public protocol UpstreamFetcher: Sendable {
    /// Asks `partner` for the footprint `query` names, giving up at `deadline`.
    /// - Parameters:
    ///   - relayRequestID: the relay request the fetch serves; protocols that answer later (a
    ///     Catena-X partner's PUT) carry it as their request id, so the answer finds its request
    ///     through ``RelayWorker/upstreamDelivered(relayRequestID:partner:document:)``.
    ///   - attempt: the attempt number, from 1.
    /// - Returns: the document, ``UpstreamFetchOutcome/awaitingDelivery`` when the partner answers
    ///   later, or the failure (never throws: every failure is classified for retry and answer).
    func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome

    /// Whether partners answer after the call, through the gateway's inbound API (a Catena-X
    /// partner's PUT) or through a later look the fetcher takes itself (an Ouranos trade request
    /// answered by a person, handed to a ``LaterAnswerSink``), rather than in the call's response.
    /// Such a partner is waited for until `relayLaterAnswerDeadlineSeconds`. The relay starts a
    /// first fetch while it stores the request only when the answer comes back in the response:
    /// an answer arriving later must find the request stored.
    var answersLater: Bool { get }
}

extension UpstreamFetcher {
    /// Partners answer in the call's response unless a fetcher says otherwise.
    public var answersLater: Bool { false }
}

/// What a fetch came back with.
public enum UpstreamFetchOutcome: Sendable, Hashable {
    /// The footprint, in the partner's data model.
    case document(RelayDocument)
    /// The partner accepted the request and answers later (through the gateway's inbound API, or
    /// handed to the relay worker by the fetcher when it sees the answer).
    case awaitingDelivery
    /// The fetch failed; the kind decides whether it is retried.
    case failure(UpstreamFailure)
}
