import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TsunaguCore

/// Calls an Ouranos-side data-transaction system for the gateway: logs in, finds the supplier by
/// its corporate number, puts a CFP trade request, reads its status and the CFP.
///
/// Every call sends the `apiKey` header, business calls the access token as Bearer. Lists are
/// followed through their `link` headers; only the link's query is used, against the configured
/// base URL, so credentials never go to another host. Every call ends within `timeout`.
public struct OuranosClient: Sendable {
    let call: OutboundCall
    let baseURL: String
    let apiKey: String

    /// The most pages one list call follows.
    public static var maximumPages: Int { 1000 }

    /// The most items one list call keeps, over all its pages.
    public static var maximumListItems: Int { 10_000 }

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: the system's base URL (`/api/v1/...` and `/auth/...` are appended).
    ///   - apiKey: the API key issued to the gateway by that system.
    ///   - timeout: the deadline of each HTTP exchange, from sending to the last byte.
    public init(httpClient: HTTPClient, baseURL: String, apiKey: String, timeout: Duration = .seconds(10), maximumResponseBytes: Int = 4 * 1024 * 1024) {
        call = OutboundCall(httpClient: httpClient, timeout: timeout, maximumResponseBytes: maximumResponseBytes)
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
    }

    /// Logs in with an operator account (`POST /auth/login`).
    public func login(accountID: String, password: String) async throws(OuranosClientError) -> OuranosTokens {
        let body: JSONValue = ["operatorAccountId": .string(accountID), "accountPassword": .string(password)]
        let (answer, _) = try await send(.POST, path: "/auth/login", query: [], token: nil, body: body, expecting: [200, 201])
        guard let access = answer["accessToken"]?.stringValue, let refresh = answer["refreshToken"]?.stringValue else {
            throw OuranosClientError.invalidResponse("the login answer has no accessToken and refreshToken strings")
        }
        return OuranosTokens(accessToken: access, refreshToken: refresh)
    }

    /// A new access token (`POST /auth/refresh`).
    public func refresh(refreshToken: String) async throws(OuranosClientError) -> String {
        let (answer, _) = try await send(.POST, path: "/auth/refresh", query: [], token: nil, body: ["refreshToken": .string(refreshToken)], expecting: [200, 201])
        guard let access = answer["accessToken"]?.stringValue else { throw OuranosClientError.invalidResponse("the refresh answer has no accessToken string") }
        return access
    }

    /// The logged-in operator (`GET /api/v1/authInfo?dataTarget=operator`): the gateway's own
    /// internal id in that system, which its parts and trade requests must name.
    public func currentOperator(accessToken: String) async throws(OuranosClientError) -> OuranosOperator {
        let (answer, _) = try await send(.GET, path: "/api/v1/authInfo", query: [("dataTarget", "operator")], token: accessToken, body: nil, expecting: [200])
        return try Self.model { () throws(OuranosModelProblem) in try OuranosOperator(json: answer) }
    }

    /// The operator with a corporate number (`GET /api/v1/authInfo?dataTarget=operator&openOperatorId=…`),
    /// e.g. to find the internal id of the supplier to ask. The answer's number must be the one asked for.
    public func operatorInfo(corporateNumber: CorporateNumber, accessToken: String) async throws(OuranosClientError) -> OuranosOperator {
        let (answer, _) = try await send(.GET, path: "/api/v1/authInfo", query: [("dataTarget", "operator"), ("openOperatorId", corporateNumber.digits)], token: accessToken, body: nil, expecting: [200])
        let found = try Self.model { () throws(OuranosModelProblem) in try OuranosOperator(json: answer) }
        guard found.corporateNumber == corporateNumber else {
            throw OuranosClientError.invalidResponse("asked for operator \(corporateNumber) but the answer names \(found.corporateNumber)")
        }
        return found
    }

    /// Puts a CFP trade request (`PUT /api/v1/datatransport?dataTarget=tradeRequest`).
    /// - Returns: the trade and status with the ids the system assigned.
    public func putTradeRequest(_ request: OuranosTradeRequest, accessToken: String) async throws(OuranosClientError) -> OuranosTradeRequestReceipt {
        let (answer, _) = try await send(.PUT, path: "/api/v1/datatransport", query: [("dataTarget", "tradeRequest")], token: accessToken, body: request.json, expecting: [200, 201])
        return try Self.model { () throws(OuranosModelProblem) in
            let trade = try OuranosTrade(json: answer["tradeModel"] ?? .null)
            guard trade.tradeID != nil else { throw OuranosModelProblem("tradeId", "was not assigned.") }
            let status = try OuranosJSON.object(answer["statusModel"], "statusModel")
            let statusID = try OuranosJSON.uuid(status, "statusId")
            return OuranosTradeRequestReceipt(
                trade: trade,
                status: OuranosStatus(statusID: statusID, tradeID: trade.tradeID ?? "", responseStatus: .notCompleted, treeStatus: .unterminated, message: request.message, responseDueDate: request.responseDueDate)
            )
        }
    }

    /// Registers a parent part with its child parts (`PUT …?dataTarget=partsStructure`); a new
    /// part has a `nil` trace id. The child's trace id is what a trade request asks about.
    /// - Returns: the parent and the children with the trace ids the system assigned, in order.
    public func putPartsStructure(_ structure: OuranosPartsStructure, accessToken: String) async throws(OuranosClientError) -> OuranosPartsStructure {
        let (answer, _) = try await send(.PUT, path: "/api/v1/datatransport", query: [("dataTarget", "partsStructure")], token: accessToken, body: structure.json, expecting: [200, 201])
        return try Self.model { () throws(OuranosModelProblem) in
            let stored = try OuranosPartsStructure(json: answer)
            guard stored.parent.traceID != nil, stored.children.allSatisfy({ $0.traceID != nil }), stored.children.count == structure.children.count else {
                throw OuranosModelProblem("traceId", "was not assigned to every part.")
            }
            return stored
        }
    }

    /// The statuses of the gateway's requests (`GET …?dataTarget=status`), every page.
    /// - Parameters:
    ///   - pageSize: the `limit` of each page (1–100).
    public func statuses(target: OuranosStatusQuery.Target? = .request, statusID: String? = nil, traceID: String? = nil, accessToken: String, pageSize: Int = 100) async throws(OuranosClientError) -> [OuranosStatus] {
        var query: [(String, String)] = [("dataTarget", "status"), ("limit", String(min(max(pageSize, 1), 100)))]
        if let target { query.append(("statusTarget", target.rawValue)) }
        if let statusID { query.append(("statusId", statusID)) }
        if let traceID { query.append(("traceId", traceID)) }
        let items = try await list(query: query, accessToken: accessToken)
        return try items.enumerated().map { (index, item) throws(OuranosClientError) in
            try Self.model(at: index) { () throws(OuranosModelProblem) in try OuranosStatus(json: item) }
        }
    }

    /// The CFP values of up to 50 trace ids (`GET …?dataTarget=cfp&traceIds=…`).
    public func cfps(traceIDs: [String], accessToken: String) async throws(OuranosClientError) -> [OuranosCFP] {
        let (answer, _) = try await send(.GET, path: "/api/v1/datatransport", query: [("dataTarget", "cfp"), ("traceIds", traceIDs.joined(separator: ","))], token: accessToken, body: nil, expecting: [200])
        guard let items = answer.arrayValue else { throw OuranosClientError.invalidResponse("the cfp answer is not an array") }
        return try items.enumerated().map { (index, item) throws(OuranosClientError) in
            try Self.model(at: index) { () throws(OuranosModelProblem) in try OuranosCFP(json: item) }
        }
    }

    private func list(query: [(String, String)], accessToken: String) async throws(OuranosClientError) -> [JSONValue] {
        var items: [JSONValue] = []
        var pageQuery = query
        var seen: Set<String> = []
        // A partner's pages are held only while they keep to the limit asked for and, together,
        // to `maximumListItems`: endless or oversized pages cannot fill the gateway's memory.
        let limit = query.first { $0.0 == "limit" }.flatMap { Int($0.1) } ?? 100
        for _ in 0..<Self.maximumPages {
            let (answer, headers) = try await send(.GET, path: "/api/v1/datatransport", query: pageQuery, token: accessToken, body: nil, expecting: [200])
            guard let page = answer.arrayValue else { throw OuranosClientError.invalidResponse("a list answer is not an array") }
            guard page.count <= limit else { throw OuranosClientError.invalidResponse("a page holds \(page.count) items, more than the limit of \(limit) asked for") }
            guard items.count + page.count <= Self.maximumListItems else {
                throw OuranosClientError.invalidResponse("the list runs past \(Self.maximumListItems) items")
            }
            items += page
            guard let link = headers.first(name: "link"), let next = Self.nextQuery(link) else { return items }
            let key = next.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            guard seen.insert(key).inserted else { throw OuranosClientError.invalidResponse("the link header repeats a page it already gave") }
            pageQuery = next
        }
        throw OuranosClientError.invalidResponse("the list did not end within \(Self.maximumPages) pages")
    }

    /// The query items of the URL in a `link` header (`<url>; rel="next"` or `<url>;`).
    static func nextQuery(_ link: String) -> [(String, String)]? {
        guard let open = link.firstIndex(of: "<"), let close = link[open...].firstIndex(of: ">") else { return nil }
        let target = link[link.index(after: open)..<close]
        guard let components = URLComponents(string: String(target)), let items = components.queryItems, !items.isEmpty else { return nil }
        return items.map { ($0.name, $0.value ?? "") }
    }

    private func send(_ method: HTTPMethod, path: String, query: [(String, String)], token: String?, body: JSONValue?, expecting: [Int]) async throws(OuranosClientError) -> (JSONValue, HTTPHeaders) {
        guard let base = URL(string: baseURL), let scheme = base.scheme?.lowercased(), ["http", "https"].contains(scheme), base.host != nil else {
            throw OuranosClientError.invalidAddress(baseURL)
        }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let encoded = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
        var request = HTTPClientRequest(url: baseURL + path + (encoded.isEmpty ? "" : "?" + encoded))
        request.method = method
        request.headers.add(name: "apiKey", value: apiKey)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: JSONWriter().bytes(body)))
        }
        switch await call.perform(request) {
        case .success(let reply):
            let json = try? JSONParser(maximumBytes: call.maximumResponseBytes).parse(reply.body.readableBytesView)
            guard expecting.contains(reply.status) else {
                throw OuranosClientError.refused(status: reply.status, code: json?["code"]?.stringValue ?? "", message: json?["message"]?.stringValue ?? String(decoding: reply.body.readableBytesView.prefix(300), as: UTF8.self))
            }
            guard let json else { throw OuranosClientError.invalidResponse("the answer to \(method.rawValue) \(path) is not JSON") }
            return (json, reply.headers)
        case .failure(.timedOut):
            throw OuranosClientError.timedOut(after: Double(call.timeout.components.seconds) + Double(call.timeout.components.attoseconds) / 1e18)
        case .failure(.bodyTooLarge):
            throw OuranosClientError.responseTooLarge(limit: call.maximumResponseBytes)
        case .failure(.transport(let reason)):
            throw OuranosClientError.unreachable(reason)
        }
    }

    static func model<Value>(at index: Int? = nil, _ read: () throws(OuranosModelProblem) -> Value) throws(OuranosClientError) -> Value {
        do {
            return try read()
        } catch {
            throw OuranosClientError.invalidResponse(index.map { "item \($0): \(error.description)" } ?? error.description)
        }
    }
}
