import TsunaguCore

/// Who asked, how, and where the answer goes.
public struct RelayRequester: Sendable, Hashable, Codable {
    /// The protocol the request arrived in; the answer is sent in the same one.
    public let `protocol`: RequesterProtocol
    /// The requester's identity as its protocol gives it: a PACT client id, a Catena-X BPN
    /// (from the connector's `Edc-Bpn` header) or a corporate number.
    public let identity: String
    /// The data model (and version) the requester asked for.
    public let model: ModelID
    /// Where and under which id the answer is sent.
    public let replyAddress: ReplyAddress

    /// Creates a requester.
    public init(protocol: RequesterProtocol, identity: String, model: ModelID, replyAddress: ReplyAddress) {
        self.protocol = `protocol`
        self.identity = identity
        self.model = model
        self.replyAddress = replyAddress
    }
}

/// Where the answer to a relay request is delivered, in the requester's protocol.
public enum ReplyAddress: Sendable, Hashable, Codable {
    /// A PACT events endpoint (`<base>/2/events` or `<base>/3/events`); the answer refers to the
    /// id of the RequestCreated event.
    case pactEvents(baseURL: String, requestEventID: String)
    /// A Catena-X requester's PcfExchange endpoint; the answer is `PUT <endpoint>/footprintExchange/{requestID}`.
    case catenaXExchange(endpoint: String, requestID: String)
    /// An Ouranos trade request; the requester reads the answer through status and cfp.
    case ouranosTrade(tradeID: String)

    /// The id the requester uses to match the answer to its request.
    public var correlationID: String {
        switch self {
        case .pactEvents(_, let id), .catenaXExchange(_, let id), .ouranosTrade(let id): id
        }
    }
}
