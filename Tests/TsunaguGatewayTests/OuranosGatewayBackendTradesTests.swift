import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
import TsunaguStore

/// The buyer's trade requests through the routes and ``OuranosGatewayBackend`` on a real store and
/// relay worker: what is recorded when the relay refuses, and what a status page reads.
@Suite struct OuranosGatewayBackendTradesTests {
    /// A trade request the relay refuses (it is at capacity) is answered 503 and leaves no trade:
    /// nothing the buyer would later read as REJECT, nothing pruning could never remove.
    @Test func aTradeTheRelayRefusesLeavesNoTrade() async throws {
        let harness = try await OuranosBackendHarness.make(maximumInFlight: 0)
        try await harness.serve { client in
            let buyer = try await harness.buyer(client)
            await #expect { _ = try await client.putTradeRequest(harness.tradeRequest(of: buyer), accessToken: buyer.accessToken) } throws: {
                ($0 as? OuranosClientError)?.status == 503
            }
            #expect(try await harness.store.ouranosTrades(tenant: OuranosBackendHarness.tenant, downstreamOperatorID: buyer.me.operatorID).isEmpty)
            #expect(try await client.statuses(accessToken: buyer.accessToken).isEmpty)
        }
    }

    /// An accepted trade request is recorded, with its relay request, before its 201.
    @Test func anAcceptedTradeIsRecordedBeforeItsAnswer() async throws {
        let harness = try await OuranosBackendHarness.make()
        try await harness.serve { client in
            let buyer = try await harness.buyer(client)
            let receipt = try await client.putTradeRequest(harness.tradeRequest(of: buyer), accessToken: buyer.accessToken)
            let tradeID = try #require(receipt.trade.tradeID)
            let trades = try await harness.store.ouranosTrades(tenant: OuranosBackendHarness.tenant, downstreamOperatorID: buyer.me.operatorID)
            #expect(trades.map(\.tradeID) == [tradeID])
            #expect(try await harness.worker.readRequest(id: tradeID) != nil)
        }
    }

    /// A structure whose child is the parent itself is refused by the backend too (a caller that
    /// is not the routes), and the parent's stored part stays as it was.
    @Test func aChildWithTheParentsTraceIDDoesNotOverwriteTheParent() async throws {
        let harness = try await OuranosBackendHarness.make()
        try await harness.serve { client in
            let buyer = try await harness.buyer(client)
            let caller = try await harness.backend.authenticate(accessToken: buyer.accessToken)
            let stored = try #require(try await harness.store.ouranosPart(traceID: buyer.traceID, tenant: OuranosBackendHarness.tenant))
            let child = try OuranosPart(json: try JSONParser().parse(stored.document))
            var renamed = child.json
            _ = renamed.set(.string("Renamed"), at: "/partsName")
            let structure = OuranosPartsStructure(parent: child, children: [try OuranosPart(json: renamed)])
            await #expect { _ = try await harness.backend.registerParts(structure, replacingChildren: true, for: caller) } throws: { error in
                let refused = error as? OuranosError
                return refused?.status == 400 && refused?.message.contains(buyer.traceID) == true
            }
            #expect(try await harness.store.ouranosPart(traceID: buyer.traceID, tenant: OuranosBackendHarness.tenant)?.document == stored.document)
        }
    }
}
