import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import TsunaguCore
@testable import TsunaguEcosystems

/// Test operators. The tutorials' corporate numbers (1234567890123, 1234567890124) fail the
/// check digit, so the tests keep their 12-digit bodies and put the correct check digit in front.
enum OuranosFixtures {
    static let apiKey = "test-api-key"
    static let buyerNumber = corporateNumber(body: "234567890123")
    static let supplierNumber = corporateNumber(body: "234567890124")
    static let buyer = OuranosOperator(operatorID: "b39e6248-c888-56ca-d9d0-89de1b1adc8e", corporateNumber: buyerNumber, name: "A社", address: "東京都渋谷区xx", globalOperatorID: "1234ABCD5678EFGH0123")
    static let supplier = OuranosOperator(operatorID: "15572d1c-ec13-0d78-7f92-dd4278871373", corporateNumber: supplierNumber, name: "B社", address: "東京都渋谷区xx")
    static let traceID = "40b77952-2c89-49be-8ce9-7c64a15e0ae7"
    static let plantID = "0cc8b4be-c727-4411-b478-2c874fbc6c25"

    /// The number with `body` as its 12 lower digits and the correct check digit.
    static func corporateNumber(body: String) -> CorporateNumber {
        CorporateNumber("\(CorporateNumber.checkDigit(forBody: body) ?? 0)\(body)")!
    }

    static func status(_ index: Int) -> OuranosStatus {
        OuranosStatus(
            statusID: String(format: "00000000-0000-4000-8000-%012d", index), tradeID: String(format: "10000000-0000-4000-8000-%012d", index),
            responseStatus: index == 0 ? .completed : .notCompleted, treeStatus: .unterminated, message: "来月中にご回答をお願いします。", responseDueDate: "2024-12-31"
        )
    }

    static let answer: [OuranosCFP] = [
        OuranosCFP(cfpID: nil, traceID: traceID, ghgEmission: JSONNumber(text: "1.50000000000000000001"), ghgDeclaredUnit: "kgCO2e/kilogram", cfpType: "preProductionResponse", dqrType: "preProcessingResponse", ter: JSONNumber(text: "2.1"), ger: JSONNumber(text: "0"), tir: nil),
        OuranosCFP(cfpID: nil, traceID: traceID, ghgEmission: JSONNumber(text: "10"), ghgDeclaredUnit: "kgCO2e/kilogram", cfpType: "mainProductionResponse", dqrType: "mainProcessingResponse", ter: JSONNumber(text: "2.1"), ger: JSONNumber(text: "0"), tir: nil),
    ]

    static func json(_ buffer: ByteBuffer) throws -> JSONValue { try JSONParser().parse(buffer.readableBytesView) }

    static func withServer(_ backend: RecordingOuranosBackend, _ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        OuranosHostRoutes(backend: backend).register(on: router)
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live, test)
    }

    static let auth: HTTPFields = [HTTPField.Name("apiKey")!: apiKey, .authorization: "Bearer buyer-token"]
}

/// An Ouranos backend with one account (the buyer), one supplier and a list of statuses.
final class RecordingOuranosBackend: OuranosHostBackend {
    let statusList: [OuranosStatus]
    let created = Mutex<[OuranosTradeRequest]>([])
    let registered = Mutex<[OuranosPartsStructure]>([])

    init(statusCount: Int = 3) {
        statusList = (0..<statusCount).map(OuranosFixtures.status)
    }

    func checkAPIKey(_ apiKey: String) async throws(OuranosError) {
        guard apiKey == OuranosFixtures.apiKey else { throw OuranosError.accessDenied("Invalid key") }
    }

    func login(accountID: String, password: String) async throws(OuranosError) -> OuranosTokens {
        guard accountID == "buyer@example.com", password == "correct horse" else { throw OuranosError.unauthorized("Invalid credentials") }
        return OuranosTokens(accessToken: "buyer-token", refreshToken: "buyer-refresh")
    }

    func refresh(refreshToken: String) async throws(OuranosError) -> String {
        guard refreshToken == "buyer-refresh" else { throw OuranosError.unauthorized("Invalid or expired token") }
        return "buyer-token"
    }

    func authenticate(accessToken: String) async throws(OuranosError) -> OuranosOperator {
        guard accessToken == "buyer-token" else { throw OuranosError.unauthorized("Invalid or expired token") }
        return OuranosFixtures.buyer
    }

    func operatorInfo(corporateNumber: CorporateNumber, for caller: OuranosOperator) async throws(OuranosError) -> OuranosOperator {
        guard let found = [OuranosFixtures.buyer, OuranosFixtures.supplier].first(where: { $0.corporateNumber == corporateNumber }) else {
            throw OuranosError.notFound("no operator with corporate number \(corporateNumber)", system: .auth)
        }
        return found
    }

    func operators(ids: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosOperator] {
        [OuranosFixtures.buyer, OuranosFixtures.supplier].filter { ids.contains($0.operatorID) }
    }

    func registerParts(_ structure: OuranosPartsStructure, replacingChildren: Bool, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPartsStructure {
        guard structure.parent.plantID == OuranosFixtures.plantID else {
            throw OuranosError.badRequest("Validation failed, plantId: \(structure.parent.plantID) is not a plant of \(caller.name).")
        }
        func stored(_ part: OuranosPart, _ index: Int) -> OuranosPart {
            OuranosPart(traceID: part.traceID ?? String(format: "20000000-0000-4000-8000-%012d", index), operatorID: part.operatorID, plantID: part.plantID, partsName: part.partsName, supportPartsName: part.supportPartsName, amountRequired: part.amountRequired, amountRequiredUnit: part.amountRequiredUnit, terminatedFlag: part.terminatedFlag, partsLabelName: part.partsLabelName)
        }
        registered.withLock { $0.append(structure) }
        return OuranosPartsStructure(parent: stored(structure.parent, 0), children: structure.children.enumerated().map { stored($1, $0 + 1) })
    }

    func createTradeRequest(_ request: OuranosTradeRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosTradeRequestReceipt {
        guard request.upstreamOperatorID == OuranosFixtures.supplier.operatorID else {
            throw OuranosError.notFound("upstreamOperatorId \(request.upstreamOperatorID) is not an operator known to this gateway")
        }
        created.withLock { $0.append(request) }
        let trade = OuranosTrade(tradeID: "f475cb75-b3b8-4427-9e8d-376377f1c795", downstreamOperatorID: request.downstreamOperatorID, upstreamOperatorID: request.upstreamOperatorID, downstreamTraceID: request.downstreamTraceID, upstreamTraceID: nil)
        let status = OuranosStatus(statusID: "92e42cc2-7768-4bc8-b956-356a40a7a506", tradeID: "f475cb75-b3b8-4427-9e8d-376377f1c795", responseStatus: .notCompleted, treeStatus: .unterminated, message: request.message, responseDueDate: request.responseDueDate)
        return OuranosTradeRequestReceipt(trade: trade, status: status)
    }

    func tradeRequests(traceIDs: [String]?, for caller: OuranosOperator) async throws(OuranosError) -> [OuranosTrade] {
        let trades = statusList.map { OuranosTrade(tradeID: $0.tradeID, downstreamOperatorID: caller.operatorID, upstreamOperatorID: OuranosFixtures.supplier.operatorID, downstreamTraceID: OuranosFixtures.traceID, upstreamTraceID: nil) }
        guard let traceIDs else { return trades }
        return trades.filter { traceIDs.contains($0.downstreamTraceID) }
    }

    func statuses(_ query: OuranosStatusQuery, page: OuranosPageRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPage<OuranosStatus> {
        try OuranosPage(of: statusList.filter { query.statusID == nil || $0.statusID == query.statusID }, id: \.statusID, request: page)
    }

    func cfps(traceIDs: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosCFP] {
        OuranosFixtures.answer.filter { traceIDs.contains($0.traceID) }
    }
}
