import Foundation
import HTTPTypes
import Hummingbird
import TsunaguCore

/// The Catena-X PCF Exchange API (CX-0136) as a provider serves it behind its connector:
/// `GET /footprintExchange/{requestId}` (a request, answered 202 at once and later by a PUT to the
/// requester), `PUT /footprintExchange/{requestId}` (a partner's answer or update), and the
/// deprecated `GET`/`PUT /productIds/{productId}?requestId=…`.
///
/// Every call must come through a hop that `trust` accepts; the requester is the `Edc-Bpn` that
/// hop set. Every refusal is a status with a `{"message"}` body saying what to fix.
public struct CatenaXHostRoutes<Backend: CatenaXHostBackend>: Sendable {
    let backend: Backend
    let trust: CatenaXRequesterTrust
    let servedVersions: @Sendable () -> Set<CatenaXDataModelVersion>
    let maximumBodyBytes: Int

    /// The longest `message` the API allows.
    public static var maximumMessageLength: Int { 250 }
    /// The longest request or part id accepted; longer ones are refused rather than stored.
    public static var maximumIdentifierLength: Int { 256 }

    /// Creates the routes.
    /// - Parameters:
    ///   - trust: which hops may name the requester (see `CatenaXRequesterTrust`).
    ///   - servedVersions: the aspect model versions answers can be given in; a request for any
    ///     other `dataModelVersion` is refused with 422.
    ///   - maximumBodyBytes: the largest PCF document accepted.
    public init(backend: Backend, trust: CatenaXRequesterTrust, servedVersions: Set<CatenaXDataModelVersion> = [.defaultVersion], maximumBodyBytes: Int = 4 * 1024 * 1024) {
        self.init(backend: backend, trust: trust, servingVersions: { servedVersions }, maximumBodyBytes: maximumBodyBytes)
    }

    /// Creates the routes with the served versions asked at every request (they follow the rules
    /// in force, which a reload changes).
    public init(
        backend: Backend, trust: CatenaXRequesterTrust, servingVersions: @escaping @Sendable () -> Set<CatenaXDataModelVersion>,
        maximumBodyBytes: Int = 4 * 1024 * 1024
    ) {
        self.backend = backend
        self.trust = trust
        self.servedVersions = servingVersions
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Adds the routes to `router`. The peer address check of `trust` needs a `Context` that
    /// conforms to `RemoteAddressRequestContext`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        // PCF Exchange API 1.1.2 answers the current form with 200 (the answer follows as a PUT),
        // the deprecated /productIds form with 202.
        router.get("/footprintExchange/:requestId") { request, context in
            await respond(status: .ok) { () throws(CatenaXError) in
                let requester = try requester(request, context)
                let requestID = try Self.pathParameter(context.parameters.get("requestId"), name: "requestId")
                let query = Self.query(request)
                let manufacturerPartID = try Self.nonEmpty(query["manufacturerPartId"], name: "manufacturerPartId")
                let customerPartID = try Self.nonEmpty(query["customerPartId"], name: "customerPartId")
                guard manufacturerPartID != nil || customerPartID != nil else {
                    throw CatenaXError.badRequest("name the part: give manufacturerPartId or customerPartId (or both) as query parameters")
                }
                try await accept(requestID: requestID, manufacturerPartID: manufacturerPartID, customerPartID: customerPartID, query: query, requester: requester, form: .footprintExchange)
            }
        }
        router.get("/productIds/:productId") { request, context in
            await respond(status: .accepted) { () throws(CatenaXError) in
                let requester = try requester(request, context)
                let productID = try Self.pathParameter(context.parameters.get("productId"), name: "productId")
                let query = Self.query(request)
                guard let requestID = try Self.nonEmpty(query["requestId"], name: "requestId") else {
                    throw CatenaXError.badRequest("missing requestId query parameter: the deprecated /productIds form needs ?requestId=<id of this request>")
                }
                try await accept(requestID: requestID, manufacturerPartID: productID, customerPartID: nil, query: query, requester: requester, form: .productIDs(productID: productID))
            }
        }
        router.put("/footprintExchange/:requestId") { request, context in
            await respond(status: .ok) { () throws(CatenaXError) in
                let sender = try requester(request, context)
                let requestID = try Self.pathParameter(context.parameters.get("requestId"), name: "requestId")
                try await receive(request, requestID: requestID, sender: sender, form: .footprintExchange)
            }
        }
        router.put("/productIds/:productId") { request, context in
            await respond(status: .ok) { () throws(CatenaXError) in
                let sender = try requester(request, context)
                let productID = try Self.pathParameter(context.parameters.get("productId"), name: "productId")
                let requestID = try Self.nonEmpty(Self.query(request)["requestId"], name: "requestId")
                try await receive(request, requestID: requestID, sender: sender, form: .productIDs(productID: productID))
            }
        }
    }

    private func respond(status: HTTPResponse.Status, _ body: () async throws(CatenaXError) -> Void) async -> Response {
        do {
            try await body()
            return Response(status: status)
        } catch {
            return .json(error.body, status: HTTPResponse.Status(code: error.status))
        }
    }

    private func requester<Context: RequestContext>(_ request: Request, _ context: Context) throws(CatenaXError) -> BusinessPartnerNumber {
        let peer = (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress
        return try trust.requester(headers: request.headers, peerAddress: peer)
    }

    private func accept(requestID: String, manufacturerPartID: String?, customerPartID: String?, query: [String: String], requester: BusinessPartnerNumber, form: CatenaXExchangeForm) async throws(CatenaXError) {
        let message = try Self.message(query)
        // The deprecated form is PCF Exchange API 1.1.x, whose payloads are 7.0.0 and which has no
        // dataModelVersion: a requester on it reads 7.0.0 unless it names another.
        let version = try dataModelVersion(query["dataModelVersion"], default: form == .footprintExchange ? .defaultVersion : .v7)
        guard let replyAddress = try await backend.replyAddress(for: requester) else {
            throw CatenaXError.forbidden("\(requester) is not a registered partner of this gateway: no PCF exchange endpoint is known to send the answer to; ask the provider to register your BPN")
        }
        let request = CatenaXFootprintRequest(
            requestID: requestID, manufacturerPartID: manufacturerPartID, customerPartID: customerPartID, message: message,
            requester: requester, dataModelVersion: version, replyAddress: replyAddress, form: form
        )
        try await backend.accept(request)
    }

    private func receive(_ request: Request, requestID: String?, sender: BusinessPartnerNumber, form: CatenaXExchangeForm) async throws(CatenaXError) {
        let query = Self.query(request)
        let message = try Self.message(query)
        var isUpdate: Bool
        switch query["update"]?.lowercased() {
        case nil, "false": isUpdate = false
        case "true": isUpdate = true
        case let other?: throw CatenaXError.badRequest("update must be true or false, found '\(other.prefix(20))'")
        }
        // The deprecated form has no update parameter: a PUT without its requestId is an update
        // (CX-0136 1.1.2: the requestId "can be dismissed in a PCF update call").
        if case .productIDs = form, requestID == nil { isUpdate = true }
        if case .footprintExchange = form, requestID == nil {
            throw CatenaXError.badRequest("missing requestId in the path: PUT /footprintExchange/{requestId}")
        }
        let document: JSONValue
        switch await request.jsonBody(limit: maximumBodyBytes) {
        case .success(let value): document = value
        case .failure(let problem): throw problem.isTooLarge ? CatenaXError.payloadTooLarge(problem.message) : CatenaXError.badRequest(problem.message)
        }
        guard document.objectValue != nil else {
            throw CatenaXError.badRequest("the body must be a PCF aspect document (a JSON object), found \(document.typeName)")
        }
        try await backend.receive(CatenaXFootprintDelivery(requestID: requestID, sender: sender, document: document, message: message, isUpdate: isUpdate, form: form))
    }

    private func dataModelVersion(_ text: String?, default fallback: CatenaXDataModelVersion) throws(CatenaXError) -> CatenaXDataModelVersion {
        let served = servedVersions()
        let servedList = served.sorted().map(\.text).joined(separator: ", ")
        guard let text else {
            guard served.contains(fallback) else {
                throw CatenaXError.unprocessable("no dataModelVersion given and the default \(fallback) is not served here: ask for one of \(servedList)")
            }
            return fallback
        }
        guard let version = CatenaXDataModelVersion(text) else {
            throw CatenaXError.badRequest("dataModelVersion must be major.minor.patch, e.g. 9.0.0, found '\(text.prefix(20))'")
        }
        guard served.contains(version) else {
            throw CatenaXError.unprocessable("data model version \(version) cannot be served: ask for one of \(servedList)")
        }
        return version
    }

    static func query(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        for item in request.uri.queryParameters where values[String(item.key)] == nil {
            values[String(item.key)] = String(item.value)
        }
        return values
    }

    static func pathParameter(_ raw: String?, name: String) throws(CatenaXError) -> String {
        guard let raw, let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
            throw CatenaXError.badRequest("\(name) in the path is missing or not valid percent-encoding")
        }
        return try nonEmpty(decoded, name: name) ?? decoded
    }

    static func nonEmpty(_ value: String?, name: String) throws(CatenaXError) -> String? {
        guard let value else { return nil }
        guard !value.isEmpty else { throw CatenaXError.badRequest("\(name) is empty: give a value or leave the parameter out") }
        guard value.count <= maximumIdentifierLength else {
            throw CatenaXError.badRequest("\(name) has \(value.count) characters: at most \(maximumIdentifierLength) are accepted")
        }
        return value
    }

    static func message(_ query: [String: String]) throws(CatenaXError) -> String? {
        guard let message = query["message"] else { return nil }
        guard message.count <= maximumMessageLength else {
            throw CatenaXError.badRequest("message has \(message.count) characters: at most \(maximumMessageLength) are allowed")
        }
        return message
    }
}
