import TsunaguCore

/// The vocabularies a policy's names may come from, with the IRIs they are known by.
enum PolicyNamespace: Sendable, Hashable {
    case odrl
    case catenaX
    case edc
    case tsunagu

    /// Namespace IRIs, longest first where one is a prefix of another.
    static let iris: [(String, PolicyNamespace)] = [
        ("https://w3id.org/catenax/2025/9/policy/", .catenaX),
        ("https://w3id.org/catenax/policy/v1.0.0/", .catenaX),
        ("https://w3id.org/catenax/policy/", .catenaX),
        ("http://www.w3.org/ns/odrl/2/", .odrl),
        ("https://www.w3.org/ns/odrl/2/", .odrl),
        ("https://w3id.org/edc/v0.0.1/ns/", .edc),
        ("urn:tsunagu:policy:", .tsunagu),
    ]

    /// Prefixes that mean a vocabulary even when a document's inline `@context` does not define them.
    static let defaultPrefixes: [String: String] = [
        "odrl": "http://www.w3.org/ns/odrl/2/",
        "cx-policy": "https://w3id.org/catenax/2025/9/policy/",
        "edc": "https://w3id.org/edc/v0.0.1/ns/",
        "tsunagu": "urn:tsunagu:policy:",
    ]
}

/// A name from a policy document, resolved against the document's prefixes.
struct ResolvedName: Sendable, Hashable {
    /// The vocabulary, or `nil` for a bare term (defined by a remote context Tsunagu does not fetch).
    let namespace: PolicyNamespace?
    /// The name within its vocabulary.
    let local: String
}

/// The prefixes in force for one document: the defaults plus those its inline `@context` objects define.
struct PrefixTable: Sendable {
    private var prefixes = PolicyNamespace.defaultPrefixes

    /// Adds the prefix definitions of one `@context` value (a string, an object or an array of them).
    mutating func add(context: JSONValue?) {
        guard let context else { return }
        switch context {
        case .array(let items): for item in items { add(context: item) }
        case .object(let members):
            for (key, value) in members where !key.hasPrefix("@") {
                // A context's own `odrl` entry may point at a remote context document rather than
                // the ODRL namespace (the Catena-X 2025/9 context does); `odrl:` keeps meaning ODRL.
                if key == "odrl" { continue }
                if let iri = value.stringValue ?? value["@id"]?.stringValue, iri.hasSuffix("/") || iri.hasSuffix("#") || iri.hasSuffix(":") {
                    prefixes[key] = iri
                }
            }
        default: break
        }
    }

    /// Resolves `term`; `nil` when it uses a prefix or IRI of no known vocabulary.
    func resolve(_ term: String) -> ResolvedName? {
        for (iri, namespace) in PolicyNamespace.iris where term.hasPrefix(iri) {
            return ResolvedName(namespace: namespace, local: String(term.dropFirst(iri.count)))
        }
        guard let colon = term.firstIndex(of: ":") else { return ResolvedName(namespace: nil, local: term) }
        let prefix = String(term[..<colon])
        guard let iri = prefixes[prefix] else { return nil }
        let expanded = iri + term[term.index(after: colon)...]
        for (known, namespace) in PolicyNamespace.iris where expanded.hasPrefix(known) {
            return ResolvedName(namespace: namespace, local: String(expanded.dropFirst(known.count)))
        }
        return nil
    }
}
