import Foundation

/// Where a relay request is in its lifecycle; each non-terminal state waits for one event.
///
/// ```
/// received ─authorised→ authorised ─routed→ fetching ─fetched→ translating ─translated→
/// checkingPolicy ─policyPermitted→ policyChecked ─rendered→ delivered
/// fetching ─fetchFailed (transient, time left)→ backingOff ─retryDue→ fetching
/// backingOff ─fetched (a late answer to an earlier attempt)→ translating
/// any non-terminal state → rejected | failed | expired
/// ```
public enum RelayState: Sendable, Hashable, Codable {
    /// Accepted and stored; waiting for the requester to be authorised.
    case received
    /// The requester may ask; waiting for the routing decision.
    case authorised
    /// Attempt number `attempt` to fetch the footprint from `source` is under way.
    case fetching(source: RelaySource, attempt: Int)
    /// Attempt `attempt` failed transiently; the next one starts at `retryAt`.
    case backingOff(source: RelaySource, attempt: Int, retryAt: Date)
    /// The footprint arrived from `source`; waiting for its translation into the canonical form.
    case translating(source: RelaySource, upstream: RelayDocument)
    /// The canonical footprint waits for the data owner's usage-policy decision.
    case checkingPolicy(source: RelaySource, canonical: RelayDocument, mapping: MappingReference?)
    /// The policy permits (obligations applied); waiting for rendering into the requester's model.
    case policyChecked(source: RelaySource, canonical: RelayDocument, decision: PolicyDecisionReference)
    /// Answered with the footprint in the requester's model (terminal); `footprint` says which
    /// canonical footprint it was and under which policies (`nil` for a request delivered before
    /// they were kept).
    case delivered(document: RelayDocument, mapping: MappingReference?, footprint: DeliveredFootprint? = nil)
    /// Refused by the gateway: authorisation, routing, policy, translation (terminal).
    case rejected(RelayRejection)
    /// Ended by upstream trouble (terminal).
    case failed(RelayRejection)
    /// The deadline passed first (terminal).
    case expired(RelayRejection)

    /// The state's name, as stored and shown to operators.
    public var name: String {
        switch self {
        case .received: "received"
        case .authorised: "authorised"
        case .fetching: "fetching"
        case .backingOff: "backingOff"
        case .translating: "translating"
        case .checkingPolicy: "checkingPolicy"
        case .policyChecked: "policyChecked"
        case .delivered: "delivered"
        case .rejected: "rejected"
        case .failed: "failed"
        case .expired: "expired"
        }
    }

    /// Whether the request has ended (it still needs its answer finished in the store once).
    public var isTerminal: Bool {
        switch self {
        case .delivered, .rejected, .failed, .expired: true
        default: false
        }
    }

    /// The source a footprint is awaited from: while an attempt is under way, and while backing
    /// off (a partner that answers later may still answer an earlier attempt).
    public var awaitedSource: RelaySource? {
        switch self {
        case .fetching(let source, _), .backingOff(let source, _, _): source
        default: nil
        }
    }

    /// The rejection a terminal refusal carries.
    public var rejection: RelayRejection? {
        switch self {
        case .rejected(let rejection), .failed(let rejection), .expired(let rejection): rejection
        default: nil
        }
    }
}
