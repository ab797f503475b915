import TsunaguCore

/// A refusal in Catena-X's vocabulary: an HTTP status and a JSON body `{"message": ...}` whose
/// message says what to fix.
///
/// The PCF Exchange API (CX-0136) defines statuses, not error bodies: 400 for a malformed call,
/// 401/403 for a caller that is not (trusted to be) who it says, 404 for an unknown part or
/// request, 422 for a data model version or document that cannot be served or accepted.
public struct CatenaXError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public let status: Int
    /// What was wrong and what to do instead.
    public let message: String

    /// Creates an error; prefer the named constructors.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// 400: the call is malformed (a missing or invalid parameter, header or body).
    public static func badRequest(_ message: String) -> CatenaXError { CatenaXError(status: 400, message: message) }
    /// 401: the requester could not be identified.
    public static func unauthorized(_ message: String) -> CatenaXError { CatenaXError(status: 401, message: message) }
    /// 403: the call came through a hop that is not trusted, or the requester may not have this.
    public static func forbidden(_ message: String) -> CatenaXError { CatenaXError(status: 403, message: message) }
    /// 404: no such part, or no open request with this id.
    public static func notFound(_ message: String) -> CatenaXError { CatenaXError(status: 404, message: message) }
    /// 413: the body exceeds the size limit.
    public static func payloadTooLarge(_ message: String) -> CatenaXError { CatenaXError(status: 413, message: message) }
    /// 422: the data model version cannot be served, or a document does not satisfy its schema.
    public static func unprocessable(_ message: String) -> CatenaXError { CatenaXError(status: 422, message: message) }
    /// 500: the gateway failed; the message names what failed without internals.
    public static func internalError(_ message: String) -> CatenaXError { CatenaXError(status: 500, message: message) }
    /// 503: the gateway cannot take the request now (an upstream or the store is unavailable).
    public static func serviceUnavailable(_ message: String) -> CatenaXError { CatenaXError(status: 503, message: message) }

    /// The JSON body sent with the status.
    public var body: JSONValue { ["message": .string(message)] }

    public var description: String { "\(status): \(message)" }
}
