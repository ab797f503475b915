/// An access token from a PACT host's token endpoint (RFC 6749 section 4.4).
public struct PACTAccessToken: Sendable, Hashable {
    /// The bearer token.
    public let value: String
    /// The `token_type` the host gave (`Bearer`).
    public let type: String
    /// The lifetime the host gave in `expires_in`, if any.
    public let lifetime: Duration?
    /// When the token was received.
    public let received: ContinuousClock.Instant

    /// Creates a token.
    public init(value: String, type: String = "Bearer", lifetime: Duration?, received: ContinuousClock.Instant = .now) {
        self.value = value
        self.type = type
        self.lifetime = lifetime
        self.received = received
    }

    /// Whether the token should be replaced before use at `now`: it expires within `margin`
    /// (at most half its lifetime, so short-lived tokens are still reused).
    public func needsRenewal(at now: ContinuousClock.Instant, margin: Duration) -> Bool {
        guard let lifetime else { return false }
        let effectiveMargin = min(margin, lifetime / 2)
        return now >= received + lifetime - effectiveMargin
    }

    /// The `Authorization` header value.
    public var authorization: String { "Bearer \(value)" }
}

extension PACTAccessToken: CustomStringConvertible {
    /// Never prints the token itself.
    public var description: String {
        "\(type) token" + (lifetime.map { " valid for \($0.seconds) s" } ?? "")
    }
}
