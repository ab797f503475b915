import TsunaguCore

/// A data ecosystem a partner or requester lives in.
public enum DataEcosystem: String, Sendable, Hashable, Codable, CaseIterable {
    /// WBCSD PACT (Pathfinder) APIs.
    case pact
    /// Catena-X PCF exchange through a connector.
    case catenax
    /// The Ouranos data-transaction system.
    case ouranos

    /// The `model` part of the ``ModelID``s this ecosystem's documents use.
    public var modelName: String {
        switch self {
        case .pact: ModelID.pact3.model
        case .catenax: ModelID.catenaX9.model
        case .ouranos: ModelID.ouranos3.model
        }
    }
}
