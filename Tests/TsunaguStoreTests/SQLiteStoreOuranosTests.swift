import Foundation
import Testing
import TsunaguCore
@testable import TsunaguStore

@Suite struct SQLiteStoreOuranosTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-ouranos-\(UUID().uuidString).sqlite").path
    let created = Date(timeIntervalSince1970: 1_800_000_000)
    let buyer = "b39e6248-c888-46ca-89d0-89de1b1adc8e"

    func part(_ trace: String, parent: String? = nil, operatorID: String? = nil, tenant: String = "acme", name: String = "P") -> StoredOuranosPart {
        StoredOuranosPart(tenant: tenant, traceID: trace, operatorID: operatorID ?? buyer, parentTraceID: parent, document: #"{"partsName":"\#(name)"}"#, created: created)
    }

    func trade(_ number: Int, operatorID: String? = nil) -> StoredOuranosTrade {
        StoredOuranosTrade(
            tenant: "acme", tradeID: "trade-\(number)", statusID: "status-\(number)", relayRequestID: "relay-\(number)",
            downstreamOperatorID: operatorID ?? buyer, upstreamOperatorID: "supplier", downstreamTraceID: "child-\(number)", message: number == 1 ? nil : "note",
            responseDueDate: "2026-12-31", created: created
        )
    }

    @Test func aStructureReplacesTheChildrenOfItsParentAndSurvivesReopening() async throws {
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.addTenant(named: "acme", now: created)
            try await store.registerOuranosParts(parent: part("parent"), children: [part("child-a", parent: "parent"), part("child-b", parent: "parent")])
            try await store.registerOuranosParts(parent: part("parent", name: "renamed"), children: [part("child-b", parent: "parent")])
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.ouranosPart(traceID: "parent", tenant: "acme")?.document == #"{"partsName":"renamed"}"#)
        #expect(try await store.ouranosPart(traceID: "child-a", tenant: "acme")?.parentTraceID == nil)
        #expect(try await store.ouranosPart(traceID: "child-b", tenant: "acme")?.parentTraceID == "parent")
        #expect(try await store.ouranosPart(traceID: "parent", tenant: "other") == nil)
    }

    @Test func aPartWrittenAloneKeepsItsParent() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        try await store.registerOuranosParts(parent: part("parent"), children: [part("child", parent: "parent")])
        try await store.registerOuranosParts(parent: part("child", name: "updated"), children: nil)
        let child = try await store.ouranosPart(traceID: "child", tenant: "acme")
        #expect(child?.parentTraceID == "parent")
        #expect(child?.document == #"{"partsName":"updated"}"#)
    }

    @Test func aTraceIDOfAnotherOperatorOrTenantCannotBeTakenOver() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        _ = try await store.addTenant(named: "other", now: created)
        try await store.registerOuranosParts(parent: part("parent"), children: nil)
        await #expect { try await store.registerOuranosParts(parent: part("parent", operatorID: "someone-else"), children: nil) } throws: { ($0 as? StoreError)?.isConflict == true }
        await #expect { try await store.registerOuranosParts(parent: part("parent", tenant: "other"), children: nil) } throws: { ($0 as? StoreError)?.isConflict == true }
        await #expect { try await store.registerOuranosParts(parent: part("x", tenant: "missing"), children: nil) } throws: { ($0 as? StoreError)?.isNotFound == true }
        #expect(try await store.ouranosPart(traceID: "parent", tenant: "acme")?.operatorID == buyer)
    }

    @Test func tradesAreListedNewestFirstPerOperatorAndIDsAreUnique() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        try await store.addOuranosTrade(trade(1))
        try await store.addOuranosTrade(trade(2))
        try await store.addOuranosTrade(trade(3, operatorID: "another-buyer"))
        #expect(try await store.ouranosTrades(tenant: "acme", downstreamOperatorID: buyer) == [trade(2), trade(1)])
        #expect(try await store.ouranosTrades(tenant: "other", downstreamOperatorID: buyer).isEmpty)
        await #expect { try await store.addOuranosTrade(trade(1)) } throws: { ($0 as? StoreError)?.isConflict == true }
    }

    @Test func aRemovedTradeIsNoLongerListedAndOnlyItGoes() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        try await store.addOuranosTrade(trade(1))
        try await store.addOuranosTrade(trade(2))
        try await store.removeOuranosTrade(tradeID: "trade-1", tenant: "other")
        try await store.removeOuranosTrade(tradeID: "trade-2", tenant: "acme")
        try await store.removeOuranosTrade(tradeID: "trade-9", tenant: "acme")
        #expect(try await store.ouranosTrades(tenant: "acme", downstreamOperatorID: buyer) == [trade(1)])
    }
}
