import Foundation
import TsunaguRelay
import TsunaguStore

extension RelayWorker {
    /// How the worker reaches the world.
    public struct Dependencies: Sendable {
        /// The store of requests, partners and footprints.
        public var store: any GatewayStore
        /// The rules in force (mappings, schemas, policies).
        public var rules: GatewayRules
        /// Where footprints come from, per tenant: the rules in force in `routingTable`.
        public var routing: RelayRouting { routingTable.current }
        /// The routing rules, reloaded whole on `SIGHUP`.
        public let routingTable: RoutingTable
        /// One fetcher per upstream ecosystem.
        public var fetchers: [DataEcosystem: any UpstreamFetcher]
        /// One answer channel per requester protocol.
        public var channels: [RequesterProtocol: any RelayAnswerChannel]
        /// The audit trail each hop is written to.
        public var audit: AuditTrail
        /// Sends a finished request's answers while the commit that enqueues them runs (the
        /// outbox), and then marks each delivered or failed; the store keeps them out of the
        /// outbox's due messages until then. When `nil`, the outbox finds them at its next wake-up.
        public var delivery: (any RelayAnswerDelivery)?
        /// How long after its receipt a request may wait for a partner that accepted it and answers
        /// later (a Catena-X PUT, an Ouranos trade request), in seconds; `nil` keeps the request's
        /// own deadline. A partner that is down or refuses keeps the request's own deadline.
        public var laterAnswerDeadline: TimeInterval?

        /// Creates the dependencies.
        public init(
            store: any GatewayStore, rules: GatewayRules, routing: RelayRouting, fetchers: [DataEcosystem: any UpstreamFetcher],
            channels: [RequesterProtocol: any RelayAnswerChannel], audit: AuditTrail, delivery: (any RelayAnswerDelivery)?
        ) {
            self.init(store: store, rules: rules, routingTable: RoutingTable(routing), fetchers: fetchers, channels: channels, audit: audit, delivery: delivery)
        }

        /// Creates the dependencies with a routing table that may be reloaded.
        public init(
            store: any GatewayStore, rules: GatewayRules, routingTable: RoutingTable, fetchers: [DataEcosystem: any UpstreamFetcher],
            channels: [RequesterProtocol: any RelayAnswerChannel], audit: AuditTrail, delivery: (any RelayAnswerDelivery)?
        ) {
            self.store = store
            self.rules = rules
            self.routingTable = routingTable
            self.fetchers = fetchers
            self.channels = channels
            self.audit = audit
            self.delivery = delivery
        }
    }
}
