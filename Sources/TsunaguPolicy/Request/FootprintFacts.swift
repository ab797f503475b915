import Foundation
import TsunaguCore

/// What the policy engine needs to know about the footprint being released.
public struct FootprintFacts: Sendable, Hashable {
    /// The tenant that owns the footprint.
    public var tenant: String
    /// The footprint's id.
    public var footprintID: String
    /// The footprint's product ids (URNs).
    public var productIDs: [String]
    /// The footprint's product classifications (URNs).
    public var classifications: [String]
    /// The ecosystem the footprint came from.
    public var originEcosystem: Ecosystem

    /// Creates the facts.
    public init(tenant: String, footprintID: String, productIDs: [String], classifications: [String] = [], originEcosystem: Ecosystem = .pact) {
        self.tenant = tenant
        self.footprintID = footprintID
        self.productIDs = productIDs
        self.classifications = classifications
        self.originEcosystem = originEcosystem
    }

    /// The facts of a canonical footprint owned by `tenant`.
    public init(tenant: String, footprint: ProductFootprint, originEcosystem: Ecosystem = .pact) {
        self.init(tenant: tenant, footprintID: footprint.id, productIDs: footprint.productIDs,
                  classifications: footprint.classifications, originEcosystem: originEcosystem)
    }
}

/// One question to the policy engine: may `requester` have `action` done with this footprint at `time`?
public struct DecisionRequest: Sendable, Hashable {
    /// What the gateway is about to do.
    public var action: PolicyAction
    /// Who asks.
    public var requester: Requester
    /// When the request arrived.
    public var time: Date
    /// The footprint concerned.
    public var footprint: FootprintFacts

    /// Creates a request.
    public init(action: PolicyAction, requester: Requester, time: Date, footprint: FootprintFacts) {
        self.action = action
        self.requester = requester
        self.time = time
        self.footprint = footprint
    }
}
