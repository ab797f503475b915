import TsunaguCore

extension MappingCompiler {
    mutating func compileTables(_ node: SyntaxNode) {
        guard let members = node.members else {
            error(node.line, "tables must be a mapping from table names to {values, unmatched}")
            return
        }
        for member in members {
            let table = member.value
            guard table.members != nil else {
                error(member.keyLine, "table '\(member.key)' must be a mapping with values: and unmatched:")
                continue
            }
            checkKeys(table, allowed: ["values", "unmatched"], in: "table '\(member.key)'")
            var values: [String: JSONValue] = [:]
            if let entries = table["values"]?.members {
                for entry in entries { values[entry.key] = entry.value.jsonValue }
            } else {
                error(table.line, "table '\(member.key)' needs values: (a mapping from source values to target values)")
            }
            guard let unmatchedNode = table["unmatched"] else {
                error(table.line, "table '\(member.key)' needs unmatched: (error, carry, or {default: VALUE}) for values it does not list")
                continue
            }
            let unmatched: EnumerationTable.Unmatched
            switch unmatchedNode.scalarText {
            case "error": unmatched = .error
            case "carry": unmatched = .carry
            default:
                if let members = unmatchedNode.members, members.count == 1, members[0].key == "default" {
                    unmatched = .fallback(members[0].value.jsonValue)
                } else {
                    error(unmatchedNode.line, "unmatched: of table '\(member.key)' must be error, carry, or {default: VALUE}")
                    continue
                }
            }
            tables[member.key] = EnumerationTable(name: member.key, values: values, unmatched: unmatched)
        }
    }

    mutating func extensionPlace(_ node: SyntaxNode, key: String, model: ModelID?, what: String) -> ExtensionPlace? {
        guard node.members != nil else {
            error(node.line, "\(what): must be a mapping with \(key): (the array of extensions)")
            return nil
        }
        checkKeys(node, allowed: [key, "dataSchema"], in: what)
        guard let placeNode = node[key], let place = path(placeNode, scope: .root, isTarget: what == "carry", what: key) else {
            if node[key] == nil { error(node.line, "\(what): needs \(key): (the array of extensions, such as /extensions)") }
            return nil
        }
        guard !place.hasWildcard, let pointer = JSONPointer(parsing: place.text) else {
            error(placeNode.line, "\(key): must be a plain JSON Pointer")
            return nil
        }
        let schema = node["dataSchema"]?.scalarText ?? model.map { CarryExtension.defaultSchema(for: $0) } ?? ""
        return ExtensionPlace(array: pointer, dataSchema: schema)
    }

    mutating func compileDrops(_ node: SyntaxNode) -> [Drop] {
        guard let elements = node.elements else {
            error(node.line, "drops must be a list of {path, because}")
            return []
        }
        return elements.compactMap { element in
            checkKeys(element, allowed: ["path", "because"], in: "a drop")
            guard let text = element["path"]?.scalarText, text.hasPrefix("/") else {
                error(element.line, "a drop needs path: (a source path starting with '/')")
                return nil
            }
            guard let reason = element["because"]?.scalarText, !reason.trimmingWhitespace.isEmpty else {
                error(element.line, "drop of '\(text)' needs because: (why the target cannot hold it)")
                return nil
            }
            let tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
                String($0).replacing("~1", with: "/").replacing("~0", with: "~")
            }
            return Drop(pattern: tokens, reason: reason)
        }
    }

    mutating func compileRequires(_ node: SyntaxNode, rules: [CompiledRule]) -> [RequiredField] {
        guard let elements = node.elements else {
            error(node.line, "requires must be a list of target pointers (or {path, because})")
            return []
        }
        let written = rules.map { $0.target.tokens.map(\.literal) }
        return elements.compactMap { element in
            var reason: String?
            var pathNode = element
            if element.members != nil {
                checkKeys(element, allowed: ["path", "because"], in: "a required field")
                guard let path = element["path"], let because = element["because"]?.scalarText, !because.trimmingWhitespace.isEmpty else {
                    error(element.line, "a required field written as a mapping needs path: and because: (where its value comes from when no rule writes it)")
                    return nil
                }
                pathNode = path
                reason = because
            }
            guard let text = pathNode.scalarText, text.hasPrefix("/"), let pointer = JSONPointer(parsing: text) else {
                error(pathNode.line, "requires: entries must be JSON Pointers into the target ('/…')")
                return nil
            }
            let covered = written.contains { target in
                let common = min(target.count, pointer.tokens.count)
                return zip(target.prefix(common), pointer.tokens.prefix(common)).allSatisfy { $0 == $1 || $0 == nil }
            }
            if !covered && reason == nil {
                error(pathNode.line, "the target requires \(text) but no rule writes it; add a rule (with value:/default: and because: if the source lacks it), or write {path: \(text), because: …} to say where it comes from")
            }
            return RequiredField(pointer: pointer, reason: reason)
        }
    }

    mutating func compileExamples(_ node: SyntaxNode) -> [MappingExample] {
        guard let elements = node.elements else {
            error(node.line, "examples must be a list")
            return []
        }
        return elements.enumerated().compactMap { position, element in
            checkKeys(element, allowed: ["name", "input", "input-file", "output", "output-file", "round-trip", "context"], in: "an example")
            var context: [String: JSONValue] = [:]
            if let node = element["context"] {
                if let members = node.members {
                    for member in members { context[member.key] = member.value.jsonValue }
                } else {
                    error(node.line, "an example's context: is a mapping from names to values")
                }
            }
            let name = element["name"]?.scalarText ?? "example \(position + 1)"
            let input = exampleDocument(element, key: "input", name: name)
            let output = exampleDocument(element, key: "output", name: name)
            var roundTrip = false
            if let flag = element["round-trip"] {
                switch flag.scalarText {
                case "true": roundTrip = true
                case "false": roundTrip = false
                default: error(flag.line, "round-trip: must be true or false")
                }
            }
            guard let input, let output else { return nil }
            return MappingExample(name: name, line: element.line, input: input, output: output, roundTrip: roundTrip, context: context)
        }
    }

    private mutating func exampleDocument(_ node: SyntaxNode, key: String, name: String) -> ExampleDocument? {
        switch (node[key], node["\(key)-file"]) {
        case (let inline?, nil): return .inline(inline.jsonValue)
        case (nil, let path?): return scalar(path, "\(key)-file").map(ExampleDocument.file)
        case (nil, nil):
            error(node.line, "example '\(name)' needs \(key): (inline) or \(key)-file: (a path)")
        default:
            error(node.line, "example '\(name)' gives both \(key): and \(key)-file:; keep one")
        }
        return nil
    }
}

extension MappingPath.Token {
    /// The token as a literal pointer token, `nil` for tokens that match several places.
    var literal: String? {
        switch self {
        case .member(let key, _): key.name
        case .wildcard, .select, .append: nil
        }
    }
}
