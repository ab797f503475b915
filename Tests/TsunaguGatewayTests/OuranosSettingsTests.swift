import Foundation
import Testing
import TsunaguCore
@testable import TsunaguGateway

@Suite struct OuranosSettingsTests {
    @Test func theConfigurationFileNamesEachTenantsOperatorAndKeepsDefaults() throws {
        let json = #"{"ouranos": {"operators": {"acme": {"corporateNumber": "2180001099871", "name": "Acme K.K.", "plantId": "8a4e1f20-6c3b-4d9a-b7e5-2f0c1d3e4a56"}}}}"#
        let configuration = try JSONDecoder().decode(GatewayConfiguration.self, from: Data(json.utf8))
        #expect(configuration.ouranos.operators["acme"]?.corporateNumber == "2180001099871")
        #expect(configuration.ouranos.operators["acme"]?.plantID == "8a4e1f20-6c3b-4d9a-b7e5-2f0c1d3e4a56")
        #expect(configuration.ouranos.apiKeyVariable == "TSUNAGU_OURANOS_API_KEY")
        #expect(configuration.ouranos.pollIntervalSeconds == 1)
        #expect(configuration.ouranos.problems.isEmpty)
        #expect(try JSONDecoder().decode(GatewayConfiguration.self, from: Data("{}".utf8)).ouranos == OuranosSettings())
    }

    @Test func everyProblemIsListed() {
        var settings = OuranosSettings()
        settings.operators = [
            "acme": OuranosTenantOperator(corporateNumber: "1234567890123", name: "Acme"),
            "beta": OuranosTenantOperator(corporateNumber: "2180001099871", name: "", plantID: "plant-1"),
        ]
        settings.apiKeyVariable = "s3cr3t key"
        settings.refreshTokenLifetimeSeconds = 0
        settings.pollIntervalSeconds = 0
        let pointers = settings.problems.map { $0.pointer?.description ?? "" }
        #expect(pointers == [
            "/ouranos/operators/acme/corporateNumber", "/ouranos/operators/beta/name", "/ouranos/operators/beta/plantId",
            "/ouranos/refreshTokenLifetimeSeconds", "/ouranos/pollIntervalSeconds", "/ouranos/apiKeyVariable",
        ])
    }

    @Test func operatorIDsAreStableUUIDsPerTenant() {
        let number = CorporateNumber("2180001099871")!
        let id = OuranosOperatorDirectory.operatorID(tenant: "acme", corporateNumber: number)
        #expect(id == OuranosOperatorDirectory.operatorID(tenant: "acme", corporateNumber: number))
        #expect(id != OuranosOperatorDirectory.operatorID(tenant: "beta", corporateNumber: number))
        #expect(UUIDText.isValid(id))
        #expect(id == id.lowercased())
        #expect(Array(id)[14] == "8")
    }
}
