import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguGateway
import TsunaguSchema
import TsunaguStore

/// The PACT host as a partner sees it: a real gateway over HTTPS on loopback.
@Suite(.serialized) struct PACTHostEndToEndTests {
    @Test func servesOnlyHTTPSAndIssuesTokensForValidCredentialsOnly() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            #expect(token.split(separator: ".").count == 3)

            let wrong = try await client.call(
                .POST, "/auth/token", headers: ["Authorization": "Basic " + Data("\(gateway.clientID):nope".utf8).base64EncodedString(), "Content-Type": "application/x-www-form-urlencoded"],
                body: "grant_type=client_credentials")
            #expect(wrong.status == 401)
            #expect(wrong.body?["error"] == "invalid_client")

            let discovery = try await client.call(.GET, "/.well-known/openid-configuration")
            let tokenEndpoint = try #require(discovery.body?["token_endpoint"]?.stringValue)
            #expect(tokenEndpoint.hasPrefix("https://"))
            let jwks = try await client.call(.GET, "/jwks")
            #expect(jwks.body?["keys"]?[0]?["kty"] == "EC")

            let plain = PACTTestClient(http: client.http, baseURL: gateway.baseURL.replacingOccurrences(of: "https://", with: "http://"))
            let plainAnswer = try? await plain.call(.GET, "/3/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(plainAnswer?.body?["data"] == nil)
        }
    }

    @Test func listsEveryVisibleFootprintPageByPageInBothVersions() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            for version in ["2", "3"] {
                var ids: [String] = []
                var next: String? = "/\(version)/footprints?limit=1"
                while let path = next {
                    let page = try await client.call(.GET, path, headers: ["Authorization": "Bearer \(token)"])
                    #expect(page.status == 200)
                    let data = try #require(page.body?["data"]?.arrayValue)
                    #expect(data.count <= 1)
                    ids += data.compactMap { $0["id"]?.stringValue }
                    next = page.headers["link"].map { String($0.dropFirst().prefix { $0 != ">" }) }
                    if let next { #expect(next.hasPrefix(gateway.baseURL)) }
                }
                #expect(ids.count >= 2)
                #expect(Set(ids).count == ids.count)
            }
        }
    }

    @Test func decimalsAreServedExactlyAsStored() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            let v3 = try await client.call(.GET, "/3/footprints/3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01", headers: ["Authorization": "Bearer \(token)"])
            #expect(v3.text.contains("\"pcfExcludingBiogenicUptake\":\"1893.123456789012345\""))
            let v2 = try await client.call(.GET, "/2/footprints/3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01", headers: ["Authorization": "Bearer \(token)"])
            #expect(v2.status == 200)
            #expect(v2.text.contains("1893.123456789012345"))
            #expect(v2.body?["data"]?["version"] != nil)
        }
    }

    /// A buyer following the next links while the supplier deprecates a footprint already sent
    /// misses none of the others: the next page starts after the last footprint sent, not at a
    /// count of matching footprints that the deprecation shifted.
    @Test func pagingOnWhileAFootprintIsDeprecatedMissesNone() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            let auth = ["Authorization": "Bearer \(token)"]
            let ids = { (reply: PACTTestClient.Reply) in reply.body?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }
            let active = ids(try await client.call(.GET, "/3/footprints?status=Active", headers: auth))
            #expect(active.count >= 5)
            var reply = try await client.call(.GET, "/3/footprints?status=Active&limit=2", headers: auth)
            var seen = ids(reply)
            let first = try #require(seen.first)
            let stored = try #require(try await gateway.gateway.store.footprint(id: first, tenant: "demo"))
            var deprecated = stored.footprint.document
            deprecated.set("Deprecated", at: "/status")
            let outcome = try await gateway.gateway.store.importFootprint(try ProductFootprint(document: deprecated), tenant: "demo", now: Date())
            #expect(outcome == .deprecated(id: first))
            while let link = reply.headers["link"] {
                let url = try #require(URL(string: String(link.dropFirst().prefix { $0 != ">" })))
                reply = try await client.call(.GET, url.path + "?" + (url.query ?? ""), headers: auth)
                #expect(reply.status == 200)
                seen += ids(reply)
            }
            #expect(seen == active, "every footprint active when the buyer started, in order, none twice")
        }
    }

    @Test func aTenantSeesOnlyItsOwnFootprints() async throws {
        let gateway = try await TestGateway.start()
        _ = try await gateway.gateway.store.addTenant(named: "other", now: Date())
        let foreign: JSONValue = try JSONParser().parse(String(contentsOfFile: RepositoryPaths.demoFootprints + "/02-aluminium-ingot-de.json", encoding: .utf8))
        var moved = foreign
        moved.set("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", at: "/id")
        _ = try await gateway.gateway.store.importFootprint(try ProductFootprint(document: moved), tenant: "other", now: Date())
        try await gateway.session { client, token in
            let get = try await client.call(.GET, "/3/footprints/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", headers: ["Authorization": "Bearer \(token)"])
            #expect(get.status == 404)
            #expect(get.body?["code"] == "NotFound")
            let list = try await client.call(.GET, "/3/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(list.body?["data"]?.arrayValue?.contains { $0["id"] == "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" } == false)
        }
    }

    @Test func everyServedFootprintValidatesAgainstItsVersionsSchema() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            let schemas = gateway.gateway.rules.snapshot.schemas
            var checked = 0
            for (version, model) in [("2", ModelID.pact23), ("3", ModelID.pact3)] {
                let list = try await client.call(.GET, "/\(version)/footprints", headers: ["Authorization": "Bearer \(token)"])
                for footprint in list.body?["data"]?.arrayValue ?? [] {
                    let problems = try #require(schemas.validate(footprint, model: model))
                    #expect(problems.isEmpty, "\(model) \(footprint["id"]?.stringValue ?? ""): \(problems.map(\.description))")
                    checked += 1
                }
            }
            #expect(checked >= 10)
        }
    }

    @Test func aFootprintV2CannotExpressIsRefusedOverV2AndServedOverV3() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            let id = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b05"
            let v2 = try await client.call(.GET, "/2/footprints/\(id)", headers: ["Authorization": "Bearer \(token)"])
            #expect(v2.status == 501)
            #expect(v2.body?["code"] == "NotImplemented")
            #expect(v2.body?["message"]?.stringValue?.contains("/3/footprints/\(id)") == true)
            let v3 = try await client.call(.GET, "/3/footprints/\(id)", headers: ["Authorization": "Bearer \(token)"])
            #expect(v3.body?["data"]?["pcf"]?["declaredUnitOfMeasurement"] == "piece")
            let list = try await client.call(.GET, "/2/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(list.body?["data"]?.arrayValue?.contains { $0["id"]?.stringValue == id } == false)
        }
    }
}
