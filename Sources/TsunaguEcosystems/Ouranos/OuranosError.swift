import TsunaguCore

/// A refusal in the Ouranos data-transaction system's vocabulary: an HTTP status and a body
/// `{"code": "[system] Name", "message", "detail"}`, where the system is `auth` for the
/// authentication endpoints and the API key, and `dataspace` for data transport.
public struct OuranosError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The subsystem named in the code.
    public enum System: String, Sendable, Hashable {
        /// Authentication (`/auth/*`, `/api/v1/authInfo`, API keys and tokens).
        case auth
        /// Data transport (`/api/v1/datatransport`).
        case dataspace
        /// The traceability system behind data transport (errors it reports itself).
        case traceability
    }

    /// The HTTP status.
    public let status: Int
    /// The code, e.g. `[dataspace] BadRequest`.
    public let code: String
    /// What was wrong and what to do instead.
    public let message: String

    /// Creates an error; prefer the named constructors.
    public init(status: Int, system: System, name: String, message: String) {
        self.status = status
        self.code = "[\(system.rawValue)] \(name)"
        self.message = message
    }

    /// 400 `BadRequest`: a parameter or the body is not valid.
    public static func badRequest(_ message: String, system: System = .dataspace) -> OuranosError {
        OuranosError(status: 400, system: system, name: "BadRequest", message: message)
    }
    /// 401 `Unauthorized`: no access token, an invalid or expired one, or wrong credentials.
    public static func unauthorized(_ message: String) -> OuranosError { OuranosError(status: 401, system: .auth, name: "Unauthorized", message: message) }
    /// 403 `AccessDenied`: no API key, a wrong one, or an operator acting for another.
    public static func accessDenied(_ message: String) -> OuranosError { OuranosError(status: 403, system: .auth, name: "AccessDenied", message: message) }
    /// 404 `NotFound`: no such endpoint or entity.
    public static func notFound(_ message: String, system: System = .dataspace) -> OuranosError {
        OuranosError(status: 404, system: system, name: "NotFound", message: message)
    }
    /// 500 `InternalServerError`.
    public static func internalError(_ message: String, system: System = .dataspace) -> OuranosError {
        OuranosError(status: 500, system: system, name: "InternalServerError", message: message)
    }
    /// 503 `ServiceUnavailable`: something outside the gateway failed (an upstream partner).
    public static func serviceUnavailable(_ message: String, system: System = .dataspace) -> OuranosError {
        OuranosError(status: 503, system: system, name: "ServiceUnavailable", message: message)
    }
    /// 504 `Timeout`: something outside the gateway did not answer in time.
    public static func timeout(_ message: String, system: System = .traceability) -> OuranosError {
        OuranosError(status: 504, system: system, name: "Timeout", message: message)
    }

    /// The body, with `detail` naming the operator, the time, the data target and the method as Ouranos does.
    public func body(operatorID: String?, timeStamp: String, dataTarget: String?, method: String) -> JSONValue {
        [
            "code": .string(code), "message": .string(message),
            "detail": .string("id: \(operatorID ?? ""), timeStamp: \(timeStamp), dataTarget: \(dataTarget ?? ""), method: \(method)"),
        ]
    }

    public var description: String { "\(status) \(code): \(message)" }
}
