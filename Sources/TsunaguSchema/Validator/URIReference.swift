import Foundation

/// Just enough RFC 3986 reference resolution for `$id` and `$ref`: schemes, authorities, paths,
/// dot segments and fragments (queries travel with the path).
enum URIReference {
    /// `reference` made absolute against `base`.
    static func resolve(_ reference: String, against base: String) -> String {
        if hasScheme(reference) { return removingDotSegments(reference) }
        let (baseWithoutFragment, _) = splitFragment(base)
        if reference.isEmpty { return baseWithoutFragment }
        if reference.hasPrefix("#") { return baseWithoutFragment + reference }
        guard let colon = baseWithoutFragment.firstIndex(of: ":") else { return reference }
        let scheme = baseWithoutFragment[..<colon]
        if reference.hasPrefix("//") { return removingDotSegments(scheme + ":" + reference) }
        let afterScheme = baseWithoutFragment[baseWithoutFragment.index(after: colon)...]
        var authority = ""
        var path = Substring(afterScheme)
        if afterScheme.hasPrefix("//") {
            let rest = afterScheme.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = "//" + rest[..<end]
            path = rest[end...]
        }
        if reference.hasPrefix("/") { return removingDotSegments(scheme + ":" + authority + reference) }
        let directory: Substring
        if let slash = path.lastIndex(of: "/") {
            directory = path[...slash]
        } else {
            directory = authority.isEmpty ? "" : "/"
        }
        return removingDotSegments(scheme + ":" + authority + directory + reference)
    }

    /// The URI without its fragment, and the fragment (percent-decoded), when there is one.
    static func splitFragment(_ uri: String) -> (String, String?) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, nil) }
        let fragment = String(uri[uri.index(after: hash)...])
        return (String(uri[..<hash]), fragment.removingPercentEncoding ?? fragment)
    }

    static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.unicodeScalars.first, first.isASCIILetter else { return false }
        return scheme.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || "+-.".unicodeScalars.contains($0) }
    }

    private static func removingDotSegments(_ uri: String) -> String {
        let (withoutFragment, fragment) = uri.firstIndex(of: "#").map { (String(uri[..<$0]), String(uri[$0...])) } ?? (uri, "")
        guard withoutFragment.contains("/.") else { return uri }
        var prefix = ""
        var path = Substring(withoutFragment)
        if let range = withoutFragment.range(of: "://") {
            let rest = withoutFragment[range.upperBound...]
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            prefix = String(withoutFragment[..<end])
            path = rest[end...]
        }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            switch segment {
            case ".": if index == segments.count - 1 { output.append("") }
            case "..":
                if output.count > 1 { output.removeLast() }
                if index == segments.count - 1 { output.append("") }
            default: output.append(segment)
            }
        }
        return prefix + output.joined(separator: "/") + fragment
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
    var isASCIIHexDigit: Bool { isASCIIDigit || (0x41...0x46).contains(value) || (0x61...0x66).contains(value) }
}
