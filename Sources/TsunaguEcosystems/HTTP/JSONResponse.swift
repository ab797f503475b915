import Hummingbird
import NIOCore
import TsunaguCore

extension Response {
    /// A JSON response with exact numbers and sorted keys.
    public static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let bytes = JSONWriter().bytes(value)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Request {
    /// The body parsed as JSON, at most `limit` bytes and with the parser's depth limit.
    /// - Returns: the value, or a message saying why the body is not acceptable.
    public func jsonBody(limit: Int) async -> Result<JSONValue, BodyProblem> {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            return .failure(BodyProblem(message: "the body is larger than the limit of \(limit) bytes", isTooLarge: true))
        }
        do {
            return .success(try JSONParser(maximumBytes: limit).parse(buffer.readableBytesView))
        } catch {
            return .failure(BodyProblem(message: "the body is not valid JSON: \(error.description)", isTooLarge: false))
        }
    }
}

/// Why a request body was not accepted.
public struct BodyProblem: Error, Sendable {
    /// What to fix.
    public let message: String
    /// Whether the body exceeded the size limit (HTTP 413).
    public let isTooLarge: Bool
}
