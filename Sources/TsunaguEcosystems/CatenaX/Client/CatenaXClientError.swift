/// Why a call to a Catena-X partner failed.
public struct CatenaXClientError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case timedOut(seconds: Double)
        case unreachable(String)
        case refused(status: Int, message: String)
        case responseTooLarge(limit: Int)
        case invalidAddress(String)
    }

    private let kind: Kind

    /// The partner did not answer within the deadline.
    public static func timedOut(after seconds: Double) -> CatenaXClientError { CatenaXClientError(kind: .timedOut(seconds: seconds)) }
    /// The partner could not be reached (connection refused, TLS failure, reset).
    public static func unreachable(_ reason: String) -> CatenaXClientError { CatenaXClientError(kind: .unreachable(reason)) }
    /// The partner answered with a status other than the expected one.
    public static func refused(status: Int, message: String) -> CatenaXClientError { CatenaXClientError(kind: .refused(status: status, message: message)) }
    /// The partner's answer exceeded the size limit.
    public static func responseTooLarge(limit: Int) -> CatenaXClientError { CatenaXClientError(kind: .responseTooLarge(limit: limit)) }
    /// The endpoint's base URL cannot be used.
    public static func invalidAddress(_ address: String) -> CatenaXClientError { CatenaXClientError(kind: .invalidAddress(address)) }

    /// The partner's HTTP status, when it answered.
    public var status: Int? {
        if case .refused(let status, _) = kind { return status }
        return nil
    }

    /// Whether trying again later may succeed: timeouts, unreachable partners, 408, 429 and 5xx.
    public var isTransient: Bool {
        switch kind {
        case .timedOut, .unreachable: true
        case .refused(let status, _): status == 408 || status == 429 || status >= 500
        case .responseTooLarge, .invalidAddress: false
        }
    }

    /// Whether the partner refused the call for good, so that the same call would be refused
    /// again: 400 (malformed), 404 (no such request or part), 410 (gone) and 422 (a document or
    /// version it cannot take). Other refusals may pass later: 401 and 403 (an EDC data plane
    /// answers 403 when the connector's access token has expired), 409 (the receiver is busy with
    /// the request), 413 (a body limit its operator can raise), 408 and 429.
    public var isRefusalForGood: Bool {
        guard case .refused(let status, _) = kind else { return false }
        return Self.refusalsForGood.contains(status)
    }

    /// The statuses that refuse a call for good (see ``isRefusalForGood``).
    static let refusalsForGood: Set<Int> = [400, 404, 410, 422]

    /// Whether the partner did not answer in time.
    public var isTimeout: Bool {
        if case .timedOut = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .timedOut(let seconds): "the Catena-X partner did not answer within \(seconds) s"
        case .unreachable(let reason): "the Catena-X partner could not be reached: \(reason)"
        case .refused(let status, let message): "the Catena-X partner answered \(status)\(message.isEmpty ? "" : ": \(message)")"
        case .responseTooLarge(let limit): "the Catena-X partner's answer exceeded \(limit) bytes"
        case .invalidAddress(let address): "'\(address)' is not an http(s) base URL of a PCF exchange endpoint"
        }
    }
}
