/// The links of RFC 8288 `Link` header fields, by relation type: how PACT hosts announce the
/// next page of ListFootprints (`<https://host/3/footprints?...>; rel="next"`).
public struct PACTLinkHeader: Sendable, Hashable {
    /// Target URIs by relation type (lower-cased); the first link of each relation wins.
    public let links: [String: String]

    /// Parses every value of the `Link` fields; values that are not links are skipped.
    public init(values: [String]) {
        var links: [String: String] = [:]
        for value in values {
            for (target, relations) in Self.parse(value) {
                for relation in relations where links[relation] == nil {
                    links[relation] = target
                }
            }
        }
        self.links = links
    }

    /// The `rel="next"` target, if any.
    public var next: String? { links["next"] }

    /// Splits one field value into (target, relation types), honouring quoted strings so a
    /// comma inside quotes or inside `<...>` does not split a link.
    private static func parse(_ value: String) -> [(String, [String])] {
        var result: [(String, [String])] = []
        var characters = Substring(value)
        while let open = characters.firstIndex(of: "<") {
            guard let close = characters[open...].firstIndex(of: ">") else { break }
            let target = String(characters[characters.index(after: open)..<close]).trimmingWhitespace()
            var rest = characters[characters.index(after: close)...]
            var parameters = ""
            var inQuotes = false
            var end = rest.endIndex
            for index in rest.indices {
                let character = rest[index]
                if character == "\"" { inQuotes.toggle() }
                if character == ",", !inQuotes {
                    end = index
                    break
                }
                parameters.append(character)
            }
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[rest.endIndex...]
            var relations: [String] = []
            for parameter in parameters.split(separator: ";") {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "rel" else { continue }
                var relation = pair[1].trimmingWhitespace()
                if relation.hasPrefix("\""), relation.hasSuffix("\""), relation.count >= 2 {
                    relation = String(relation.dropFirst().dropLast())
                }
                relations += relation.split(separator: " ").map { $0.lowercased() }
            }
            if !target.isEmpty, !relations.isEmpty { result.append((target, relations)) }
            characters = rest
        }
        return result
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
