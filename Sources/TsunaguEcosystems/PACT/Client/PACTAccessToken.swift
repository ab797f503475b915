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

    /// The longest lifetime kept, whatever `expires_in` a host gives: one day.
    public static let maximumLifetime: Duration = .seconds(86_400)

    /// The lifetime of a token whose `expires_in` is `seconds`, at most ``maximumLifetime``
    /// (also for an infinite value, a number too large for `Double`); `nil`, as when the host
    /// gives none, for a negative value or NaN. Never traps, whatever the host sent.
    public static func lifetime(expiresIn seconds: Double) -> Duration? {
        guard seconds >= 0 else { return nil }
        guard seconds < Double(maximumLifetime.components.seconds) else { return maximumLifetime }
        return .milliseconds(Int64((seconds * 1000).rounded()))
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
