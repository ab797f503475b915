import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
import TsunaguRelay
import TsunaguStore
import TsunaguTestSupport

/// A partner may send anything. Hundreds of damaged events, token requests and footprint queries,
/// sent to a real gateway, each get a PACT (or OAuth) error with a code and a message, or are
/// accepted: never a 5xx, never a dropped connection, and the gateway answers normally afterwards.
@Suite(.serialized) struct HostilePartnerInputTests {
    /// A valid v3 request event: the base that the damage starts from.
    static let requestCreated: JSONValue = [
        "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": "hostile-0",
        "source": "https://requester.example/3/events", "time": "2026-11-29T00:00:00Z",
        "data": ["productId": ["urn:tsunagu:demo:product:unknown"], "comment": "hostile input test"],
    ]

    @Test func damagedRequestsGetAProtocolErrorAndTheGatewayKeepsServing() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            var random = RequestDamage(seed: 0x686F_7374_696C_6521)
            var statuses: [Int: Int] = [:]
            let bearer = ["Authorization": "Bearer \(token)", "Content-Type": "application/cloudevents+json"]
            for round in 0..<240 {
                let version = round % 2 == 0 ? "3" : "2"
                let body = random.damagedEvent(Self.requestCreated)
                let reply = try await client.call(.POST, "/\(version)/events", headers: bearer, body: body)
                statuses[reply.status, default: 0] += 1
                Self.expectProtocolAnswer(reply, "POST /\(version)/events \(body.prefix(300))")
            }
            for _ in 0..<60 {
                let (headers, body) = random.damagedTokenRequest()
                let reply = try await client.call(.POST, "/auth/token", headers: headers, body: body)
                statuses[reply.status, default: 0] += 1
                #expect(reply.status < 500 && reply.status != 200 || reply.body?["access_token"] != nil, "token \(headers) \(body): \(reply.status) \(reply.text)")
                if reply.status >= 400 { #expect(reply.body?["error"]?.stringValue != nil, "an OAuth error names itself: \(reply.text)") }
            }
            for _ in 0..<120 {
                let path = random.damagedFootprintPath()
                let reply = try await client.call(.GET, path, headers: ["Authorization": "Bearer \(token)"])
                statuses[reply.status, default: 0] += 1
                Self.expectProtocolAnswer(reply, "GET \(path)")
            }
            #expect(statuses.keys.allSatisfy { $0 < 500 }, "statuses: \(statuses)")
            #expect(statuses.filter { (400..<500).contains($0.key) }.values.reduce(0, +) >= 200, "most damage is refused: \(statuses)")
            let list = try await client.call(.GET, "/3/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(list.status == 200 && list.body?["data"]?.arrayValue?.isEmpty == false, "the gateway still serves: \(list.status)")
        }
    }

    /// The Catena-X side: a supplier's answers (`PUT /footprintExchange/{id}`) with damaged
    /// documents and a customer's requests with damaged parameters, through the trusted data
    /// plane hop. Each is answered below 500 (a refusal with a message), and the relay keeps its
    /// records: a request asked afterwards is still accepted.
    @Test func damagedCatenaXExchangesAreRefusedWithAMessage() async throws {
        let supplierBPN = "BPNL00000003HOST", customerBPN = "BPNL00000003CUSC", key = "hostile-data-plane-key-0123456789"
        let gateway = try await TestGateway.start(environment: ["TSUNAGU_CX_DATA_PLANE_KEY": key])
        try await gateway.session { client, _ in
            let now = Date()
            try await gateway.gateway.store.addPartner(
                Partner(name: "cx-hostile", tenant: "demo", ecosystem: .catenax, baseURL: "https://127.0.0.1:9", bpn: supplierBPN, model: "catenax-pcf@9.0.0").stored(created: now))
            try await gateway.gateway.store.addPartner(
                Partner(name: "cx-asking", tenant: "demo", ecosystem: .catenax, baseURL: "https://127.0.0.1:9", bpn: customerBPN, model: "catenax-pcf@9.0.0").stored(created: now))
            let seed = try JSONParser().parse(try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.mappings + "/catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json")))
            var random = RequestDamage(seed: 0x6361_7465_6E61_78)
            var statuses: [Int: Int] = [:]
            let supplier = ["Edc-Bpn": supplierBPN, "X-Data-Plane-Key": key, "Content-Type": "application/json"]
            for round in 0..<120 {
                let path = "/footprintExchange/hostile-\(round)?update=\(random.pick(["true", "false", "maybe", ""]))"
                let reply = try await client.call(.PUT, path, headers: supplier, body: random.damagedDocument(seed))
                statuses[reply.status, default: 0] += 1
                #expect(reply.status < 500, "PUT \(path): \(reply.status) \(reply.text.prefix(300))")
            }
            for round in 0..<60 {
                let part = random.pick(["", "%FF", "urn:tsunagu:demo:product:steel-coil-hr-2mm", String(repeating: "p", count: 4_000), "a%00b"])
                let path = "/footprintExchange/\(random.pick(["ask-\(round)", "%2e%2e", "x%00"]))?manufacturerPartId=\(part)\(random.pick(["", "&BPN=x", "&manufacturerPartId=two"]))"
                let reply = try await client.call(.GET, path, headers: ["Edc-Bpn": random.pick([customerBPN, "", "BPNL-not-a-bpn"]), "X-Data-Plane-Key": key])
                statuses[reply.status, default: 0] += 1
                #expect(reply.status < 500, "GET: \(reply.status) \(reply.text.prefix(300))")
                if reply.status >= 400 { #expect(reply.body?["message"]?.stringValue?.isEmpty == false, "a refusal says why: \(reply.text.prefix(300))") }
            }
            #expect(statuses.filter { (400..<500).contains($0.key) }.values.reduce(0, +) >= 60, "statuses: \(statuses)")
            let asked = try await client.call(
                .GET, "/footprintExchange/after-the-damage?manufacturerPartId=urn:tsunagu:demo:product:steel-coil-hr-2mm",
                headers: ["Edc-Bpn": customerBPN, "X-Data-Plane-Key": key])
            #expect(asked.status == 200, "a request after the damage is accepted: \(asked.status) \(asked.text.prefix(300))")
        }
    }

    /// The Ouranos side: damaged logins, trade requests, parts and queries from a logged-in buyer.
    /// Each is answered below 500 with an Ouranos error (`[system] Name` and a message), and the
    /// buyer's own status list still reads afterwards.
    @Test func damagedOuranosCallsGetAnOuranosError() async throws {
        let alpha = try await OuranosTestCompany.start(
            name: "alpha", corporateNumber: OuranosCompanies.alpha, environment: ["TSUNAGU_OURANOS_API_KEY": OuranosCompanies.apiKey],
            policies: try OuranosCompanies.policies(distribute: true), dataDirectory: nil
        )
        try await alpha.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: "hostile-buyer", password: "hostile-password")
        try await alpha.withClient { http in
            let client = OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey)
            let tokens = try await client.login(accountID: "hostile-buyer", password: "hostile-password")
            let me = try await client.currentOperator(accessToken: tokens.accessToken)
            let raw = PACTTestClient(http: http, baseURL: alpha.baseURL)
            let headers = ["apiKey": OuranosCompanies.apiKey, "Authorization": "Bearer \(tokens.accessToken)", "Content-Type": "application/json"]
            let trade = OuranosTradeRequest(
                downstreamOperatorID: me.operatorID, upstreamOperatorID: me.operatorID, downstreamTraceID: "40b77952-2c89-49be-8ce9-7c64a15e0ae7",
                message: "hostile", responseDueDate: "2026-12-31"
            ).json
            var random = RequestDamage(seed: 0x6F75_7261_6E6F_73)
            var statuses: [Int: Int] = [:]
            for _ in 0..<150 {
                let target = random.pick(["tradeRequest", "parts", "partsStructure", "cfp", "", "tradeRequest&dataTarget=parts"])
                let reply = try await raw.call(.PUT, "/api/v1/datatransport?dataTarget=\(target)", headers: headers, body: random.damagedDocument(trade))
                statuses[reply.status, default: 0] += 1
                Self.expectProtocolAnswer(reply, "PUT datatransport \(target)")
            }
            for _ in 0..<60 {
                let query = random.pick([
                    "dataTarget=status&statusTarget=\(random.pick(["REQUEST", "RESPONSE", "x", ""]))&limit=\(random.pick(["-1", "abc", "0", "99999999999"]))",
                    "dataTarget=cfp&traceIds=\(random.pick(["", "not-a-uuid", ",,,", String(repeating: "a,", count: 500)]))",
                    "dataTarget=tradeRequest&traceIds=\(random.pick(["%ZZ", "40b77952-2c89-49be-8ce9-7c64a15e0ae7,%00"]))&after=\(random.pick(["x", "-1"]))",
                    "dataTarget=\(random.pick(["", "operator", "%00"]))",
                ])
                let reply = try await raw.call(.GET, "/api/v1/datatransport?\(query)", headers: headers)
                statuses[reply.status, default: 0] += 1
                Self.expectProtocolAnswer(reply, "GET datatransport?\(query)")
            }
            for _ in 0..<40 {
                let body = random.damagedDocument(["operatorAccountId": "hostile-buyer", "accountPassword": "hostile-password"])
                let reply = try await raw.call(.POST, random.pick(["/auth/login", "/auth/refresh"]), headers: ["apiKey": random.pick([OuranosCompanies.apiKey, "", "wrong"]), "Content-Type": "application/json"], body: body)
                statuses[reply.status, default: 0] += 1
                Self.expectProtocolAnswer(reply, "POST auth \(body.prefix(200))")
            }
            #expect(statuses.filter { (400..<500).contains($0.key) }.values.reduce(0, +) >= 150, "statuses: \(statuses)")
            #expect(try await client.statuses(accessToken: tokens.accessToken).count <= 150, "the status list still reads")
        }
    }

    /// A refusal is a PACT error object: a code and a message that says what is wrong.
    static func expectProtocolAnswer(_ reply: PACTTestClient.Reply, _ what: String) {
        #expect(reply.status < 500, "\(what): \(reply.status) \(reply.text.prefix(300))")
        guard reply.status >= 400 else { return }
        let code = reply.body?["code"]?.stringValue
        let message = reply.body?["message"]?.stringValue
        #expect(code != nil && message?.isEmpty == false, "\(what): \(reply.status) \(reply.text.prefix(300))")
    }
}

/// Seeded damage for requests, so a failure can be sent again.
struct RequestDamage {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func pick<T>(_ choices: [T]) -> T { random.pick(choices) }

    /// The event with a member replaced, removed or added, or its text cut or broken.
    mutating func damagedEvent(_ event: JSONValue) -> String {
        var damaged = event
        let places: [[String]] = [["type"], ["specversion"], ["id"], ["source"], ["time"], ["data"], ["data", "productId"], ["data", "productId", "0"], ["data", "comment"], []]
        let strange: [JSONValue] = [
            .null, 0, -1, .number(JSONNumber(text: "1e999999")!), true, "", .string(String(repeating: "x", count: 20_000)), [], [:], [[[[[[]]]]]],
            "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3", "org.wbcsd.pact.ProductFootprint.PublishedEvent.3", "urn:uuid:\u{0}", "../../etc/passwd",
        ]
        for _ in 0...(next() % 3) {
            let place = pick(places)
            switch next() % 3 {
            case 0: _ = damaged.set(pick(strange), at: JSONPointer(tokens: place))
            case 1: _ = damaged.remove(at: JSONPointer(tokens: place))
            default: _ = damaged.set(pick(strange), at: JSONPointer(tokens: place + ["extra"]))
            }
        }
        var text = damaged.jsonText
        switch next() % 5 {
        case 0: text = String(text.prefix(Int(next() % UInt64(max(1, text.count)))))
        case 1: text += pick(["}", "]", ",", "\u{0}", "garbage"])
        case 2: text = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        default: break
        }
        return text
    }

    /// A document with members of another type, removed, or added, or its text cut or broken.
    mutating func damagedDocument(_ document: JSONValue) -> String {
        var damaged = document
        let places = document.places
        let strange: [JSONValue] = [.null, "", .number(JSONNumber(text: "-1.5E+400")!), [], [:], "~/x", true, .number(JSONNumber(text: "123456789012345678901234567890.5")!)]
        for _ in 0...(next() % 4) {
            let place = pick(places)
            if next() % 2 == 0 {
                _ = damaged.set(pick(strange), at: JSONPointer(tokens: place))
            } else {
                _ = damaged.remove(at: JSONPointer(tokens: place))
            }
        }
        let text = damaged.jsonText
        return next() % 6 == 0 ? String(text.prefix(Int(next() % UInt64(max(1, text.count))))) : text
    }

    /// A token request with a damaged grant, credentials or content type.
    mutating func damagedTokenRequest() -> (headers: [String: String], body: String) {
        let credentials = pick(["demo-client:demo-secret", "demo-client:", ":", "no-colon", "ümlaut:ß", String(repeating: "a", count: 5_000) + ":b"])
        let authorization = pick([
            "Basic " + Data(credentials.utf8).base64EncodedString(), "Basic !!!not-base64", "Bearer x", "Basic", "", "basic " + Data(credentials.utf8).base64EncodedString(),
        ])
        let contentType = pick(["application/x-www-form-urlencoded", "application/json", "text/plain", ""])
        let body = pick(["grant_type=client_credentials", "grant_type=password", "", "grant_type=%ZZ", "grant_type=client_credentials&grant_type=x", "{\"grant_type\":\"client_credentials\"}", "&&&=="])
        return (["Authorization": authorization, "Content-Type": contentType], body)
    }

    /// A footprint path or listing query with damaged parameters.
    mutating func damagedFootprintPath() -> String {
        let version = pick(["2", "3"])
        return pick([
            "/\(version)/footprints?limit=\(pick(["-1", "0", "abc", "99999999999999999999", "", "1.5", "%00"]))",
            "/\(version)/footprints/\(pick(["not-a-uuid", "%2e%2e%2f", "3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01%00", String(repeating: "f", count: 3_000), "'"]))",
            "/\(version)/footprints?$filter=\(pick(["productIds%2Fany(x:x%20eq%20'a')", "(((", "created%20gt%20", "%27%27%27", "pcf%2FdeclaredUnit%20eq%20"]))",
            "/\(version)/footprints?productId=\(pick(["", "%FF%FE", "urn:x", "a&productId=b"]))&limit=\(pick(["1", "-5"]))",
            "/\(version)/footprints?offset=\(pick(["-3", "x"]))",
        ])
    }
}
