import Foundation
import Testing
import TsunaguCore

/// A request no endpoint takes is answered in the protocol of its path, telling the partner what
/// there is, instead of an empty 404.
@Suite struct UnknownEndpointEndToEndTests {
    @Test func unknownPathsGetTheirProtocolsErrorBody() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            let v3 = try await client.call(.GET, "/3/footprint", headers: ["Authorization": "Bearer \(token)"])
            #expect(v3.status == 404)
            #expect(v3.body?["code"] == "NotFound")
            #expect(v3.body?["message"]?.stringValue?.contains("GET /3/footprints/{id}") == true)
            let v2 = try await client.call(.DELETE, "/2/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(v2.status == 404)
            #expect(v2.body?["code"] == "NoSuchFootprint")
            let ouranos = try await client.call(.DELETE, "/api/v1/datatransport?dataTarget=cfp")
            #expect(ouranos.status == 404)
            #expect(ouranos.body?["code"] == "[dataspace] NotFound")
            #expect(ouranos.body?["detail"]?.stringValue?.contains("dataTarget: cfp, method: DELETE") == true)
            #expect(ouranos.headers["x-track"]?.count == 36)
            let ouranosAuth = try await client.call(.GET, "/auth/login")
            #expect(ouranosAuth.body?["code"] == "[auth] NotFound")
            let elsewhere = try await client.call(.GET, "/nothing-here")
            #expect(elsewhere.status == 404)
            #expect(elsewhere.text.isEmpty)
            // A known endpoint is unchanged.
            let listed = try await client.call(.GET, "/3/footprints?limit=1", headers: ["Authorization": "Bearer \(token)"])
            #expect(listed.status == 200)
        }
    }
}
