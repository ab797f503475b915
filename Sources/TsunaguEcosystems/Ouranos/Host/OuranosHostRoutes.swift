import Foundation
import HTTPTypes
import Hummingbird
import TsunaguCore

/// The parts of the Ouranos data-transaction API (spec 3.0.0) an Ouranos-side company needs to
/// ask for a supplier's CFP through the gateway and read the answer:
/// `POST /auth/login`, `POST /auth/refresh`, `GET /api/v1/authInfo?dataTarget=operator`,
/// `PUT …?dataTarget=parts` and `…=partsStructure` (the buyer's own parts, whose trace ids it asks
/// about), `PUT`/`GET /api/v1/datatransport?dataTarget=tradeRequest`, `GET …?dataTarget=status` and
/// `GET …?dataTarget=cfp&traceIds=…`.
///
/// Every call needs the `apiKey` header; business calls also `Authorization: Bearer`. Lists page
/// with `limit` (1–100, default 100) and `after`, the next page's URL in a `link` header.
/// Refusals use Ouranos's `{"code": "[system] Name", "message", "detail"}` bodies.
public struct OuranosHostRoutes<Backend: OuranosHostBackend>: Sendable {
    let backend: Backend
    let publicBaseURL: String?
    let maximumBodyBytes: Int

    /// The data targets served on `/api/v1/datatransport`.
    public static var servedDataTargets: [String] { ["tradeRequest", "status", "cfp"] }
    /// The data targets accepted by `PUT /api/v1/datatransport`.
    public static var writableDataTargets: [String] { ["parts", "partsStructure", "tradeRequest"] }
    /// The most items a page holds, and the default page size.
    public static var maximumLimit: Int { 100 }
    /// The most trace ids one `traceIds` parameter may name.
    public static var maximumTraceIDs: Int { 50 }

    /// Creates the routes.
    /// - Parameters:
    ///   - publicBaseURL: the base URL clients use (behind a proxy); when `nil`, `link` headers
    ///     are built from the `Host` the client used, with the `https` scheme.
    public init(backend: Backend, publicBaseURL: String? = nil, maximumBodyBytes: Int = 1024 * 1024) {
        self.backend = backend
        self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Adds the routes to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/auth/login") { request, _ in
            await respond(request, dataTarget: nil) { (_: inout OuranosOperator?) throws(OuranosError) in
                try await checkKey(request)
                let body = try await jsonObject(request, system: .auth)
                let account = try Self.validated(system: .auth) { () throws(OuranosModelProblem) in try OuranosJSON.string(body, "operatorAccountId", maxLength: 256) }
                let password = try Self.validated(system: .auth) { () throws(OuranosModelProblem) in try OuranosJSON.string(body, "accountPassword", maxLength: 256) }
                let tokens = try await backend.login(accountID: account, password: password)
                return .json(["accessToken": .string(tokens.accessToken), "refreshToken": .string(tokens.refreshToken)], status: .created)
            }
        }
        router.post("/auth/refresh") { request, _ in
            await respond(request, dataTarget: nil) { (_: inout OuranosOperator?) throws(OuranosError) in
                try await checkKey(request)
                let body = try await jsonObject(request, system: .auth)
                let refreshToken = try Self.validated(system: .auth) { () throws(OuranosModelProblem) in try OuranosJSON.string(body, "refreshToken", maxLength: 4096) }
                let accessToken = try await backend.refresh(refreshToken: refreshToken)
                return .json(["accessToken": .string(accessToken)], status: .created)
            }
        }
        router.get("/api/v1/authInfo") { request, _ in
            let query = Self.query(request)
            return await respondToOperator(request, dataTarget: query["dataTarget"]) { (caller: OuranosOperator) throws(OuranosError) in
                guard query["dataTarget"] == "operator" else {
                    throw OuranosError.badRequest("Invalid request parameters, dataTarget: Unexpected query parameter (authInfo serves dataTarget=operator)", system: .auth)
                }
                return try await operatorInfo(query, caller: caller)
            }
        }
        router.get("/api/v1/datatransport") { request, _ in
            let query = Self.query(request)
            return await respondToOperator(request, dataTarget: query["dataTarget"]) { (caller: OuranosOperator) throws(OuranosError) in
                switch query["dataTarget"] {
                case "tradeRequest":
                    let traceIDs = try query["traceIds"].map { text throws(OuranosError) in try Self.traceIDs(text, name: "traceIds") }
                    let trades = try await backend.tradeRequests(traceIDs: traceIDs, for: caller)
                    // Ouranos ignores limit when traceIds is given.
                    if traceIDs != nil { return .json(.array(trades.map(\.json))) }
                    return try page(trades, id: { $0.tradeID ?? "" }, json: \.json, request: request, query: query)
                case "status":
                    let statusQuery = try Self.statusQuery(query)
                    let pageRequest = try Self.pageRequest(query)
                    // The backend cuts the page itself: each status costs it a read of its relay request.
                    let statuses = try await backend.statuses(statusQuery, page: pageRequest, for: caller)
                    return respond(statuses, limit: pageRequest.limit, id: \.statusID, json: \.json, request: request, query: query)
                case "cfp":
                    guard let text = query["traceIds"] else {
                        throw OuranosError.badRequest("Invalid request parameters, traceIds: cannot be blank (give up to \(Self.maximumTraceIDs) trace ids, comma-separated)")
                    }
                    let cfps = try await backend.cfps(traceIDs: try Self.traceIDs(text, name: "traceIds"), for: caller)
                    return .json(.array(cfps.map(\.json)))
                default:
                    throw Self.unexpectedDataTarget(query["dataTarget"], method: "GET")
                }
            }
        }
        router.put("/api/v1/datatransport") { request, _ in
            let query = Self.query(request)
            return await respondToOperator(request, dataTarget: query["dataTarget"]) { (caller: OuranosOperator) throws(OuranosError) in
                // A target that is not served is named as the problem, whatever the body holds.
                guard let target = query["dataTarget"], Self.writableDataTargets.contains(target) else {
                    throw Self.unexpectedDataTarget(query["dataTarget"], method: "PUT")
                }
                let body = try await jsonValue(request, system: .dataspace)
                switch target {
                case "tradeRequest":
                    return try await createTradeRequest(body, caller: caller)
                case "parts":
                    let parent = try Self.validated(system: .dataspace) { () throws(OuranosModelProblem) in try OuranosPart(json: body) }
                    let stored = try await registerParts(OuranosPartsStructure(parent: parent, children: []), replacingChildren: false, caller: caller)
                    return .json(stored.parent.json, status: .created)
                case "partsStructure":
                    let structure = try Self.validated(system: .dataspace) { () throws(OuranosModelProblem) in try OuranosPartsStructure(json: body) }
                    return .json(try await registerParts(structure, replacingChildren: true, caller: caller).json, status: .created)
                default:
                    throw Self.unexpectedDataTarget(query["dataTarget"], method: "PUT")
                }
            }
        }
    }

    private func createTradeRequest(_ body: JSONValue, caller: OuranosOperator) async throws(OuranosError) -> Response {
        let tradeRequest = try Self.validated(system: .dataspace) { () throws(OuranosModelProblem) in try OuranosTradeRequest(json: body) }
        guard tradeRequest.downstreamOperatorID == caller.operatorID.lowercased() else {
            throw OuranosError.accessDenied("downstreamOperatorId must be your own operator id \(caller.operatorID): a trade request can only be made for the logged-in operator")
        }
        guard tradeRequest.upstreamOperatorID != tradeRequest.downstreamOperatorID else {
            throw OuranosError.badRequest("Validation failed, upstreamOperatorId: must name another operator than downstreamOperatorId.")
        }
        let receipt = try await backend.createTradeRequest(tradeRequest, for: caller)
        return .json(receipt.json, status: .created)
    }

    private func registerParts(_ structure: OuranosPartsStructure, replacingChildren: Bool, caller: OuranosOperator) async throws(OuranosError) -> OuranosPartsStructure {
        for part in [structure.parent] + structure.children where part.operatorID != caller.operatorID.lowercased() {
            throw OuranosError.accessDenied("operatorId must be your own operator id \(caller.operatorID): parts can only be registered for the logged-in operator")
        }
        let stored = try await backend.registerParts(structure, replacingChildren: replacingChildren, for: caller)
        guard stored.children.count == structure.children.count, stored.parent.traceID != nil, stored.children.allSatisfy({ $0.traceID != nil }) else {
            throw OuranosError.internalError("Unexpected error occurred: the parts were not all given trace ids")
        }
        return stored
    }

    /// Runs `body` and answers an error in Ouranos's shape; `body` names the caller once it has
    /// logged in, so that the error's `detail` names it as Ouranos does.
    private func respond(_ request: Request, dataTarget: String?, _ body: (inout OuranosOperator?) async throws(OuranosError) -> Response) async -> Response {
        var response: Response
        var caller: OuranosOperator?
        do {
            response = try await body(&caller)
        } catch {
            let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
            response = .json(
                error.body(operatorID: caller?.operatorID, timeStamp: stamp, dataTarget: dataTarget, method: request.method.rawValue),
                status: HTTPResponse.Status(code: error.status))
        }
        response.headers[Self.trackHeader] = UUID().uuidString.lowercased()
        return response
    }

    /// As `respond(_:dataTarget:_:)` for a call by a logged-in operator, which `body` receives.
    private func respondToOperator(_ request: Request, dataTarget: String?, _ body: (OuranosOperator) async throws(OuranosError) -> Response) async -> Response {
        await respond(request, dataTarget: dataTarget) { (caller: inout OuranosOperator?) throws(OuranosError) in
            let authenticated = try await authenticate(request)
            caller = authenticated
            return try await body(authenticated)
        }
    }

    /// The header Ouranos answers with to name a call when asking its operator about it.
    static var trackHeader: HTTPField.Name { OuranosUnknownEndpoint.trackHeader }

    private func checkKey(_ request: Request) async throws(OuranosError) {
        guard let key = request.headers[HTTPField.Name("apiKey") ?? .authorization], !key.isEmpty else {
            throw OuranosError.accessDenied("You do not have the necessary privileges: send the apiKey header with the API key issued to your system")
        }
        try await backend.checkAPIKey(key)
    }

    private func authenticate(_ request: Request) async throws(OuranosError) -> OuranosOperator {
        try await checkKey(request)
        guard let header = request.headers[.authorization] else {
            throw OuranosError.unauthorized("Authentication required: send 'Authorization: Bearer <accessToken>' obtained from /auth/login")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OuranosError.unauthorized("Invalid or expired token: use the Bearer scheme with the accessToken from /auth/login")
        }
        return try await backend.authenticate(accessToken: parts[1].trimmingCharacters(in: .whitespaces))
    }

    private func operatorInfo(_ query: [String: String], caller: OuranosOperator) async throws(OuranosError) -> Response {
        switch (query["openOperatorId"], query["operatorIds"]) {
        case (.some, .some):
            throw OuranosError.badRequest("Invalid request parameters, only one of operatorIds and openOperatorId can be set.", system: .auth)
        case (let open?, nil):
            guard let number = CorporateNumber(open) else {
                throw OuranosError.badRequest("Invalid request parameters, openOperatorId: '\(open.prefix(20))' is not a corporate number (法人番号: 13 digits whose leftmost digit is the check digit)", system: .auth)
            }
            return .json(try await backend.operatorInfo(corporateNumber: number, for: caller).json)
        case (nil, let ids?):
            let list = ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard !list.isEmpty, list.count <= 100, list.allSatisfy(UUIDText.isValid) else {
                throw OuranosError.badRequest("Invalid request parameters, operatorIds: give 1 to 100 operator ids (UUIDs), comma-separated", system: .auth)
            }
            return .json(.array(try await backend.operators(ids: list, for: caller).map(\.json)))
        case (nil, nil):
            return .json(caller.json)
        }
    }

    private func jsonValue(_ request: Request, system: OuranosError.System) async throws(OuranosError) -> JSONValue {
        switch await request.jsonBody(limit: maximumBodyBytes) {
        case .success(let value): return value
        case .failure(let problem): throw OuranosError.badRequest("Validation failed, \(problem.message)", system: system)
        }
    }

    private func jsonObject(_ request: Request, system: OuranosError.System) async throws(OuranosError) -> JSONObject {
        let value = try await jsonValue(request, system: system)
        guard let object = value.objectValue else { throw OuranosError.badRequest("Validation failed, the body must be a JSON object", system: system) }
        return object
    }
}
