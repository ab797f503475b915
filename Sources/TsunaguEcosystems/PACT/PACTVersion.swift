import TsunaguCore

/// The major versions of the PACT API that the gateway serves and calls.
public enum PACTVersion: String, Sendable, Hashable, CaseIterable {
    /// PACT Technical Specifications v2.x (`/2/...`); deprecated by PACT on 2026-04-01 but widely deployed.
    case v2 = "2"
    /// PACT Technical Specifications v3.0 (`/3/...`): the primary version.
    case v3 = "3"

    /// The data model served on this version's paths.
    public var model: ModelID {
        switch self {
        case .v2: .pact23
        case .v3: .pact3
        }
    }

    /// The path prefix, `/2` or `/3`.
    public var pathPrefix: String { "/\(rawValue)" }

    /// The error code for an unknown footprint: `NoSuchFootprint` in v2, `NotFound` in v3.
    public var notFoundCode: String {
        switch self {
        case .v2: "NoSuchFootprint"
        case .v3: "NotFound"
        }
    }

    /// The CloudEvents `type` of each event kind in this version.
    public func eventType(_ kind: PACTEventKind) -> String {
        switch (self, kind) {
        case (.v2, .published): "org.wbcsd.pathfinder.ProductFootprint.Published.v1"
        case (.v2, .requestCreated): "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"
        case (.v2, .requestFulfilled): "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1"
        case (.v2, .requestRejected): "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1"
        case (.v3, .published): "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"
        case (.v3, .requestCreated): "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
        case (.v3, .requestFulfilled): "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3"
        case (.v3, .requestRejected): "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3"
        }
    }

    /// The event kind a CloudEvents `type` names in this version, if any.
    public func eventKind(ofType type: String) -> PACTEventKind? {
        PACTEventKind.allCases.first { eventType($0) == type }
    }
}

/// The kinds of PACT events.
public enum PACTEventKind: String, Sendable, Hashable, CaseIterable {
    case published
    case requestCreated
    case requestFulfilled
    case requestRejected
}
