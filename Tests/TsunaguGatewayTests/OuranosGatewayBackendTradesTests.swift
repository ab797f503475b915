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

    /// A status page reads the relay requests of its own trades only, and paging through every
    /// page lists each trade once, in the order of the whole list.
    @Test func aStatusPageReadsOnlyItsOwnTradesRelayRequests() async throws {
        let harness = try await OuranosBackendHarness.make()
        let count = 12
        try await harness.serve { client in
            let buyer = try await harness.buyer(client)
            var tradeIDs: [String] = []
            for _ in 0..<count {
                let receipt = try await client.putTradeRequest(harness.tradeRequest(of: buyer), accessToken: buyer.accessToken)
                tradeIDs.append(try #require(receipt.trade.tradeID))
            }
            for id in tradeIDs { _ = await harness.worker.finished(id: id) }
            let whole = try await client.statuses(accessToken: buyer.accessToken)
            #expect(whole.count == count)
            #expect(Set(whole.map(\.tradeID)) == Set(tradeIDs))
            #expect(whole.allSatisfy { $0.responseStatus == .reject })

            harness.counting.resetCount()
            let paged = try await client.statuses(accessToken: buyer.accessToken, pageSize: 1)
            #expect(paged.map(\.statusID) == whole.map(\.statusID))
            #expect(paged == whole)
            #expect(harness.counting.relayRequestReads == count, "\(count) pages of one read \(harness.counting.relayRequestReads) relay requests")

            harness.counting.resetCount()
            let one = try await client.statuses(target: nil, statusID: whole[5].statusID, accessToken: buyer.accessToken, pageSize: 1)
            #expect(one == [whole[5]])
            #expect(harness.counting.relayRequestReads == 1)
        }
    }
}
