import TsunaguCore

/// One HTTP request to a PACT host, as the client or the conformance suite sends it.
public struct PACTHTTPRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields in the order they are sent.
    public var headers: [(name: String, value: String)]
    /// The body, when there is one.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP answer from a PACT host, kept whole so callers can check status, headers and body.
public struct PACTHTTPResponse: Sendable {
    /// The URL that answered.
    public let url: String
    /// The HTTP status code.
    public let status: Int
    /// Header fields as received.
    public let headers: [(name: String, value: String)]
    /// The body bytes (bounded by the client's response size limit).
    public let body: [UInt8]

    /// Creates a response; used by the transport and by tests.
    public init(url: String, status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Every value of the header `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The body parsed as JSON with exact numbers, or `nil` when it is empty or not JSON.
    public var json: JSONValue? {
        guard !body.isEmpty else { return nil }
        return try? JSONParser(maximumBytes: max(body.count, 1)).parse(body)
    }

    /// The body as text (invalid UTF-8 repaired), for messages.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
