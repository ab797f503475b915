/// Why a call to a PACT host failed, with what the host said when it answered.
///
/// Keeps the HTTP status and PACT's `{"code", "message"}` (or OAuth's `{"error",
/// "error_description"}` from a token endpoint) so a caller can tell `AccessDenied` from
/// `NotFound` without parsing text. Compare ``category`` to tell the kinds of failure apart;
/// new categories may be added without breaking callers.
public struct PACTClientError: Error, Sendable, Hashable, CustomStringConvertible {
    fileprivate enum Kind: String, Sendable, Hashable {
        case timeout
        case transport
        case invalidURL
        case invalidRequest
        case invalidResponse
        case authenticationFailed
        case rejected
    }

    /// A kind of failure.
    public struct Category: Sendable, Hashable, CustomStringConvertible {
        fileprivate let kind: Kind

        /// The call did not finish before its deadline.
        public static let timeout = Category(kind: .timeout)
        /// The connection failed (refused, reset, TLS handshake or certificate not trusted).
        public static let transport = Category(kind: .transport)
        /// A URL given or received (such as a pagination link) is not an absolute http(s) URL.
        public static let invalidURL = Category(kind: .invalidURL)
        /// The request cannot be expressed in the PACT version asked for (such as `$filter` in v3).
        public static let invalidRequest = Category(kind: .invalidRequest)
        /// The host answered, but not in PACT's shape (not JSON, no `data`, too large).
        public static let invalidResponse = Category(kind: .invalidResponse)
        /// The token endpoint refused the client credentials or gave no access token.
        public static let authenticationFailed = Category(kind: .authenticationFailed)
        /// The API answered with an error status (see ``PACTClientError/status`` and ``PACTClientError/code``).
        public static let rejected = Category(kind: .rejected)

        public var description: String { kind.rawValue }
    }

    private let kind: Kind
    /// The HTTP status when the host answered, else `nil`.
    public let status: Int?
    /// PACT's error `code` (or OAuth's `error` from a token endpoint) when the body carried one.
    public let code: String?
    /// What went wrong: the host's own message when it sent one, otherwise ours.
    public let message: String
    /// The URL that was called.
    public let url: String?

    private init(_ kind: Kind, status: Int? = nil, code: String? = nil, message: String, url: String?) {
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message
        self.url = url
    }

    /// The kind of failure.
    public var category: Category { Category(kind: kind) }

    static func timeout(after seconds: Double, url: String) -> PACTClientError {
        PACTClientError(.timeout, message: "no complete answer within \(seconds) s", url: url)
    }

    static func transport(_ reason: String, url: String) -> PACTClientError {
        PACTClientError(.transport, message: reason, url: url)
    }

    static func invalidURL(_ text: String, reason: String) -> PACTClientError {
        PACTClientError(.invalidURL, message: "'\(text)' \(reason)", url: text)
    }

    static func invalidRequest(_ reason: String) -> PACTClientError {
        PACTClientError(.invalidRequest, message: reason, url: nil)
    }

    static func invalidResponse(_ reason: String, status: Int?, url: String) -> PACTClientError {
        PACTClientError(.invalidResponse, status: status, message: reason, url: url)
    }

    static func authenticationFailed(status: Int?, error: String?, description: String, url: String) -> PACTClientError {
        PACTClientError(.authenticationFailed, status: status, code: error, message: description, url: url)
    }

    static func rejected(status: Int, code: String?, message: String, url: String) -> PACTClientError {
        PACTClientError(.rejected, status: status, code: code, message: message, url: url)
    }

    public var description: String {
        var text = "PACT call failed (\(kind.rawValue))"
        if let status { text += ", HTTP \(status)" }
        if let code { text += ", \(code)" }
        text += ": \(message)"
        if let url { text += " [\(url)]" }
        return text
    }
}
