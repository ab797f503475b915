import Foundation
import TsunaguCore

/// What the imperative shell must do next for a relay request; it reports the outcome back as
/// the matching event on ``RelayRequest``.
public enum RelayAction: Sendable, Hashable {
    /// Check that the requester may ask the tenant; answer with `authorised(now:)` or `reject(_:now:)`.
    case authorise(RelayRequester)
    /// Decide where the footprint comes from (``RoutingRules``); answer with `routed(to:now:)` or `reject(_:now:)`.
    case route(ProductQuery)
    /// Fetch the footprint from `source`, giving up at `attemptDeadline`; answer with
    /// `fetched(_:now:)` or `fetchFailed(_:now:using:)`.
    case fetch(source: RelaySource, query: ProductQuery, attempt: Int, attemptDeadline: Date)
    /// The partner accepted the fetch and answers later: wait for its answer (`fetched(_:now:)`)
    /// or a final refusal (`fetchFailed(_:now:using:)`) until `until`, the request's deadline,
    /// then send `deadlineReached(now:)`.
    case awaitAnswer(until: Date)
    /// Wait until `at`, then send `retryDue(now:)`.
    case retry(at: Date)
    /// Translate `document` into the canonical form; answer with `translated(_:mapping:now:)` or `reject(_:now:)`.
    case translateToCanonical(RelayDocument)
    /// Check the data owner's usage policy on the canonical document (`distribute` for the
    /// onward hop, `use` for the requester) and apply its obligations; answer with
    /// `policyPermitted(_:decision:now:)` or `reject(_:now:)`.
    case checkPolicy(canonical: RelayDocument, owner: RelaySource, requester: RelayRequester)
    /// Render the canonical document into `model`; answer with `rendered(_:mapping:now:)` or `reject(_:now:)`.
    case render(RelayDocument, into: ModelID)
    /// The request has ended: persist its terminal state and enqueue `answer` in one step
    /// (`RelayStore.finishRelayRequest`), then send nothing more.
    case finish(RelayAnswer)
}

/// The answer to a relay request, in the requester's protocol and to its reply address.
public struct RelayAnswer: Sendable, Hashable {
    /// What the answer carries.
    public enum Content: Sendable, Hashable {
        /// The footprint in the requester's data model.
        case footprint(RelayDocument)
        /// A refusal in the requester's error vocabulary.
        case rejection(ProtocolRejection)
    }

    /// The request answered.
    public let requestID: String
    /// Who receives it, in which protocol, at which address.
    public let requester: RelayRequester
    /// The footprint or the refusal.
    public let content: Content

    /// Creates an answer.
    public init(requestID: String, requester: RelayRequester, content: Content) {
        self.requestID = requestID
        self.requester = requester
        self.content = content
    }
}
