/// The protocol a requester used, and so the one its answer must be sent in.
public enum RequesterProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    /// PACT API v2 (answered with a v2 RequestFulfilled/RequestRejected event).
    case pactV2 = "pact-v2"
    /// PACT API v3 (answered with a v3 RequestFulfilledEvent/RequestRejectedEvent).
    case pactV3 = "pact-v3"
    /// Catena-X PCF exchange (answered by `PUT /footprintExchange/{requestId}`, or an error status).
    case catenaX = "catenax"
    /// Ouranos trade request (answered through its status, `REJECT` on refusal).
    case ouranos

    /// The ecosystem the protocol belongs to.
    public var ecosystem: DataEcosystem {
        switch self {
        case .pactV2, .pactV3: .pact
        case .catenaX: .catenax
        case .ouranos: .ouranos
        }
    }
}
