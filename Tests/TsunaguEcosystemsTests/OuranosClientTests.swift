import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct OuranosClientTests {
    func client(_ port: Int?, apiKey: String = OuranosFixtures.apiKey, timeout: Duration = .seconds(120)) -> OuranosClient {
        OuranosClient(httpClient: .shared, baseURL: "http://127.0.0.1:\(port ?? 0)/", apiKey: apiKey, timeout: timeout)
    }

    @Test func asksASupplierEndToEnd() async throws {
        let backend = RecordingOuranosBackend(statusCount: 5)
        try await OuranosFixtures.withServer(backend) { test in
            let ouranos = client(test.port)
            let tokens = try await ouranos.login(accountID: "buyer@example.com", password: "correct horse")
            #expect(try await ouranos.refresh(refreshToken: tokens.refreshToken) == tokens.accessToken)
            let supplier = try await ouranos.operatorInfo(corporateNumber: OuranosFixtures.supplierNumber, accessToken: tokens.accessToken)
            #expect(supplier == OuranosFixtures.supplier)
            let request = OuranosTradeRequest(downstreamOperatorID: OuranosFixtures.buyer.operatorID, upstreamOperatorID: supplier.operatorID, downstreamTraceID: OuranosFixtures.traceID, message: "please", responseDueDate: "2024-12-31")
            let receipt = try await ouranos.putTradeRequest(request, accessToken: tokens.accessToken)
            #expect(receipt.trade.tradeID == "f475cb75-b3b8-4427-9e8d-376377f1c795")
            #expect(receipt.status.statusID == "92e42cc2-7768-4bc8-b956-356a40a7a506")
            let statuses = try await ouranos.statuses(accessToken: tokens.accessToken, pageSize: 2)
            #expect(statuses.map(\.statusID) == backend.statusList.map(\.statusID))
            #expect(statuses.first?.responseStatus == .completed)
            let cfps = try await ouranos.cfps(traceIDs: [OuranosFixtures.traceID], accessToken: tokens.accessToken)
            #expect(cfps == OuranosFixtures.answer)
            #expect(cfps.first?.ghgEmission?.text == "1.50000000000000000001")
        }
        #expect(backend.created.withLock { $0.first?.message } == "please")
    }

    @Test func mapsOuranosErrorsWithTheirCodes() async throws {
        try await OuranosFixtures.withServer(RecordingOuranosBackend()) { test in
            let wrongKey = await #expect(throws: OuranosClientError.self) {
                try await client(test.port, apiKey: "nope").login(accountID: "buyer@example.com", password: "correct horse")
            }
            #expect(wrongKey?.status == 403)
            #expect(wrongKey?.code == "[auth] AccessDenied")
            let expired = await #expect(throws: OuranosClientError.self) {
                try await client(test.port).cfps(traceIDs: [OuranosFixtures.traceID], accessToken: "old")
            }
            #expect(expired?.isUnauthorized == true)
            #expect(expired?.isTransient == false)
            let unknown = await #expect(throws: OuranosClientError.self) {
                try await client(test.port).operatorInfo(corporateNumber: OuranosFixtures.corporateNumber(body: "876543210987"), accessToken: "buyer-token")
            }
            #expect(unknown?.status == 404)
        }
    }

    @Test func refusesAnswersThatAreNotTheModel() async throws {
        let router = Router()
        router.get("/api/v1/datatransport") { _, _ in
            Response.json([["cfpId": nil, "traceId": .string(OuranosFixtures.traceID), "ghgEmission": 1, "ghgDeclaredUnit": "kgCO2e/parsec", "cfpType": "mainProduction", "dqrType": "mainProcessing", "dqrValue": ["TeR": 1, "GeR": 1, "TiR": 1]]])
        }
        router.get("/api/v1/authInfo") { _, _ in
            Response.json(["operatorId": "15572d1c-ec13-0d78-7f92-dd4278871373", "operatorName": "B社", "operatorAddress": "x", "openOperatorId": "1234567890124", "operatorAttribute": [:]])
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { test in
            let unit = await #expect(throws: OuranosClientError.self) {
                try await client(test.port).cfps(traceIDs: [OuranosFixtures.traceID], accessToken: "t")
            }
            #expect(unit?.description.contains("ghgDeclaredUnit") == true)
            let badNumber = await #expect(throws: OuranosClientError.self) {
                try await client(test.port).operatorInfo(corporateNumber: OuranosFixtures.supplierNumber, accessToken: "t")
            }
            #expect(badNumber?.description.contains("openOperatorId") == true)
        }
    }

    @Test func followsLinksOnlyOnTheConfiguredHost() async throws {
        let router = Router()
        router.get("/api/v1/datatransport") { request, _ in
            let after = request.uri.queryParameters["after"].map(String.init)
            let status = OuranosFixtures.status(after == nil ? 0 : 1)
            var headers = HTTPFields()
            if after == nil { headers[.link] = "<https://elsewhere.example/api/v1/datatransport?dataTarget=status&limit=1&after=\(status.statusID)>;" }
            return Response.json([status.json], headers: headers)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { test in
            let statuses = try await client(test.port).statuses(accessToken: "t", pageSize: 1)
            #expect(statuses.map(\.statusID) == [OuranosFixtures.status(0).statusID, OuranosFixtures.status(1).statusID])
        }
    }

    /// A supplier's list cannot fill the gateway's memory: a page beyond the limit asked for, or
    /// pages that go on past the most items one call keeps, end the call.
    @Test func oversizedOrEndlessPagesAreRefused() async throws {
        let router = Router()
        router.get("/api/v1/datatransport") { request, _ in
            let after = request.uri.queryParameters["after"].map { Int(String($0)) ?? 0 } ?? 0
            let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100
            // `limit=3` gets four items; otherwise full pages and a link to the next, for ever.
            let count = limit == 3 ? 4 : limit
            var headers = HTTPFields()
            headers[.link] = "<http://127.0.0.1/api/v1/datatransport?dataTarget=status&limit=\(limit)&after=\(after + 1)>; rel=\"next\""
            return Response.json(.array((0..<count).map { OuranosFixtures.status($0 % 2).json }), headers: headers)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { test in
            let oversized = await #expect(throws: OuranosClientError.self) { try await client(test.port).statuses(accessToken: "t", pageSize: 3) }
            #expect(oversized?.description.contains("a page holds 4 items, more than the limit of 3") == true, "\(String(describing: oversized))")
            // A hundred pages: each may be slow on a loaded machine, and a timeout is not the point here.
            let endless = await #expect(throws: OuranosClientError.self) { try await client(test.port, timeout: .seconds(60)).statuses(accessToken: "t", pageSize: 100) }
            #expect(endless?.description.contains("the list runs past \(OuranosClient.maximumListItems) items") == true, "\(String(describing: endless))")
        }
    }

    @Test func registersAPartsStructureAndReadsTheAssignedTraceIDs() async throws {
        let router = Router()
        router.put("/api/v1/datatransport") { request, _ in
            guard request.uri.queryParameters["dataTarget"] == "partsStructure", request.headers[HTTPField.Name("apiKey")!] == OuranosFixtures.apiKey else {
                return Response(status: .badRequest)
            }
            var body = try await JSONParser().parse(request.body.collect(upTo: 65536).readableBytesView)
            _ = body.set("8fc6aa29-5f4f-476e-85e3-2d1b54715891", at: "/parentPartsModel/traceId")
            _ = body.set(.string(OuranosFixtures.traceID), at: "/childrenPartsModel/0/traceId")
            return Response.json(body, status: .created)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { test in
            let plant = "0cc8b4be-c727-4411-b478-2c874fbc6c25"
            let parent = OuranosPart(operatorID: OuranosFixtures.buyer.operatorID, plantID: plant, partsName: "部品A", supportPartsName: "modelA", amountRequired: nil, amountRequiredUnit: "kilogram")
            let child = OuranosPart(operatorID: OuranosFixtures.buyer.operatorID, plantID: plant, partsName: "部品A1", supportPartsName: "modelA-1", amountRequired: JSONNumber(text: "5.000000000000000000001"), amountRequiredUnit: "kilogram")
            let registered = try await client(test.port).putPartsStructure(OuranosPartsStructure(parent: parent, children: [child]), accessToken: "t")
            #expect(registered.parent.traceID == "8fc6aa29-5f4f-476e-85e3-2d1b54715891")
            #expect(registered.children.map(\.traceID) == [OuranosFixtures.traceID])
            #expect(registered.children.first?.amountRequired?.text == "5.000000000000000000001")
        }
    }

    @Test func aSystemThatNeverAnswersEndsInATimeoutWithinTheDeadline() async throws {
        let listener = try SilentListener()
        let started = ContinuousClock.now
        let error = await #expect(throws: OuranosClientError.self) {
            try await client(listener.port, timeout: .milliseconds(300)).login(accountID: "a", password: "b")
        }
        #expect(error?.isTimeout == true)
        #expect(error?.isTransient == true)
        #expect(ContinuousClock.now - started < .seconds(120), "a 300 ms deadline must end the call, which a hung server never would; the bound is loose because the whole suite starts at once on two cores")
        withExtendedLifetime(listener) {}
    }
}
