import Foundation
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguGateway

/// Demo mode registers an Ouranos buyer when its variables are set.
@Suite struct DemoSetupOuranosTests {
    func prepare(_ environment: [String: String]) async throws -> SQLiteStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-demo-ouranos-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder + "/db.sqlite")
        let rules = try OuranosSupplierAnswerTests.rules.get()
        let setup = DemoSetup(store: store, importer: FootprintImporter(store: store, rules: rules), environment: environment)
        _ = try await setup.prepare(footprintsDirectory: folder)
        _ = try await setup.prepare(footprintsDirectory: folder)
        return store
    }

    @Test func theBuyerIsAnAccountLinkedToAnOuranosPartner() async throws {
        let store = try await prepare([
            "TSUNAGU_DEMO_OURANOS_BUYER_NUMBER": "2180001099871", "TSUNAGU_DEMO_OURANOS_BUYER_ACCOUNT": "ouranos-buyer",
            "TSUNAGU_DEMO_OURANOS_BUYER_PASSWORD": "buyer-password",
        ])
        let partner = try await store.partner(named: "ouranos-buyer", tenant: DemoSetup.tenant)
        #expect(partner?.ecosystem == "ouranos")
        #expect(partner?.corporateNumber == "2180001099871")
        #expect(partner?.inboundClientID == "ouranos-buyer")
        let client = try await store.client(id: "ouranos-buyer")
        #expect(client.map { SecretHasher.verify("buyer-password", against: $0.secretHash) } == true)
    }

    @Test func withoutTheVariablesNoBuyerIsRegisteredAndABadNumberIsRefused() async throws {
        let store = try await prepare([:])
        #expect(try await store.partners(ofTenant: DemoSetup.tenant).isEmpty)
        await #expect(throws: DiagnosticsError.self) {
            _ = try await self.prepare([
                "TSUNAGU_DEMO_OURANOS_BUYER_NUMBER": "1234567890123", "TSUNAGU_DEMO_OURANOS_BUYER_ACCOUNT": "b", "TSUNAGU_DEMO_OURANOS_BUYER_PASSWORD": "p",
            ])
        }
    }
}
