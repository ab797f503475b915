/// Why a call to an Ouranos-side system failed.
public struct OuranosClientError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case timedOut(seconds: Double)
        case unreachable(String)
        case refused(status: Int, code: String, message: String)
        case invalidResponse(String)
        case responseTooLarge(limit: Int)
        case invalidAddress(String)
    }

    private let kind: Kind

    /// The system did not answer within the deadline.
    public static func timedOut(after seconds: Double) -> OuranosClientError { OuranosClientError(kind: .timedOut(seconds: seconds)) }
    /// The system could not be reached.
    public static func unreachable(_ reason: String) -> OuranosClientError { OuranosClientError(kind: .unreachable(reason)) }
    /// The system answered with an error status and (when it sent one) its code and message.
    public static func refused(status: Int, code: String, message: String) -> OuranosClientError { OuranosClientError(kind: .refused(status: status, code: code, message: message)) }
    /// The answer is not the model the call expects (the reason names the field).
    public static func invalidResponse(_ reason: String) -> OuranosClientError { OuranosClientError(kind: .invalidResponse(reason)) }
    /// The answer exceeded the size limit.
    public static func responseTooLarge(limit: Int) -> OuranosClientError { OuranosClientError(kind: .responseTooLarge(limit: limit)) }
    /// The base URL cannot be used.
    public static func invalidAddress(_ address: String) -> OuranosClientError { OuranosClientError(kind: .invalidAddress(address)) }

    /// The system's HTTP status, when it answered with an error.
    public var status: Int? {
        if case .refused(let status, _, _) = kind { return status }
        return nil
    }

    /// The system's error code (e.g. `[auth] Unauthorized`), when it sent one.
    public var code: String? {
        if case .refused(_, let code, _) = kind, !code.isEmpty { return code }
        return nil
    }

    /// Whether the access token was refused (log in again).
    public var isUnauthorized: Bool { status == 401 }

    /// Whether the system did not answer in time.
    public var isTimeout: Bool {
        if case .timedOut = kind { return true }
        return false
    }

    /// Whether trying again later may succeed: timeouts, unreachable systems, 408, 429 and 5xx.
    public var isTransient: Bool {
        switch kind {
        case .timedOut, .unreachable: true
        case .refused(let status, _, _): status == 408 || status == 429 || status >= 500
        case .invalidResponse, .responseTooLarge, .invalidAddress: false
        }
    }

    public var description: String {
        switch kind {
        case .timedOut(let seconds): "the Ouranos system did not answer within \(seconds) s"
        case .unreachable(let reason): "the Ouranos system could not be reached: \(reason)"
        case .refused(let status, let code, let message): "the Ouranos system answered \(status)\(code.isEmpty ? "" : " \(code)")\(message.isEmpty ? "" : ": \(message)")"
        case .invalidResponse(let reason): "the Ouranos system's answer is not valid: \(reason)"
        case .responseTooLarge(let limit): "the Ouranos system's answer exceeded \(limit) bytes"
        case .invalidAddress(let address): "'\(address)' is not an http(s) base URL"
        }
    }
}
