/// What the gateway is about to do with a footprint.
public enum PolicyAction: String, Sendable, Hashable, CaseIterable {
    /// Release the footprint to the requester (ODRL `use`; the EDC's `access` rules apply here too).
    case use
    /// Relay the footprint onward into another ecosystem (ODRL `distribute`).
    case distribute
}

/// The data ecosystem a requester speaks or a footprint came from.
public enum Ecosystem: String, Sendable, Hashable, CaseIterable {
    /// WBCSD PACT (Pathfinder) API and data model.
    case pact
    /// Catena-X (EDC data plane, PCF aspect model).
    case catenax
    /// Ouranos Ecosystem (Japan).
    case ouranos
}
