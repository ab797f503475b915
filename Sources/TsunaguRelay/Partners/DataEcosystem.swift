import TsunaguCore

/// A data ecosystem a partner or requester lives in.
public enum DataEcosystem: String, Sendable, Hashable, Codable, CaseIterable {
    /// WBCSD PACT (Pathfinder) APIs.
    case pact
    /// Catena-X PCF exchange through a connector.
    case catenax
    /// The Ouranos data-transaction system.
    case ouranos

    /// The ecosystem whose documents use `model` (`pact@…`, `catenax-pcf@…`, `ouranos-cfp@…`).
    public init?(model: ModelID) {
        guard let ecosystem = Self.allCases.first(where: { $0.modelName == model.model }) else { return nil }
        self = ecosystem
    }

    /// The `model` part of the ``ModelID``s this ecosystem's documents use.
    public var modelName: String {
        switch self {
        case .pact: ModelID.pact3.model
        case .catenax: ModelID.catenaX9.model
        case .ouranos: ModelID.ouranos3.model
        }
    }
}
