import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct OuranosHostRoutesTests {
    let auth = OuranosFixtures.auth
    let apiKeyOnly: HTTPFields = [HTTPField.Name("apiKey")!: OuranosFixtures.apiKey]

    func tradeRequestBody(downstream: String = OuranosFixtures.buyer.operatorID, upstream: String = OuranosFixtures.supplier.operatorID, due: JSONValue = "2024-12-31", requestType: JSONValue = "CFP") -> ByteBuffer {
        let body: JSONValue = [
            "statusModel": ["message": "来月中にご回答をお願いします。", "replyMessage": nil, "requestStatus": [:], "requestType": requestType, "statusId": nil, "tradeId": nil, "responseDueDate": due],
            "tradeModel": ["downstreamOperatorId": .string(downstream), "downstreamTraceId": .string(OuranosFixtures.traceID), "tradeId": nil, "upstreamOperatorId": .string(upstream), "upstreamTraceId": nil],
        ]
        return ByteBuffer(string: body.jsonText)
    }

    @Test func logsInAndRefreshesWithTheAPIKey() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend()) { client in
            try await client.execute(uri: "/auth/login", method: .post, headers: apiKeyOnly, body: ByteBuffer(string: #"{"operatorAccountId": "buyer@example.com", "accountPassword": "correct horse"}"#)) { response throws in
                #expect(response.status == .created)
                let body = try OuranosFixtures.json(response.body)
                #expect(body["accessToken"] == "buyer-token")
                #expect(body["refreshToken"] == "buyer-refresh")
            }
            try await client.execute(uri: "/auth/login", method: .post, headers: apiKeyOnly, body: ByteBuffer(string: #"{"operatorAccountId": "buyer@example.com", "accountPassword": "wrong"}"#)) { response throws in
                #expect(response.status == .unauthorized)
                let body = try OuranosFixtures.json(response.body)
                #expect(body["code"] == "[auth] Unauthorized")
                #expect(body["detail"]?.stringValue?.contains("method: POST") == true)
                #expect(body["detail"]?.stringValue?.hasPrefix("id: ,") == true, "no operator is logged in yet")
            }
            try await client.execute(uri: "/auth/login", method: .post, headers: apiKeyOnly, body: ByteBuffer(string: #"{"operatorAccountId": 5, "accountPassword": "x"}"#)) { response throws in
                #expect(response.status == .badRequest)
                let body = try OuranosFixtures.json(response.body)
                #expect(body["code"] == "[auth] BadRequest")
                #expect(body["message"] == "Validation failed, operatorAccountId: Unmarshal type error: expected=string, got=number.")
            }
            try await client.execute(uri: "/auth/refresh", method: .post, headers: apiKeyOnly, body: ByteBuffer(string: #"{"refreshToken": "buyer-refresh"}"#)) { response throws in
                #expect(response.status == .created)
                #expect(try OuranosFixtures.json(response.body)["accessToken"] == "buyer-token")
            }
        }
    }

    @Test func everyCallNeedsTheAPIKeyAndBusinessCallsATokenEvenWithTheKey() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend()) { client in
            try await client.execute(uri: "/auth/login", method: .post, body: ByteBuffer(string: #"{"operatorAccountId": "buyer@example.com", "accountPassword": "correct horse"}"#)) { response throws in
                #expect(response.status == .forbidden)
                #expect(try OuranosFixtures.json(response.body)["code"] == "[auth] AccessDenied")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=status", method: .get, headers: [HTTPField.Name("apiKey")!: "wrong", .authorization: "Bearer buyer-token"]) { response throws in
                #expect(response.status == .forbidden)
                #expect(try OuranosFixtures.json(response.body)["message"] == "Invalid key")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=status", method: .get, headers: apiKeyOnly) { response throws in
                #expect(response.status == .unauthorized)
                #expect(try OuranosFixtures.json(response.body)["message"]?.stringValue?.hasPrefix("Authentication required") == true)
            }
            var expired = auth
            expired[.authorization] = "Bearer old-token"
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=cfp&traceIds=\(OuranosFixtures.traceID)", method: .get, headers: expired) { response throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[HTTPField.Name("x-track")!] != nil)
            }
        }
    }

    @Test func findsOperatorsByCheckedCorporateNumbers() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend()) { client in
            try await client.execute(uri: "/api/v1/authInfo?dataTarget=operator", method: .get, headers: auth) { response throws in
                #expect(response.status == .ok)
                #expect(try OuranosFixtures.json(response.body)["openOperatorId"] == "9234567890123")
            }
            try await client.execute(uri: "/api/v1/authInfo?dataTarget=operator&openOperatorId=8234567890124", method: .get, headers: auth) { response throws in
                #expect(response.status == .ok)
                #expect(try OuranosFixtures.json(response.body)["operatorId"]?.stringValue == OuranosFixtures.supplier.operatorID)
            }
            // The tutorial's own number fails the check digit.
            try await client.execute(uri: "/api/v1/authInfo?dataTarget=operator&openOperatorId=1234567890124", method: .get, headers: auth) { response throws in
                #expect(response.status == .badRequest)
                let body = try OuranosFixtures.json(response.body)
                #expect(body["code"] == "[auth] BadRequest")
                #expect(body["message"]?.stringValue?.contains("法人番号") == true)
            }
            try await client.execute(uri: "/api/v1/authInfo?dataTarget=operator&openOperatorId=2876543210987", method: .get, headers: auth) { response throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/authInfo?dataTarget=operator&operatorIds=\(OuranosFixtures.supplier.operatorID),00000000-0000-4000-8000-000000000000", method: .get, headers: auth) { response throws in
                #expect(try OuranosFixtures.json(response.body).arrayValue?.count == 1)
            }
            try await client.execute(uri: "/api/v1/authInfo?dataTarget=operator&operatorIds=x&openOperatorId=8234567890124", method: .get, headers: auth) { response throws in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func createsATradeRequestForTheLoggedInOperatorOnly() async throws {
        let backend = RecordingOuranosBackend()
        try await OuranosFixtures.withServer(backend) { client in
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest", method: .put, headers: auth, body: tradeRequestBody()) { response throws in
                #expect(response.status == .created)
                let body = try OuranosFixtures.json(response.body)
                #expect(body["tradeModel"]?["tradeId"] == "f475cb75-b3b8-4427-9e8d-376377f1c795")
                #expect(body["statusModel"]?["statusId"] == "92e42cc2-7768-4bc8-b956-356a40a7a506")
                #expect(body["statusModel"]?["requestType"] == "CFP")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest", method: .put, headers: auth, body: tradeRequestBody(downstream: OuranosFixtures.supplier.operatorID, upstream: OuranosFixtures.buyer.operatorID)) { response throws in
                #expect(response.status == .forbidden)
                // After the login, an error's detail names the operator, as Ouranos does.
                let detail = try OuranosFixtures.json(response.body)["detail"]?.stringValue
                #expect(detail?.hasPrefix("id: \(OuranosFixtures.buyer.operatorID),") == true, "\(detail ?? "no detail")")
                #expect(detail?.contains("dataTarget: tradeRequest, method: PUT") == true, "\(detail ?? "no detail")")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest", method: .put, headers: auth, body: tradeRequestBody(upstream: "00000000-0000-4000-8000-000000000009")) { response throws in
                #expect(response.status == .notFound)
                #expect(try OuranosFixtures.json(response.body)["code"] == "[dataspace] NotFound")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest", method: .put, headers: auth, body: tradeRequestBody(due: "2024-02-30")) { response throws in
                #expect(response.status == .badRequest)
                #expect(try OuranosFixtures.json(response.body)["message"] == "Validation failed, responseDueDate: must be a valid date.")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest", method: .put, headers: auth, body: tradeRequestBody(requestType: "hoge")) { response throws in
                #expect(try OuranosFixtures.json(response.body)["message"] == "Validation failed, requestType: cannot be allowed 'hoge'.")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest", method: .put, headers: auth, body: ByteBuffer(string: "{,}")) { response throws in
                #expect(response.status == .badRequest)
                #expect(try OuranosFixtures.json(response.body)["message"]?.stringValue?.hasPrefix("Validation failed") == true)
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=cfp", method: .put, headers: auth, body: tradeRequestBody()) { response throws in
                #expect(response.status == .badRequest)
                #expect(try OuranosFixtures.json(response.body)["message"]?.stringValue?.contains("dataTarget: Unexpected query parameter") == true)
            }
        }
        #expect(backend.created.withLock { $0.map(\.downstreamTraceID) } == [OuranosFixtures.traceID])
    }

    @Test func pagesStatusesThroughTheLinkHeader() async throws {
        let backend = RecordingOuranosBackend(statusCount: 5)
        try await OuranosFixtures.withServer(backend) { client in
            var seen: [String] = []
            var uri = "/api/v1/datatransport?dataTarget=status&statusTarget=REQUEST&limit=2"
            var pages = 0
            while pages < 10 {
                pages += 1
                let (ids, link) = try await client.execute(uri: uri, method: .get, headers: auth) { response throws in
                    #expect(response.status == .ok)
                    return (try OuranosFixtures.json(response.body).arrayValue?.compactMap { $0["statusId"]?.stringValue } ?? [], response.headers[.link])
                }
                seen += ids
                guard let link else { break }
                let url = try #require(URL(string: String(link.dropFirst().prefix { $0 != ">" })))
                #expect(url.query?.contains("statusTarget=REQUEST") == true)
                uri = url.path + "?" + (url.query ?? "")
            }
            #expect(pages == 3)
            #expect(seen == backend.statusList.map(\.statusID))
        }
    }

    @Test func refusesBadPagingAndFilterParameters() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend()) { client in
            for query in ["limit=0", "limit=101", "limit=ten", "after=00000000-0000-4000-8000-999999999999", "statusTarget=BOTH", "traceId=not-a-uuid"] {
                try await client.execute(uri: "/api/v1/datatransport?dataTarget=status&\(query)", method: .get, headers: auth) { response throws in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(try OuranosFixtures.json(response.body)["code"] == "[dataspace] BadRequest")
                }
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=status&limit=100", method: .get, headers: auth) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.link] == nil)
            }
        }
    }

    /// A filter the API calls effective only in another combination is ignored, as Ouranos does.
    @Test func aFilterThatDoesNotApplyIsIgnoredNotRefused() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend(statusCount: 2)) { client in
            for query in ["statusTarget=REQUEST&statusId=00000000-0000-4000-8000-000000000000", "traceId=\(OuranosFixtures.traceID)"] {
                try await client.execute(uri: "/api/v1/datatransport?dataTarget=status&\(query)", method: .get, headers: auth) { response throws in
                    #expect(response.status == .ok, "\(query)")
                    #expect(try OuranosFixtures.json(response.body).arrayValue?.count == 2, "\(query): the filter was applied")
                }
            }
        }
    }

    @Test func readsTradesAndTheCFPWithExactNumbers() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend(statusCount: 2)) { client in
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest&traceIds=\(OuranosFixtures.traceID)", method: .get, headers: auth) { response throws in
                #expect(try OuranosFixtures.json(response.body).arrayValue?.count == 2)
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=tradeRequest&limit=1", method: .get, headers: auth) { response throws in
                #expect(try OuranosFixtures.json(response.body).arrayValue?.count == 1)
                #expect(response.headers[.link]?.contains("after=10000000-0000-4000-8000-000000000000") == true)
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=cfp&traceIds=\(OuranosFixtures.traceID)", method: .get, headers: auth) { response throws in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("\"ghgEmission\":1.50000000000000000001"))
                let items = try OuranosFixtures.json(response.body).arrayValue ?? []
                #expect(items.map { $0["cfpType"]?.stringValue } == ["preProductionResponse", "mainProductionResponse"])
                #expect(items.first?["dqrValue"]?["TiR"] == .null)
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=cfp", method: .get, headers: auth) { response throws in
                #expect(response.status == .badRequest)
            }
            let tooMany = (0..<51).map { String(format: "00000000-0000-4000-8000-%012d", $0) }.joined(separator: ",")
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=cfp&traceIds=\(tooMany)", method: .get, headers: auth) { response throws in
                #expect(response.status == .badRequest)
                #expect(try OuranosFixtures.json(response.body)["message"]?.stringValue?.contains("50") == true)
            }
        }
    }

    func part(operatorID: String = OuranosFixtures.buyer.operatorID, name: String, unit: String = "kilogram", traceID: String? = nil) -> JSONValue {
        var value = OuranosPart(traceID: traceID, operatorID: operatorID, plantID: OuranosFixtures.plantID, partsName: name, supportPartsName: "modelA", amountRequired: nil, amountRequiredUnit: unit).json
        _ = value.set(.string(unit), at: "/amountRequiredUnit")
        return value
    }

    @Test func registersTheBuyersPartsAndStructures() async throws {
        let backend = RecordingOuranosBackend()
        try await OuranosFixtures.withServer(backend) { client in
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=parts", method: .put, headers: auth, body: ByteBuffer(string: part(name: "部品A").jsonText)) { response throws in
                #expect(response.status == .created)
                #expect(try OuranosFixtures.json(response.body)["traceId"] == "20000000-0000-4000-8000-000000000000")
            }
            let structure: JSONValue = ["parentPartsModel": part(name: "部品A", traceID: "20000000-0000-4000-8000-000000000000"), "childrenPartsModel": [part(name: "部品A1"), part(name: "部品A2")]]
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=partsStructure", method: .put, headers: auth, body: ByteBuffer(string: structure.jsonText)) { response throws in
                #expect(response.status == .created)
                let body = try OuranosFixtures.json(response.body)
                #expect(body["parentPartsModel"]?["traceId"] == "20000000-0000-4000-8000-000000000000")
                #expect(body["childrenPartsModel"]?.arrayValue?.compactMap { $0["traceId"]?.stringValue } == ["20000000-0000-4000-8000-000000000001", "20000000-0000-4000-8000-000000000002"])
            }
        }
        #expect(backend.registered.withLock { $0.map(\.children.count) } == [0, 2])
    }

    @Test func refusesPartsOfOthersAndInvalidParts() async throws {
        let backend = RecordingOuranosBackend()
        try await OuranosFixtures.withServer(backend) { client in
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=parts", method: .put, headers: auth, body: ByteBuffer(string: part(operatorID: OuranosFixtures.supplier.operatorID, name: "x").jsonText)) { response throws in
                #expect(response.status == .forbidden)
                #expect(try OuranosFixtures.json(response.body)["code"] == "[auth] AccessDenied")
            }
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=parts", method: .put, headers: auth, body: ByteBuffer(string: part(name: "x", unit: "gallon").jsonText)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try OuranosFixtures.json(response.body)["message"] == "Validation failed, amountRequiredUnit: cannot be allowed 'gallon'.")
            }
            let crowded: JSONValue = ["parentPartsModel": part(name: "p"), "childrenPartsModel": .array((0..<51).map { part(name: "c\($0)") })]
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=partsStructure", method: .put, headers: auth, body: ByteBuffer(string: crowded.jsonText)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try OuranosFixtures.json(response.body)["message"]?.stringValue?.contains("50") == true)
            }
            var elsewhere = part(name: "p")
            _ = elsewhere.set("00000000-0000-4000-8000-00000000000f", at: "/plantId")
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=parts", method: .put, headers: auth, body: ByteBuffer(string: elsewhere.jsonText)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try OuranosFixtures.json(response.body)["message"]?.stringValue?.contains("plantId") == true)
            }
        }
        #expect(backend.registered.withLock { $0.isEmpty })
    }

    /// A PUT names what is wrong with its `dataTarget` before anything about its body: the body
    /// of a target that is not served is never read.
    @Test func anUnsupportedDataTargetIsRefusedBeforeTheBodyIsRead() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend()) { client in
            for target in ["dataTarget=cfp", "dataTarget=status", ""] {
                try await client.execute(uri: "/api/v1/datatransport?\(target)", method: .put, headers: auth, body: ByteBuffer(string: "{")) { response throws in
                    #expect(response.status == .badRequest, "\(target)")
                    let body = try OuranosFixtures.json(response.body)
                    #expect(body["code"] == "[dataspace] BadRequest", "\(target)")
                    #expect(body["message"]?.stringValue?.contains("dataTarget: Unexpected query parameter") == true, "\(target): \(body)")
                }
            }
        }
    }

    /// A structure whose child repeats the parent's trace id, or names one trace id twice, would
    /// write one stored part over another: it is refused, naming the trace id.
    @Test func aStructureNamingOneTraceIDTwiceIsRefused() async throws {
        let backend = RecordingOuranosBackend()
        let parentTrace = "20000000-0000-4000-8000-000000000000"
        let childTrace = "20000000-0000-4000-8000-000000000001"
        let structures: [JSONValue] = [
            ["parentPartsModel": part(name: "p", traceID: parentTrace), "childrenPartsModel": [part(name: "c", traceID: parentTrace)]],
            ["parentPartsModel": part(name: "p", traceID: parentTrace), "childrenPartsModel": [part(name: "c", traceID: parentTrace.uppercased())]],
            ["parentPartsModel": part(name: "p"), "childrenPartsModel": [part(name: "c1", traceID: childTrace), part(name: "c2"), part(name: "c3", traceID: childTrace)]],
        ]
        try await OuranosFixtures.withServer(backend) { client in
            for structure in structures {
                try await client.execute(uri: "/api/v1/datatransport?dataTarget=partsStructure", method: .put, headers: auth, body: ByteBuffer(string: structure.jsonText)) { response throws in
                    #expect(response.status == .badRequest)
                    let body = try OuranosFixtures.json(response.body)
                    #expect(body["code"] == "[dataspace] BadRequest")
                    let message = body["message"]?.stringValue ?? ""
                    #expect(message.hasPrefix("Validation failed, "), "\(message)")
                    #expect(message.contains(parentTrace) || message.contains(childTrace), "\(message)")
                }
            }
            let distinct: JSONValue = ["parentPartsModel": part(name: "p", traceID: parentTrace), "childrenPartsModel": [part(name: "c1", traceID: childTrace), part(name: "c2"), part(name: "c3")]]
            try await client.execute(uri: "/api/v1/datatransport?dataTarget=partsStructure", method: .put, headers: auth, body: ByteBuffer(string: distinct.jsonText)) { response throws in
                #expect(response.status == .created)
            }
        }
        #expect(backend.registered.withLock { $0.map(\.children.count) } == [3])
    }
}

