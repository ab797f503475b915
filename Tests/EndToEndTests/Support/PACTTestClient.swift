import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TsunaguCore
import TsunaguEcosystems

/// Minimal raw HTTP calls for end-to-end assertions (status, headers and exact bodies).
struct PACTTestClient {
    let http: HTTPClient
    let baseURL: String

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: JSONValue?
        let text: String
    }

    func call(_ method: HTTPMethod, _ path: String, headers: [String: String] = [:], body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 1 << 24)
        let text = String(buffer: bytes)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: fields, body: try? JSONParser().parse(text), text: text)
    }

    func token(clientID: String, secret: String) async throws -> String {
        let reply = try await call(
            .POST, "/auth/token",
            headers: ["Authorization": PACTCredentials(clientID: clientID, clientSecret: secret).basicAuthorization, "Content-Type": "application/x-www-form-urlencoded"],
            body: "grant_type=client_credentials"
        )
        guard let token = reply.body?["access_token"]?.stringValue else { throw TestGatewayError("no token: \(reply.status) \(reply.text)") }
        return token
    }

    func event(_ event: JSONValue, version: String, token: String) async throws -> Reply {
        try await call(.POST, "/\(version)/events", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/cloudevents+json; charset=UTF-8"], body: event.jsonText)
    }
}
