import Foundation
import Testing
import TsunaguCore
@testable import TsunaguStore

@Suite struct SQLiteStorePartnersTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-partners-\(UUID().uuidString).sqlite").path
    let created = Date(timeIntervalSince1970: 1_800_000_000)

    func partner(_ name: String, tenant: String = "acme", bpn: String = "BPNL00000003AYRE") -> StoredPartner {
        StoredPartner(
            tenant: tenant, name: name, ecosystem: "catenax", baseURL: "https://\(name).example", bpn: bpn,
            model: "catenax-pcf@9.0.0", outboundClientID: "tsunagu", outboundSecretVariable: "PARTNER_SECRET",
            outboundAPIKeyVariable: "EDC_KEY", created: created
        )
    }

    @Test func partnersAreAddedListedUpdatedAndRemovedPerTenant() async throws {
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.addTenant(named: "acme", now: created)
            _ = try await store.addTenant(named: "other", now: created)
            try await store.addPartner(partner("zeta"))
            try await store.addPartner(partner("alpha", bpn: "BPNL00000003ALFA"))
            try await store.addPartner(partner("alpha", tenant: "other"))
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.partners(ofTenant: "acme").map(\.name) == ["alpha", "zeta"])
        #expect(try await store.partner(named: "zeta", tenant: "acme") == partner("zeta"))
        var changed = partner("zeta")
        changed.model = "catenax-pcf@7.0.0"
        changed.bpn = nil
        try await store.updatePartner(changed)
        #expect(try await store.partner(named: "zeta", tenant: "acme") == changed)
        try await store.removePartner(named: "alpha", tenant: "acme")
        #expect(try await store.partners(ofTenant: "acme").map(\.name) == ["zeta"])
        #expect(try await store.partners(ofTenant: "other").map(\.name) == ["alpha"])
    }

    /// A Catena-X call names its sender by BPN only: a second partner of the tenant with a BPN
    /// it already registered would never be the one a call finds, so it is refused, whether added
    /// or given the BPN by an update. Replacing the partner that holds the BPN is not refused.
    @Test func aSecondCatenaXPartnerWithABPNTheTenantRegisteredIsRefused() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        _ = try await store.addTenant(named: "other", now: created)
        try await store.addPartner(partner("first"))
        func namesTheFirst(_ error: any Error) -> Bool {
            guard let error = error as? StoreError else { return false }
            return error.isConflict && error.message.contains("'first'") && error.message.contains("BPNL00000003AYRE")
        }
        await #expect { try await store.addPartner(partner("second")) } throws: { namesTheFirst($0) }
        try await store.addPartner(partner("third", bpn: "BPNL00000003THRD"))
        await #expect { try await store.updatePartner(partner("third")) } throws: { namesTheFirst($0) }

        var moved = partner("first")
        moved.baseURL = "https://moved.example"
        try await store.updatePartner(moved)
        try await store.addPartner(partner("first-elsewhere", tenant: "other"))
        #expect(try await store.partners(ofTenant: "acme").map(\.name) == ["first", "third"])
        #expect(try await store.partner(named: "first", tenant: "acme")?.baseURL == "https://moved.example")
        #expect(try await store.partner(named: "third", tenant: "acme")?.bpn == "BPNL00000003THRD")
    }

    @Test func refusesDuplicatesUnknownTenantsAndMissingPartners() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        try await store.addPartner(partner("p"))
        await #expect { try await store.addPartner(partner("p")) } throws: { ($0 as? StoreError)?.isConflict == true }
        await #expect { try await store.addPartner(partner("p", tenant: "nobody")) } throws: { ($0 as? StoreError)?.isNotFound == true }
        await #expect { try await store.removePartner(named: "q", tenant: "acme") } throws: { ($0 as? StoreError)?.isNotFound == true }
        await #expect { try await store.updatePartner(partner("q")) } throws: { ($0 as? StoreError)?.isNotFound == true }
    }

    /// A partner file is applied whole or not at all: a BPN another partner of the tenant keeps is
    /// refused before anything changes, and two partners may swap their BPNs in one file.
    @Test func aPartnerFileIsAppliedWholeOrNotAtAll() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.addTenant(named: "acme", now: created)
        try await store.addPartner(partner("kept", bpn: "BPNL00000003KEPT"))
        try await store.addPartner(partner("left", bpn: "BPNL00000003LEFT"))
        let before = try await store.partners(ofTenant: "acme")

        var changed = partner("left", bpn: "BPNL00000003LEFT")
        changed.model = "catenax-pcf@7.0.0"
        let clashing = [partner("new-one", bpn: "BPNL00000003NEW1"), changed, partner("newcomer", bpn: "BPNL00000003KEPT")]
        await #expect { try await store.applyPartners(clashing, tenant: "acme", pruning: false) } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.isConflict && error.message.contains("BPNL00000003KEPT")
        }
        #expect(try await store.partners(ofTenant: "acme") == before, "nothing changed")

        // With --prune the partner holding the BPN goes, so the file is taken.
        let pruned = try await store.applyPartners(clashing, tenant: "acme", pruning: true)
        #expect(pruned == [.removed("kept"), .added("new-one"), .updated("left"), .added("newcomer")])
        #expect(try await store.partners(ofTenant: "acme").map(\.name) == ["left", "new-one", "newcomer"])
        #expect(try await store.partner(named: "left", tenant: "acme")?.model == "catenax-pcf@7.0.0")

        // Two partners swap their BPNs: refused one write at a time, taken as a whole.
        let swapped = try await store.applyPartners(
            [partner("new-one", bpn: "BPNL00000003KEPT"), partner("newcomer", bpn: "BPNL00000003NEW1")], tenant: "acme", pruning: false)
        #expect(swapped == [.updated("new-one"), .updated("newcomer")])
        #expect(try await store.partner(named: "new-one", tenant: "acme")?.bpn == "BPNL00000003KEPT")
        #expect(try await store.partner(named: "newcomer", tenant: "acme")?.bpn == "BPNL00000003NEW1")
        #expect(try await store.partner(named: "left", tenant: "acme") != nil, "not pruned")
    }
}
