import Foundation

/// An absolute http(s) URL of a PACT host, checked once.
struct PACTURL: Sendable, Hashable {
    /// The URL without a trailing slash.
    let text: String
    let scheme: String
    let host: String
    let port: Int?

    init(parsing text: String) throws(PACTClientError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http"
        else { throw PACTClientError.invalidURL(text, reason: "is not an absolute http(s) URL") }
        guard let host = components.host, !host.isEmpty else {
            throw PACTClientError.invalidURL(text, reason: "has no host")
        }
        self.text = text.hasSuffix("/") ? String(text.dropLast()) : text
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port
    }

    /// `path` (starting with `/`) appended to this URL.
    func appending(_ path: String) -> String { text + path }

    /// The port, with the scheme's default when none is written.
    var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// Whether `other` names the same origin (scheme, host and port).
    func sameOrigin(as other: PACTURL) -> Bool {
        scheme == other.scheme && host == other.host && effectivePort == other.effectivePort
    }
}

/// Percent-encoding for query values and form bodies: everything but RFC 3986's unreserved characters.
public enum PACTQueryEncoding {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// `text` with every byte outside the unreserved set written as `%XX`.
    public static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// A query string (without `?`) from name/value pairs, in order, repeated names kept.
    /// A leading `$` of a name stays as it is (`$filter`): hosts match the name literally.
    public static func query(_ items: [(name: String, value: String)]) -> String {
        items.map { item in
            let name = item.name.hasPrefix("$") ? "$" + encode(String(item.name.dropFirst())) : encode(item.name)
            return name + "=" + encode(item.value)
        }.joined(separator: "&")
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
