import TsunaguCore

/// One node of a mapping file as written: a scalar, a mapping or a sequence, with the line it
/// starts on, so every later diagnostic can point at the line a person wrote.
struct SyntaxNode: Sendable {
    /// The shape of a node.
    enum Kind: Sendable {
        /// A scalar; `plain` is false when it was quoted or a block scalar (then it is always a string).
        case scalar(String, plain: Bool)
        /// A mapping, keys in the order written.
        case mapping([(key: String, keyLine: Int, value: SyntaxNode)])
        /// A sequence.
        case sequence([SyntaxNode])
    }

    /// What the node is.
    let kind: Kind
    /// The 1-based line the node starts on.
    let line: Int

    /// The scalar text, when this is a scalar.
    var scalarText: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The members, when this is a mapping.
    var members: [(key: String, keyLine: Int, value: SyntaxNode)]? {
        if case .mapping(let members) = self.kind { return members }
        return nil
    }

    /// The elements, when this is a sequence.
    var elements: [SyntaxNode]? {
        if case .sequence(let elements) = kind { return elements }
        return nil
    }

    /// The member `key` of a mapping.
    subscript(key: String) -> SyntaxNode? {
        members?.first { $0.key == key }?.value
    }

    /// A short word for the node's shape, for diagnostics.
    var shapeName: String {
        switch kind {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// The node as a JSON value: a plain scalar that is a JSON number literal becomes that number
    /// with exactly its text, `true`/`false`/`null` become themselves, anything else a string.
    var jsonValue: JSONValue {
        switch kind {
        case .scalar(let text, let plain):
            guard plain else { return .string(text) }
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default: return JSONNumber(text: text).map(JSONValue.number) ?? .string(text)
            }
        case .mapping(let members):
            var object: JSONObject = [:]
            for member in members { object[member.key] = member.value.jsonValue }
            return .object(object)
        case .sequence(let elements):
            return .array(elements.map(\.jsonValue))
        }
    }
}
