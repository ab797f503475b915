import Foundation
import Testing
import TsunaguCore

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
            var random = RequestDamage(state: 0x686F_7374_696C_6521)
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

    /// A refusal is a PACT error object: a code and a message that says what is wrong.
    static func expectProtocolAnswer(_ reply: PACTTestClient.Reply, _ what: String) {
        #expect(reply.status < 500, "\(what): \(reply.status) \(reply.text.prefix(300))")
        guard reply.status >= 400 else { return }
        let code = reply.body?["code"]?.stringValue
        let message = reply.body?["message"]?.stringValue
        #expect(code != nil && message?.isEmpty == false, "\(what): \(reply.status) \(reply.text.prefix(300))")
    }
}

/// Seeded damage for requests (xorshift64), so a failure can be sent again.
struct RequestDamage {
    var state: UInt64

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func pick<T>(_ choices: [T]) -> T { choices[Int(next() % UInt64(choices.count))] }

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
