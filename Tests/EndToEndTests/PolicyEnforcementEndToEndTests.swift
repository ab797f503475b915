import Foundation
import Testing
import TsunaguCore
import TsunaguGateway
@testable import TsunaguStore

/// Usage policies enforced where data leaves the gateway, through the real PACT API.
@Suite(.serialized) struct PolicyEnforcementEndToEndTests {
    @Test func aRequesterOutsideThePolicyGetsAccessDeniedAndAnEmptyList() async throws {
        let policies = try RepositoryPaths.temporaryDirectory("tsunagu-policies")
        let allowList: JSONValue = [
            "@context": ["http://www.w3.org/ns/odrl.jsonld", ["tsunagu": "urn:tsunagu:policy:"]], "@type": "Set", "@id": "demo-named-partners",
            "tsunagu:assignTo": ["tenant": "demo"],
            "permission": [["action": "use", "constraint": [["leftOperand": "tsunagu:ClientId", "operator": "isAnyOf", "rightOperand": ["partner-hokuto"]]]]],
        ]
        try JSONWriter(pretty: true).string(allowList).write(toFile: policies + "/allow-list.json", atomically: true, encoding: .utf8)
        let gateway = try await TestGateway.start(policies: policies)
        try await gateway.session { client, token in
            let get = try await client.call(.GET, "/3/footprints/3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01", headers: ["Authorization": "Bearer \(token)"])
            #expect(get.status == 403)
            #expect(get.body?["code"] == "AccessDenied")
            #expect(get.body?["message"]?.stringValue?.contains("allow-list") == false)
            let list = try await client.call(.GET, "/2/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(list.status == 200)
            #expect(list.body?["data"]?.arrayValue?.isEmpty == true)
            let v3 = try await client.call(.GET, "/3/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(v3.body?["data"]?.arrayValue?.isEmpty == true)
        }
        let entries = try await waitForAudit(gateway.gateway.store, action: "deny")
        #expect(entries.first?.detail["decision"]?["decision"] == "deny")
        // A listing that withholds every footprint writes one entry, not one per footprint.
        let stored = try await gateway.gateway.store.footprints(ofTenant: "demo").count
        let withheld = try await waitForAudit(gateway.gateway.store, action: "withhold", count: 2)
        #expect(withheld.count == 2, "one entry per listing")
        for entry in withheld {
            #expect(entry.detail["count"] == .number(JSONNumber(stored)))
            #expect(entry.detail["footprints"]?.arrayValue?.count == min(stored, 50))
            #expect(entry.detail["firstDecision"]?["decision"] == "deny")
        }
    }

    @Test func aPermittedRequesterGetsTheDocumentWithObligationsApplied() async throws {
        let gateway = try await TestGateway.start()
        let id = "e4d3c2b1-a0f9-4e8d-9c7b-6a5f4e3d2c07"
        try await gateway.session { client, token in
            for version in ["2", "3"] {
                let get = try await client.call(.GET, "/\(version)/footprints/\(id)", headers: ["Authorization": "Bearer \(token)"])
                #expect(get.status == 200)
                let document = try #require(get.body?["data"])
                #expect(document["comment"] == nil || document["comment"] == "")
                // v2 requires the member, so the v2 view carries the empty default in place of the redacted text.
                #expect(document[pointer: "/pcf/boundaryProcessesDescription"] == nil || document[pointer: "/pcf/boundaryProcessesDescription"] == "")
                #expect(document["extensions"]?.arrayValue?.contains { $0["dataSchema"]?.stringValue?.contains("usage-notice") == true } == true)
            }
            let other = try await client.call(.GET, "/3/footprints/3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01", headers: ["Authorization": "Bearer \(token)"])
            #expect(other.body?[pointer: "/data/pcf/boundaryProcessesDescription"] != nil)
        }
        // The policy asks for the release to be recorded: the entry is in the store before the answer.
        let entries = try await gateway.gateway.store.auditEntries(tenant: "demo", limit: 100).filter { $0.action == "release" }
        #expect(entries.contains { $0.subject == id })
    }

    /// The v3 list filters read what the policy releases: a field it redacts cannot be probed by
    /// asking for its possible values, the answer is the same whatever is asked.
    @Test func aRedactedFieldCannotBeProbedThroughListFilters() async throws {
        let policies = try RepositoryPaths.temporaryDirectory("tsunagu-policies")
        let redacting: JSONValue = [
            "@context": ["http://www.w3.org/ns/odrl.jsonld", ["tsunagu": "urn:tsunagu:policy:"]], "@type": "Set", "@id": "demo-no-country",
            "tsunagu:assignTo": ["tenant": "demo"],
            "permission": [["action": "use", "duty": [["action": "tsunagu:redact", "tsunagu:fields": ["/pcf/geographyCountry"]]]]],
        ]
        try JSONWriter(pretty: true).string(redacting).write(toFile: policies + "/no-country.json", atomically: true, encoding: .utf8)
        let gateway = try await TestGateway.start(policies: policies)
        let steel = "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01"
        try await gateway.session { client, token in
            var listed: [String: [String]] = [:]
            for geography in ["JP", "BR"] {
                let list = try await client.call(.GET, "/3/footprints?geography=\(geography)", headers: ["Authorization": "Bearer \(token)"])
                #expect(list.status == 200)
                listed[geography] = list.body?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            }
            #expect(listed["JP"]?.contains(steel) == false, "the footprint whose country is redacted is found by it: \(listed)")
            #expect(listed["JP"] == listed["BR"], "\(listed)")
            // Unfiltered, the footprint is still listed, without its country.
            let all = try await client.call(.GET, "/3/footprints?limit=100", headers: ["Authorization": "Bearer \(token)"])
            let document = all.body?["data"]?.arrayValue?.first { $0["id"]?.stringValue == steel }
            #expect(document != nil)
            #expect(document?[pointer: "/pcf/geographyCountry"] == nil)
        }
    }

    /// A RequestCreated event sent again is not answered again, so it records no second release;
    /// the release is in the store with the accepted event, before the answer can leave.
    @Test func aRequestCreatedSentAgainRecordsItsReleaseOnce() async throws {
        let policies = try Self.recordingPolicies()
        let receiver = try await CallbackEndpoint.start()
        defer { Task { await receiver.stop() } }
        let gateway = try await TestGateway.start(environment: receiver.demoEnvironment, trustRoots: receiver.certificatePath, policies: policies)
        let steel = "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01"
        let event: JSONValue = [
            "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": "sent-twice",
            "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z", "data": ["productId": ["urn:tsunagu:demo:product:steel-coil-hr-2mm"]],
        ]
        try await gateway.session { client, token in
            #expect(try await client.event(event, version: "3", token: token).status == 200)
            let releases = try await gateway.gateway.store.auditEntries(tenant: "demo", limit: 500).filter { $0.action == "release" && $0.subject == steel }
            #expect(releases.count == 1, "the release is recorded when the event is accepted")
            #expect(try await client.event(event, version: "3", token: token).status == 200)
            #expect(try await receiver.waitForEvents(1, timeout: 15).count == 1)
        }
        let releases = try await gateway.gateway.store.auditEntries(tenant: "demo", limit: 500).filter { $0.action == "release" && $0.subject == steel }
        #expect(releases.count == 1, "\(releases.map(\.time))")
    }

    /// A list call releases only the footprints on its page: a policy that records its releases
    /// gets an entry for each footprint sent, none for those the page skipped.
    @Test func aListPageRecordsTheReleasesOfItsOwnFootprintsOnly() async throws {
        let policies = try Self.recordingPolicies()
        let gateway = try await TestGateway.start(policies: policies)
        var sent: [String] = []
        try await gateway.session { client, token in
            for offset in [0, 2] {
                let page = try await client.call(.GET, "/3/footprints?limit=2&offset=\(offset)", headers: ["Authorization": "Bearer \(token)"])
                #expect(page.status == 200)
                sent += page.body?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            }
        }
        #expect(sent.count == 4)
        let released = try await gateway.gateway.store.auditEntries(tenant: "demo", limit: 500).filter { $0.action == "release" }.map(\.subject)
        #expect(released.sorted() == sent.sorted(), "recorded \(released.count) releases for \(sent.count) footprints sent")
    }

    /// A release the data owner's policy asks to record is not made when the record cannot be
    /// written: another process holds the store's write lock past its busy timeout.
    @Test func aReleaseThatCannotBeRecordedIsNotMade() async throws {
        let gateway = try await TestGateway.start()
        let id = "e4d3c2b1-a0f9-4e8d-9c7b-6a5f4e3d2c07"
        try await gateway.session { client, token in
            let other = try SQLiteConnection(path: gateway.dataDirectory + "/tsunagu.sqlite")
            try other.execute("BEGIN IMMEDIATE")
            let get = try await client.call(.GET, "/3/footprints/\(id)", headers: ["Authorization": "Bearer \(token)"])
            #expect(get.status == 500)
            #expect(get.body?["code"] == "InternalError")
            #expect(get.body?["data"] == nil)
            try other.execute("ROLLBACK")
            let again = try await client.call(.GET, "/3/footprints/\(id)", headers: ["Authorization": "Bearer \(token)"])
            #expect(again.status == 200)
        }
    }

    /// An Ouranos footprint stored by the gateway keeps its four stage values in the carry; a
    /// policy that rounds the total releases it without them, so the exact total cannot be added
    /// up again from the released document.
    @Test func aRoundedOuranosTotalIsServedWithoutItsExactStageValues() async throws {
        let policies = try RepositoryPaths.temporaryDirectory("tsunagu-policies")
        let rounding: JSONValue = [
            "@context": ["http://www.w3.org/ns/odrl.jsonld", ["tsunagu": "urn:tsunagu:policy:"]], "@type": "Set", "@id": "demo-rounded-totals",
            "tsunagu:assignTo": ["tenant": "demo"],
            "permission": [
                [
                    "action": "use",
                    "duty": [["action": "tsunagu:reducePrecision", "tsunagu:fields": ["/pcf/pcfExcludingBiogenicUptake", "/pcf/pcfIncludingBiogenicUptake", "/pcf/fossilGhgEmissions"], "tsunagu:scale": 0]],
                ],
                // Served to PACT clients, the Ouranos footprint crosses into another ecosystem.
                ["action": "distribute"],
            ],
        ]
        try JSONWriter(pretty: true).string(rounding).write(toFile: policies + "/rounded.json", atomically: true, encoding: .utf8)
        let gateway = try await TestGateway.start(policies: policies)
        let stator = try JSONParser().parse(try String(contentsOfFile: RepositoryPaths.root.appendingPathComponent("Mappings/ouranos/examples/motor-stator.ouranos-cfp@3.0.0.json").path, encoding: .utf8))
        // The canonical form the gateway makes of an Ouranos document, stored as an import stores it.
        let canonical = try gateway.gateway.rules.snapshot.catalog.translate(stator, from: .ouranos3, to: .pact3).document
        let outcome = await FootprintImporter(store: gateway.gateway.store, rules: gateway.gateway.rules).importDocument(canonical, tenant: "demo")
        guard case .success(.created(let id)) = outcome else {
            Issue.record("the Ouranos stator was not imported: \(outcome)")
            return
        }
        let stored = try #require(try await gateway.gateway.store.footprint(id: id, tenant: "demo"))
        #expect(stored.footprint.document.jsonText.contains("3.10575"), "the stored footprint carries the stage values")
        try await gateway.session { client, token in
            let get = try await client.call(.GET, "/3/footprints/\(id)", headers: ["Authorization": "Bearer \(token)"])
            #expect(get.status == 200)
            let document = try #require(get.body?["data"])
            #expect(document[pointer: "/pcf/pcfExcludingBiogenicUptake"] == "21")
            // Neither the four stage values nor the exact total they add up to.
            for withheld in ["0.84210", "3.10575", "12.6", "4.3", "20.84785"] {
                #expect(!document.jsonText.contains(withheld), "the released footprint carries \(withheld)")
            }
        }
    }

    func waitForAudit(_ store: any GatewayStore, action: String, count: Int = 1) async throws -> [AuditEntry] {
        for _ in 0..<50 {
            let entries = try await store.auditEntries(tenant: "demo", limit: 100).filter { $0.action == action }
            if entries.count >= count { return entries }
            try await Task.sleep(for: .milliseconds(100))
        }
        return []
    }

    /// A policy folder whose one policy permits `use` to everyone and records each release.
    static func recordingPolicies() throws -> String {
        let policies = try RepositoryPaths.temporaryDirectory("tsunagu-policies")
        let recorded: JSONValue = [
            "@context": ["http://www.w3.org/ns/odrl.jsonld", ["tsunagu": "urn:tsunagu:policy:"]], "@type": "Set", "@id": "demo-recorded",
            "tsunagu:assignTo": ["tenant": "demo"],
            "permission": [["action": "use", "duty": [["action": "tsunagu:recordRelease"]]]],
        ]
        try JSONWriter(pretty: true).string(recorded).write(toFile: policies + "/recorded.json", atomically: true, encoding: .utf8)
        return policies
    }
}
