import Foundation
import Testing
import TsunaguCore
@testable import TsunaguStore

/// The store answers client and partner lookups from memory; every change, its own or one made
/// through another connection (the command line while the gateway runs), is seen at once.
@Suite struct SQLiteRegistryCacheTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-registry-\(UUID().uuidString).sqlite").path
    let created = Date(timeIntervalSince1970: 1_800_000_000)

    func partner(_ name: String, bpn: String, tenant: String = "acme") -> StoredPartner {
        StoredPartner(tenant: tenant, name: name, ecosystem: "catenax", baseURL: "https://\(name).example", bpn: bpn, model: "catenax-pcf@9.0.0", created: created)
    }

    func client(_ id: String, tenant: String = "acme", secretHash: String = "hash-1") -> APIClient {
        APIClient(clientID: id, tenant: tenant, secretHash: secretHash, callback: nil, created: created)
    }

    @Test func aPartnerRemovedThroughAnotherConnectionIsGoneAtOnce() async throws {
        let gateway = try SQLiteStore(path: path)
        _ = try await gateway.addTenant(named: "acme", now: created)
        try await gateway.addPartner(partner("buyer", bpn: "BPNL00000003CRHK"))
        #expect(try await gateway.partners(bpn: "BPNL00000003CRHK").map(\.name) == ["buyer"])
        let commandLine = try SQLiteStore(path: path)
        try await commandLine.removePartner(named: "buyer", tenant: "acme")
        #expect(try await gateway.partners(bpn: "BPNL00000003CRHK").isEmpty)
        #expect(try await gateway.partner(named: "buyer", tenant: "acme") == nil)
        #expect(try await gateway.partners(ofTenant: "acme").isEmpty)
    }

    @Test func aPartnerOrClientAddedThroughAnotherConnectionIsFoundAfterALookupThatMissedIt() async throws {
        let gateway = try SQLiteStore(path: path)
        _ = try await gateway.addTenant(named: "acme", now: created)
        #expect(try await gateway.client(id: "late") == nil)
        #expect(try await gateway.partners(bpn: "BPNL00000003AYRE").isEmpty)
        let commandLine = try SQLiteStore(path: path)
        try await commandLine.addClient(client("late"))
        try await commandLine.addPartner(partner("supplier", bpn: "BPNL00000003AYRE"))
        _ = try await commandLine.addTenant(named: "other", now: created)
        try await commandLine.addPartner(partner("supplier", bpn: "BPNL00000003AYRE", tenant: "other"))
        #expect(try await gateway.client(id: "late")?.tenant == "acme")
        #expect(try await gateway.partners(bpn: "BPNL00000003AYRE").map(\.tenant) == ["acme", "other"])
    }

    @Test func theStoresOwnChangesAreSeenAtOnce() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        try await store.addClient(client("c"))
        #expect(try await store.client(id: "c")?.secretHash == "hash-1")
        try await store.updateClient(client("c", secretHash: "hash-2"))
        #expect(try await store.client(id: "c")?.secretHash == "hash-2")
        try await store.addPartner(partner("p", bpn: "BPNL00000003AYRE"))
        #expect(try await store.partners(bpn: "BPNL00000003AYRE").count == 1)
        var moved = partner("p", bpn: "BPNL00000003CRHK")
        moved.baseURL = "https://moved.example"
        try await store.updatePartner(moved)
        #expect(try await store.partners(bpn: "BPNL00000003AYRE").isEmpty)
        #expect(try await store.partner(named: "p", tenant: "acme")?.baseURL == "https://moved.example")
        try await store.removePartner(named: "p", tenant: "acme")
        #expect(try await store.partners(bpn: "BPNL00000003CRHK").isEmpty)
        _ = try await store.addTenant(named: "beta", now: created)
        #expect(try await store.tenants().map(\.name) == ["acme", "beta"])
    }
}
