import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

/// A backend over a fixed list, recording the events it accepts.
final class ListBackend: PACTHostBackend {
    let documents: [JSONValue]
    let accepted = Mutex<[CloudEvent]>([])

    init(count: Int) {
        documents = (0..<count).map { index in
            let id = String(format: "00000000-0000-4000-8000-%012d", index)
            return ["id": .string(id), "status": "Active", "productIds": .array([.string("urn:p:\(index)")]), "created": .string("2025-01-0\(index + 1)T00:00:00Z"), "pcf": ["geographyCountry": .string(index.isMultiple(of: 2) ? "JP" : "DE")]]
        }
    }

    func authenticate(bearerToken: String) async throws(PACTError) -> PACTRequester {
        guard bearerToken == "good" else { throw PACTError.badRequest("invalid access token") }
        return PACTRequester(clientID: "c", tenant: "t")
    }

    func footprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [JSONValue] {
        documents.filter { document in (try? ProductFootprint(document: document)).map(query.matches) ?? false }
    }

    func footprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> JSONValue {
        guard let document = documents.first(where: { $0["id"]?.stringValue == id }) else { throw PACTError.notFound("no footprint '\(id)'", version: version) }
        return document
    }

    func accept(_ event: CloudEvent, kind: PACTEventKind, version: PACTVersion, from requester: PACTRequester) async throws(PACTError) {
        accepted.withLock { $0.append(event) }
    }
}

/// A backend whose released documents carry no `id` (a policy that redacts it): the next page
/// is placed by the id the host lists the footprint under.
final class RedactedIDBackend: PACTHostBackend {
    let list: ListBackend

    init(count: Int) { list = ListBackend(count: count) }

    func authenticate(bearerToken: String) async throws(PACTError) -> PACTRequester {
        try await list.authenticate(bearerToken: bearerToken)
    }

    func footprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [JSONValue] {
        try await list.footprints(matching: query, for: requester, version: version)
    }

    func encodedFootprints(
        matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion, page: FootprintPage
    ) async throws(PACTError) -> (documents: [EncodedJSON], remaining: Int, lastID: String?) {
        let listed = try await list.encodedFootprints(matching: query, for: requester, version: version, page: page)
        let redacted = listed.documents.map { document -> EncodedJSON in
            var value = document.value
            if case .object(var members) = value {
                members["id"] = nil
                value = .object(members)
            }
            return EncodedJSON(value)
        }
        return (redacted, listed.remaining, listed.lastID)
    }

    func footprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> JSONValue {
        try await list.footprint(id: id, for: requester, version: version)
    }

    func accept(_ event: CloudEvent, kind: PACTEventKind, version: PACTVersion, from requester: PACTRequester) async throws(PACTError) {
        try await list.accept(event, kind: kind, version: version, from: requester)
    }
}

@Suite struct PACTHostRoutesTests {
    func withServer(_ backend: ListBackend, _ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        PACTHostRoutes(backend: backend).register(on: router)
        try await Application(router: router).test(.live, test)
    }

    func json(_ buffer: ByteBuffer) throws -> JSONValue { try JSONParser().parse(buffer.readableBytesView) }

    let auth: HTTPFields = [.authorization: "Bearer good"]

    @Test func paginatesWithAbsoluteNextLinksEvenWithLimitOne() async throws {
        let backend = ListBackend(count: 3)
        try await withServer(backend) { client in
            var seen: [String] = []
            var path = "/3/footprints?limit=1&geography=JP&geography=DE"
            for _ in 0..<5 {
                let (ids, link) = try await client.execute(uri: path, method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                    return (try json(response.body)["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [], response.headers[.link])
                }
                seen += ids
                guard let link else { break }
                let url = try #require(URL(string: String(link.dropFirst().prefix { $0 != ">" })))
                #expect(url.scheme == "https")
                #expect(url.host != nil)
                #expect(link.hasSuffix("rel=\"next\""))
                path = url.path + "?" + (url.query ?? "")
            }
            #expect(seen == backend.documents.compactMap { $0["id"]?.stringValue })
        }
    }

    @Test func aTokenIsReadWithoutTheBlanksAroundIt() async throws {
        try await withServer(ListBackend(count: 1)) { client in
            try await client.execute(uri: "/3/footprints", method: .get, headers: [.authorization: "Bearer \t good"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/3/footprints", method: .get, headers: [.authorization: "Bearer \t "]) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func refusesBadTokensAndParametersWithPACTErrorBodies() async throws {
        try await withServer(ListBackend(count: 1)) { client in
            try await client.execute(uri: "/2/footprints", method: .get, headers: [.authorization: "Bearer forged"]) { response in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["code"] == "BadRequest")
            }
            try await client.execute(uri: "/3/footprints", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["message"]?.stringValue?.contains("Authorization") == true)
            }
            try await client.execute(uri: "/3/footprints?$filter=created%20ge%20'2020-01-01'", method: .get, headers: auth) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/3/footprints?limit=-1", method: .get, headers: auth) { response in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["message"]?.stringValue?.contains("limit must be a non-negative integer, found '-1'") == true)
            }
        }
    }

    /// A page link starts after a footprint; one this host does not list is refused with the way
    /// out named, and an `offset` from an older link is still read.
    @Test func aPageStartsAfterTheFootprintItsLinkNames() async throws {
        let backend = ListBackend(count: 4)
        let ids = backend.documents.compactMap { $0["id"]?.stringValue }
        try await withServer(backend) { client in
            for version in ["2", "3"] {
                try await client.execute(uri: "/\(version)/footprints?limit=2&after=\(ids[0])", method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                    let body = try json(response.body)
                    #expect(body["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[1], ids[2]])
                    #expect(response.headers[.link]?.contains("after=\(ids[2])") == true)
                    #expect(response.headers[.link]?.contains("offset=") == false)
                }
                try await client.execute(uri: "/\(version)/footprints?limit=2&offset=3", method: .get, headers: auth) { response in
                    let body = try json(response.body)
                    #expect(body["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[3]])
                    #expect(response.headers[.link] == nil)
                }
                try await client.execute(uri: "/\(version)/footprints?after=\(ids[0])&offset=1", method: .get, headers: auth) { response in
                    #expect(response.status == .badRequest)
                    let body = try json(response.body)
                    #expect(body["message"]?.stringValue?.contains("not both") == true)
                }
                try await client.execute(uri: "/\(version)/footprints?after=unknown-id", method: .get, headers: auth) { response in
                    #expect(response.status == .badRequest)
                    let body = try json(response.body)
                    #expect(body["code"] == "BadRequest")
                    #expect(body["message"]?.stringValue?.contains("list the footprints again from the first page") == true)
                }
            }
        }
    }

    /// Pages whose documents carry no `id` still move on: the link names the footprint the host
    /// listed last, so following links ends after every footprint, once each.
    @Test func pagesOfDocumentsWithoutIdsStillMoveOn() async throws {
        let router = Router()
        PACTHostRoutes(backend: RedactedIDBackend(count: 3)).register(on: router)
        try await Application(router: router).test(.live) { client in
            var path = "/3/footprints?limit=1"
            var pages = 0
            while pages < 10 {
                let link = try await client.execute(uri: path, method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                    return response.headers[.link]
                }
                pages += 1
                guard let link, let url = URL(string: String(link.dropFirst().prefix { $0 != ">" })) else { break }
                path = url.path + "?" + (url.query ?? "")
            }
            #expect(pages == 3)
        }
    }

    /// `limit=0`, which both schemas allow, gives no footprint and a link to all the rest.
    @Test func aLimitOfZeroGivesAnEmptyPageLinkingToTheRest() async throws {
        try await withServer(ListBackend(count: 3)) { client in
            for version in ["2", "3"] {
                var next: String?
                try await client.execute(uri: "/\(version)/footprints?limit=0&offset=1", method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                    let body = try json(response.body)
                    #expect(body["data"] == .array([]))
                    next = response.headers[.link].map { String($0.dropFirst().prefix { $0 != ">" }) }
                }
                let url = try #require(next.flatMap(URL.init(string:)))
                #expect(url.query == "offset=1", "\(version): \(url)")
                try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get, headers: auth) { response in
                    let body = try json(response.body)
                    #expect(body["data"]?.arrayValue?.count == 2)
                    #expect(response.headers[.link] == nil)
                }
            }
        }
    }

    /// A page holds at most `FootprintPage.maximumSize` footprints, whatever limit was asked for,
    /// and links to the rest.
    @Test func aPageHoldsAtMostTheMaximumAndLinksToTheRest() async throws {
        let count = FootprintPage.maximumSize + 5
        let backend = ListBackend(count: count)
        let lastOnPage = try #require(backend.documents[FootprintPage.maximumSize - 1]["id"]?.stringValue)
        try await withServer(backend) { client in
            for query in ["", "?limit=\(count * 2)"] {
                var next: String?
                try await client.execute(uri: "/3/footprints\(query)", method: .get, headers: auth) { response in
                    let body = try json(response.body)
                    #expect(body["data"]?.arrayValue?.count == FootprintPage.maximumSize, "\(query)")
                    next = response.headers[.link].map { String($0.dropFirst().prefix { $0 != ">" }) }
                }
                let url = try #require(next.flatMap(URL.init(string:)), "no link after a capped page for '\(query)'")
                #expect(url.query?.contains("after=\(lastOnPage)") == true, "the next page starts after the last one sent: \(url)")
                try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get, headers: auth) { response in
                    let body = try json(response.body)
                    #expect(body["data"]?.arrayValue?.count == 5, "\(url)")
                    #expect(response.headers[.link] == nil)
                }
            }
        }
    }

    /// A page reaching past `Int.max` is the last page: the sum of offset and limit must not trap.
    @Test func theLargestLimitAndOffsetGiveTheLastPage() async throws {
        try await withServer(ListBackend(count: 3)) { client in
            for version in ["2", "3"] {
                for (query, count) in [("limit=9223372036854775807&offset=1", 2), ("limit=1&offset=9223372036854775807", 0), ("limit=9223372036854775807&offset=9223372036854775807", 0)] {
                    try await client.execute(uri: "/\(version)/footprints?\(query)", method: .get, headers: auth) { response in
                        #expect(response.status == .ok, "\(version) \(query)")
                        let page = try json(response.body)
                        #expect(page["data"]?.arrayValue?.count == count, "\(version) \(query)")
                        #expect(response.headers[.link] == nil, "no next page after \(query)")
                    }
                }
            }
        }
    }

    @Test func unknownIdsUseEachVersionsCode() async throws {
        try await withServer(ListBackend(count: 1)) { client in
            try await client.execute(uri: "/2/footprints/00000000-0000-4000-8000-999999999999", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
                let body = try json(response.body)
                #expect(body["code"] == "NoSuchFootprint")
            }
            try await client.execute(uri: "/3/footprints/nope", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
                let body = try json(response.body)
                #expect(body["code"] == "NotFound")
            }
        }
    }

    @Test func v2FilterSubsetApplies() async throws {
        try await withServer(ListBackend(count: 3)) { client in
            // As a client encodes spaces: %20, or + as form encoders (Python's urlencode) do, with
            // a time zone's plus sign then written %2B.
            for filter in [
                "created%20ge%20'2025-01-02T00:00:00Z'%20and%20pcf/geographyCountry%20eq%20'JP'",
                "created+ge+'2025-01-02T09:00:00%2B09:00'+and+pcf%2FgeographyCountry+eq+'JP'",
                "created%20ge%20'2025-01-02T09:00:00+09:00'%20and%20pcf/geographyCountry%20eq%20'JP'",
            ] {
                try await client.execute(uri: "/2/footprints?%24filter=\(filter)", method: .get, headers: auth) { response in
                    #expect(response.status == .ok, "\(filter)")
                    let body = try json(response.body)
                    #expect(body["data"]?.arrayValue?.count == 1, "\(filter)")
                }
            }
        }
    }

    /// A form-encoded `$filter` (`+` for spaces, as Python's urlencode writes it) pages: the next
    /// link carries the filter as the first page read it. An empty `$filter` filters nothing.
    @Test func aFormEncodedFilterPagesAndAnEmptyFilterFiltersNothing() async throws {
        try await withServer(ListBackend(count: 3)) { client in
            var next: String?
            try await client.execute(uri: "/2/footprints?%24filter=pcf%2FgeographyCountry+eq+%27JP%27&limit=1", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["data"]?.arrayValue?.count == 1)
                next = response.headers[.link].map { String($0.dropFirst().prefix { $0 != ">" }) }
            }
            let url = try #require(next.flatMap(URL.init(string:)))
            try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get, headers: auth) { response in
                #expect(response.status == .ok, "\(url)")
                let ids = try json(response.body)["data"]?.arrayValue?.compactMap { $0["pcf"]?["geographyCountry"]?.stringValue }
                #expect(ids == ["JP"], "\(url)")
                #expect(response.headers[.link] == nil)
            }
            try await client.execute(uri: "/2/footprints?%24filter=", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["data"]?.arrayValue?.count == 3)
            }
        }
    }

    @Test func acceptsValidEventsAndRefusesInvalidOnes() async throws {
        let backend = ListBackend(count: 1)
        try await withServer(backend) { client in
            var headers = auth
            headers[.contentType] = "application/cloudevents+json; charset=UTF-8"
            let requestID = "req/ü 1?#"
            let created: JSONValue = [
                "type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "specversion": "1.0", "id": .string(requestID),
                "source": "https://client.example/events", "time": "2025-03-05T17:31:00Z", "data": ["productId": ["urn:p:0"]],
            ]
            try await client.execute(uri: "/3/events", method: .post, headers: headers, body: ByteBuffer(string: created.jsonText)) { response in
                #expect(response.status == .ok)
            }
            #expect(backend.accepted.withLock { $0.map(\.id) } == [requestID])

            let published: JSONValue = [
                "type": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3", "specversion": "1.0", "id": "p1",
                "source": "//x", "time": "2025-03-05T17:31:00Z", "data": ["pfIds": ["urn:gtin:4712345060507"]],
            ]
            try await client.execute(uri: "/3/events", method: .post, headers: headers, body: ByteBuffer(string: published.jsonText)) { response in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["message"]?.stringValue?.contains("UUID") == true)
            }
            let wrongVersion: JSONValue = [
                "type": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3", "specversion": "1.0", "id": "p2",
                "source": "//x", "time": "2025-03-05T17:31:00Z", "data": ["pfIds": ["00000000-0000-4000-8000-000000000000"]],
            ]
            try await client.execute(uri: "/2/events", method: .post, headers: headers, body: ByteBuffer(string: wrongVersion.jsonText)) { response in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["message"]?.stringValue?.contains("unknown event type") == true)
            }
            var untimed = created
            _ = untimed.remove(at: "/time")
            try await client.execute(uri: "/3/events", method: .post, headers: headers, body: ByteBuffer(string: untimed.jsonText)) { response in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["message"]?.stringValue?.contains("'time' is missing") == true)
            }
            #expect(backend.accepted.withLock { $0.count } == 1, "an event without time is not accepted")
            // v2's RequestFulfilled and RequestRejected schemas require no `time` (its RequestCreated does).
            let untimedAnswer: JSONValue = [
                "type": "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1", "specversion": "1.0", "id": "f2", "source": "//x",
                "data": ["requestEventId": "r", "pfs": [["id": "00000000-0000-4000-8000-000000000000"]]],
            ]
            try await client.execute(uri: "/2/events", method: .post, headers: headers, body: ByteBuffer(string: untimedAnswer.jsonText)) { response in
                #expect(response.status == .ok)
            }
            #expect(backend.accepted.withLock { $0.count } == 2, "a v2 answer without time is accepted")
            var untimedV2 = untimedAnswer
            untimedV2.set("org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1", at: "/type")
            untimedV2.set(["pf": ["productIds": ["urn:p:1"]]], at: "/data")
            try await client.execute(uri: "/2/events", method: .post, headers: headers, body: ByteBuffer(string: untimedV2.jsonText)) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/3/events", method: .post, headers: headers, body: ByteBuffer(string: "{\"type\": ")) { response in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["message"]?.stringValue?.contains("not valid JSON") == true)
            }
            let deep = String(repeating: "[", count: 10_000)
            try await client.execute(uri: "/3/events", method: .post, headers: headers, body: ByteBuffer(string: deep)) { response in
                #expect(response.status == .badRequest)
            }
            // Event data the schemas refuse: a footprint that is not an object, an error code
            // outside PACT's list, an error without its message.
            let base: JSONValue = ["specversion": "1.0", "id": "e1", "source": "//x", "time": "2025-03-05T17:31:00Z"]
            for (type, data, reason) in [
                ("RequestFulfilledEvent", ["requestEventId": "r", "pfs": [1]] as JSONValue, "data.pfs[0] must be a footprint"),
                ("RequestRejectedEvent", ["requestEventId": "r", "error": ["code": "Bogus", "message": "m"]], "data.error.code must be one of"),
                ("RequestRejectedEvent", ["requestEventId": "r", "error": ["code": "NotFound"]], "a code and a message"),
            ] {
                var event = base
                event.set(.string("org.wbcsd.pact.ProductFootprint.\(type).3"), at: "/type")
                event.set(data, at: "/data")
                try await client.execute(uri: "/3/events", method: .post, headers: headers, body: ByteBuffer(string: event.jsonText)) { response in
                    #expect(response.status == .badRequest, "\(data.jsonText)")
                    let body = try json(response.body)
                    #expect(body["message"]?.stringValue?.contains(reason) == true, "\(data.jsonText)")
                }
            }
        }
    }
}
