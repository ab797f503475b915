/// Why a fetch from the tenant's store or an upstream partner did not return a footprint.
public struct UpstreamFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of failure, which decides whether it is retried and how it is answered.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// No answer in time (a timeout, a refused connection): retried.
        case unreachable
        /// The upstream answered that it cannot serve now (5xx, 429), or its circuit is open: retried.
        case unavailable
        /// The upstream answered with something that is not a valid footprint: not retried.
        case invalidAnswer
        /// The upstream has no footprint for the product: not retried.
        case notFound
        /// The upstream refused the gateway (401/403, a rejection event): not retried.
        case refused
        /// The gateway is not set up to ask the partner (a secret variable not set, an unusable
        /// base URL, no corporate number): not retried. The requester learns only that the
        /// partner cannot be asked; what to set is for the operator (the audit trail).
        case notConfigured
    }

    /// The kind of failure.
    public let kind: Kind
    /// What happened, in words for the requester and operators (no secrets).
    public let message: String

    /// Creates a failure.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Whether another attempt may succeed.
    public var isTransient: Bool { kind == .unreachable || kind == .unavailable }

    public var description: String { "\(kind.rawValue): \(message)" }
}
