extension StringProtocol {
    /// The text of one `application/x-www-form-urlencoded` name or value decoded: `+` is a space,
    /// then percent escapes are decoded (``percentDecoded``).
    ///
    /// OAuth 2.0 form-encodes a client id and secret before they become the user name and password
    /// of HTTP Basic authentication (RFC 6749 §2.3.1); ``PACTQueryEncoding/encode(_:)`` writes them.
    public var formDecoded: String {
        guard utf8.contains(UInt8(ascii: "+")) else { return percentDecoded }
        return replacingOccurrences(of: "+", with: " ").percentDecoded
    }
}
