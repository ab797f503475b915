import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TsunaguCore

/// Calls a Catena-X partner's PCF exchange API: asks for a footprint (`GET
/// /footprintExchange/{requestId}`, answered later by the partner's PUT to the gateway) and
/// answers a partner's request or pushes an update (`PUT /footprintExchange/{requestId}`).
///
/// Every call ends within `timeout`, whatever the partner does; failures are `CatenaXClientError`s.
public struct CatenaXClient: Sendable {
    let call: OutboundCall

    /// Creates a client.
    /// - Parameters:
    ///   - timeout: the deadline of each call, from sending to the last byte of the answer.
    ///   - maximumResponseBytes: the largest answer body read.
    public init(httpClient: HTTPClient, timeout: Duration = .seconds(10), maximumResponseBytes: Int = 64 * 1024) {
        call = OutboundCall(httpClient: httpClient, timeout: timeout, maximumResponseBytes: maximumResponseBytes)
    }

    /// Asks the partner for the footprint of a part; the partner answers later with a PUT to
    /// the gateway's `/footprintExchange/{requestId}`.
    /// - Parameters:
    ///   - requestID: the id the answer will carry; a new UUID by default.
    ///   - dataModelVersion: the aspect model version wanted; left out (the partner's default, 9.0.0) when `nil`.
    /// - Returns: the request id, once the partner accepted the request (200 or 202).
    /// - Throws: `CatenaXClientError`; `refused(status: 422, …)` when the partner cannot serve the version.
    @discardableResult
    public func requestFootprint(
        from endpoint: CatenaXEndpoint, requestID: String = UUID().uuidString.lowercased(), manufacturerPartID: String?, customerPartID: String?,
        message: String? = nil, dataModelVersion: CatenaXDataModelVersion? = nil
    ) async throws(CatenaXClientError) -> String {
        var items: [URLQueryItem] = []
        if let manufacturerPartID { items.append(URLQueryItem(name: "manufacturerPartId", value: manufacturerPartID)) }
        if let customerPartID { items.append(URLQueryItem(name: "customerPartId", value: customerPartID)) }
        if let message { items.append(URLQueryItem(name: "message", value: String(message.prefix(250)))) }
        if let dataModelVersion { items.append(URLQueryItem(name: "dataModelVersion", value: dataModelVersion.text)) }
        let url = try Self.url(endpoint, path: "/footprintExchange/\(Self.pathSegment(requestID))", items: items)
        try await send(.GET, url: url, endpoint: endpoint, body: nil, expecting: [200, 202])
        return requestID
    }

    /// Answers a partner's request (`isUpdate == false`) or pushes a later update of a
    /// footprint (`isUpdate == true`) to the partner's PCF exchange endpoint.
    /// - Parameters:
    ///   - form: the path form the partner's request used; the deprecated form PUTs to `/productIds/{productId}`.
    /// - Throws: `CatenaXClientError` unless the partner answered 2xx.
    public func deliverFootprint(
        _ document: JSONValue, to endpoint: CatenaXEndpoint, requestID: String, isUpdate: Bool = false, message: String? = nil,
        form: CatenaXExchangeForm = .footprintExchange
    ) async throws(CatenaXClientError) {
        try await deliverFootprint(encoded: JSONWriter().bytes(document), to: endpoint, requestID: requestID, isUpdate: isUpdate, message: message, form: form)
    }

    /// Sends a footprint as ``deliverFootprint(_:to:requestID:isUpdate:message:form:)`` does, the
    /// document given as its JSON text (UTF-8), already encoded.
    public func deliverFootprint(
        encoded document: [UInt8], to endpoint: CatenaXEndpoint, requestID: String, isUpdate: Bool = false, message: String? = nil,
        form: CatenaXExchangeForm = .footprintExchange
    ) async throws(CatenaXClientError) {
        var items: [URLQueryItem] = []
        if let message { items.append(URLQueryItem(name: "message", value: String(message.prefix(250)))) }
        let path: String
        switch form {
        case .footprintExchange:
            path = "/footprintExchange/\(Self.pathSegment(requestID))"
            items.append(URLQueryItem(name: "update", value: isUpdate ? "true" : "false"))
        case .productIDs(let productID):
            // The deprecated form marks an update by leaving the requestId out (CX-0136 1.1.2).
            path = "/productIds/\(Self.pathSegment(productID))"
            if !isUpdate { items.append(URLQueryItem(name: "requestId", value: requestID)) }
        }
        let url = try Self.url(endpoint, path: path, items: items)
        try await send(.PUT, url: url, endpoint: endpoint, body: document, expecting: Array(200..<300))
    }

    private func send(_ method: HTTPMethod, url: String, endpoint: CatenaXEndpoint, body: [UInt8]?, expecting: [Int]) async throws(CatenaXClientError) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in endpoint.headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        switch await call.perform(request) {
        case .success(let reply):
            guard expecting.contains(reply.status) else {
                let message = (try? JSONParser(maximumBytes: 64 * 1024).parse(reply.body.readableBytesView))?["message"]?.stringValue
                    ?? String(decoding: reply.body.readableBytesView.prefix(300), as: UTF8.self)
                throw CatenaXClientError.refused(status: reply.status, message: message)
            }
        case .failure(.timedOut):
            throw CatenaXClientError.timedOut(after: Double(call.timeout.components.seconds) + Double(call.timeout.components.attoseconds) / 1e18)
        case .failure(.bodyTooLarge):
            throw CatenaXClientError.responseTooLarge(limit: call.maximumResponseBytes)
        case .failure(.transport(let reason)):
            throw CatenaXClientError.unreachable(reason)
        }
    }

    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func url(_ endpoint: CatenaXEndpoint, path: String, items: [URLQueryItem]) throws(CatenaXClientError) -> String {
        guard let base = URL(string: endpoint.baseURL), let scheme = base.scheme?.lowercased(), ["http", "https"].contains(scheme), base.host != nil else {
            throw CatenaXClientError.invalidAddress(endpoint.baseURL)
        }
        var components = URLComponents()
        components.queryItems = items
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
        return endpoint.baseURL + path + (query.isEmpty ? "" : "?" + query)
    }
}
