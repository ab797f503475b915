/// Where a Catena-X partner's PCF exchange API is reached: normally the consumer connector's
/// data plane (an EDR's endpoint) plus the headers it needs (the EDR's `Authorization` token).
public struct CatenaXEndpoint: Sendable, Hashable {
    /// The base URL that `/footprintExchange/...` and `/productIds/...` are appended to.
    public let baseURL: String
    /// Headers sent on every call, e.g. `Authorization` with the EDR token.
    public let headers: [String: String]

    /// Creates an endpoint; a trailing slash of `baseURL` is dropped.
    public init(baseURL: String, headers: [String: String] = [:]) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.headers = headers
    }
}
