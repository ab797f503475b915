import Foundation
import Hummingbird
import Synchronization
import TsunaguCore
import TsunaguEcosystems

/// An Ouranos partner system on a real loopback listener: one account (the gateway's), one
/// supplier, trade requests counted; each trade is answered once the test says so.
final class FakeOuranosPartner: OuranosHostBackend {
    static let apiKey = "partner-api-key"
    static let account = "tsunagu@buyer.example"
    static let password = "partner password"
    static let buyer = OuranosOperator(
        operatorID: "b39e6248-c888-56ca-d9d0-89de1b1adc8e", corporateNumber: number(body: "234567890123"), name: "Buyer K.K.", address: "東京都渋谷区1-1")
    static let supplier = OuranosOperator(
        operatorID: "15572d1c-ec13-0d78-7f92-dd4278871373", corporateNumber: number(body: "234567890124"), name: "Supplier K.K.", address: "東京都渋谷区2-2")

    /// The trade requests created, in order.
    let created = Mutex<[OuranosTradeRequest]>([])
    /// Whether the trades are answered yet.
    let answered = Mutex(false)
    /// How long the supplier's system takes to answer a trade request it has taken.
    let tradeDelay = Mutex<Duration>(.zero)
    /// The reason the trades are sent back with, once the supplier refuses them.
    let sentBack = Mutex<String?>(nil)
    private let nextTrace = Mutex(0)

    static func number(body: String) -> CorporateNumber {
        CorporateNumber("\(CorporateNumber.checkDigit(forBody: body) ?? 0)\(body)")!
    }

    /// Serves the partner on loopback while `body` runs; `body` gets its base URL.
    func serve(_ body: (String) async throws -> Void) async throws {
        let router = Router()
        OuranosHostRoutes(backend: self).register(on: router)
        try await LoopbackRouter.serve(router, body)
    }

    func checkAPIKey(_ apiKey: String) async throws(OuranosError) {
        guard apiKey == Self.apiKey else { throw OuranosError.accessDenied("Invalid key") }
    }

    func login(accountID: String, password: String) async throws(OuranosError) -> OuranosTokens {
        guard accountID == Self.account, password == Self.password else { throw OuranosError.unauthorized("Invalid credentials") }
        return OuranosTokens(accessToken: "buyer-token", refreshToken: "buyer-refresh")
    }

    func refresh(refreshToken: String) async throws(OuranosError) -> String { "buyer-token" }

    func authenticate(accessToken: String) async throws(OuranosError) -> OuranosOperator {
        guard accessToken == "buyer-token" else { throw OuranosError.unauthorized("Invalid or expired token") }
        return Self.buyer
    }

    func operatorInfo(corporateNumber: CorporateNumber, for caller: OuranosOperator) async throws(OuranosError) -> OuranosOperator {
        guard let found = [Self.buyer, Self.supplier].first(where: { $0.corporateNumber == corporateNumber }) else {
            throw OuranosError.notFound("no operator with corporate number \(corporateNumber)", system: .auth)
        }
        return found
    }

    func operators(ids: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosOperator] {
        [Self.buyer, Self.supplier].filter { ids.contains($0.operatorID) }
    }

    func registerParts(_ structure: OuranosPartsStructure, replacingChildren: Bool, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPartsStructure {
        func stored(_ part: OuranosPart) -> OuranosPart {
            let index = nextTrace.withLock { value in
                value += 1
                return value
            }
            return OuranosPart(
                traceID: part.traceID ?? String(format: "20000000-0000-4000-8000-%012d", index), operatorID: part.operatorID, plantID: part.plantID,
                partsName: part.partsName, supportPartsName: part.supportPartsName, amountRequired: part.amountRequired,
                amountRequiredUnit: part.amountRequiredUnit, terminatedFlag: part.terminatedFlag, partsLabelName: part.partsLabelName
            )
        }
        return OuranosPartsStructure(parent: stored(structure.parent), children: structure.children.map(stored))
    }

    func createTradeRequest(_ request: OuranosTradeRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosTradeRequestReceipt {
        let index = created.withLock { trades in
            trades.append(request)
            return trades.count
        }
        let delay = tradeDelay.withLock { $0 }
        if delay > .zero { try? await Task.sleep(for: delay) }
        let trade = OuranosTrade(
            tradeID: tradeID(index), downstreamOperatorID: request.downstreamOperatorID, upstreamOperatorID: request.upstreamOperatorID,
            downstreamTraceID: request.downstreamTraceID, upstreamTraceID: nil
        )
        return OuranosTradeRequestReceipt(trade: trade, status: status(index, request))
    }

    func tradeRequests(traceIDs: [String]?, for caller: OuranosOperator) async throws(OuranosError) -> [OuranosTrade] {
        created.withLock { trades in
            trades.enumerated().reversed().map { index, request in
                OuranosTrade(
                    tradeID: tradeID(index + 1), downstreamOperatorID: request.downstreamOperatorID, upstreamOperatorID: request.upstreamOperatorID,
                    downstreamTraceID: request.downstreamTraceID, upstreamTraceID: nil
                )
            }
        }.filter { traceIDs?.contains($0.downstreamTraceID) ?? true }
    }

    func statuses(_ query: OuranosStatusQuery, page: OuranosPageRequest, for caller: OuranosOperator) async throws(OuranosError) -> OuranosPage<OuranosStatus> {
        let all = created.withLock { trades in trades.enumerated().reversed().map { status($0 + 1, $1) } }
        return try OuranosPage(of: all.filter { query.statusID == nil || $0.statusID == query.statusID }, id: \.statusID, request: page)
    }

    func cfps(traceIDs: [String], for caller: OuranosOperator) async throws(OuranosError) -> [OuranosCFP] {
        traceIDs.flatMap { traceID in
            [
                OuranosCFP(cfpID: nil, traceID: traceID, ghgEmission: JSONNumber(text: "1.5"), ghgDeclaredUnit: "kgCO2e/kilogram", cfpType: "preProductionResponse", dqrType: "preProcessingResponse", ter: JSONNumber(text: "2.1"), ger: JSONNumber(text: "0"), tir: nil),
                OuranosCFP(cfpID: nil, traceID: traceID, ghgEmission: JSONNumber(text: "10"), ghgDeclaredUnit: "kgCO2e/kilogram", cfpType: "mainProductionResponse", dqrType: "mainProcessingResponse", ter: JSONNumber(text: "2.1"), ger: JSONNumber(text: "0"), tir: nil),
            ]
        }
    }

    private func tradeID(_ index: Int) -> String { String(format: "10000000-0000-4000-8000-%012d", index) }

    private func status(_ index: Int, _ request: OuranosTradeRequest) -> OuranosStatus {
        OuranosStatus(
            statusID: String(format: "00000000-0000-4000-8000-%012d", index), tradeID: tradeID(index),
            responseStatus: sentBack.withLock { $0 } != nil ? .reject : answered.withLock { $0 } ? .completed : .notCompleted, treeStatus: .unterminated,
            message: request.message, replyMessage: sentBack.withLock { $0 }, responseDueDate: request.responseDueDate
        )
    }
}
