import TsunaguCore

/// Reading each keyword of a schema object into its compiled node, reporting malformed ones.
extension SchemaCompiler {
    mutating func report(_ message: String, at location: Location) {
        let file = documents.indices.contains(location.document) ? documents[location.document].file : nil
        diagnostics.append(Diagnostic(file: file, pointer: location.pointer, message: "invalid schema: " + message))
    }

    mutating func compile(_ value: JSONValue, at location: Location) -> Int {
        if let existing = compiled[location] { return existing }
        let number = nodes.count
        compiled[location] = number
        nodes.append(SchemaNode())
        var node = SchemaNode()
        switch value {
        case .bool(let outcome):
            node.fixedOutcome = outcome
        case .object(let members):
            compileKeywords(members, at: location, into: &node)
        default:
            report("a schema must be an object or a Boolean, found \(value.shortDescription)", at: location)
            node.fixedOutcome = true
        }
        nodes[number] = node
        return number
    }

    private mutating func subschema(_ members: JSONObject, _ keyword: String, at location: Location) -> Int? {
        guard let child = members[keyword] else { return nil }
        return compile(child, at: location.appending(keyword))
    }

    private mutating func subschemaList(_ members: JSONObject, _ keyword: String, at location: Location) -> [Int] {
        guard let child = members[keyword] else { return [] }
        guard let list = child.arrayValue, !list.isEmpty else {
            report("'\(keyword)' must be a non-empty array of schemas", at: location.appending(keyword))
            return []
        }
        return list.enumerated().map { compile($1, at: location.appending(keyword).appending($0)) }
    }

    private mutating func subschemaMap(_ members: JSONObject, _ keyword: String, at location: Location) -> [String: Int] {
        guard let child = members[keyword] else { return [:] }
        guard let map = child.objectValue else {
            report("'\(keyword)' must be an object of schemas", at: location.appending(keyword))
            return [:]
        }
        var result: [String: Int] = [:]
        for (key, value) in map { result[key] = compile(value, at: location.appending(keyword).appending(key)) }
        return result
    }

    private mutating func number(_ members: JSONObject, _ keyword: String, at location: Location) -> ExactDecimal? {
        guard let child = members[keyword] else { return nil }
        guard let number = child.numberValue else {
            report("'\(keyword)' must be a number, found \(child.shortDescription)", at: location.appending(keyword))
            return nil
        }
        return number.decimal
    }

    private mutating func count(_ members: JSONObject, _ keyword: String, at location: Location) -> Int? {
        guard let child = members[keyword] else { return nil }
        guard let number = child.numberValue, number.decimal.isIntegral, !number.decimal.isNegative,
            let count = Int(number.decimal.rounded(toScale: 0).description)
        else {
            report("'\(keyword)' must be a non-negative integer, found \(child.shortDescription)", at: location.appending(keyword))
            return nil
        }
        return count
    }

    private mutating func strings(_ value: JSONValue, _ keyword: String, at location: Location) -> [String] {
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            report("'\(keyword)' must be an array of strings", at: location)
            return []
        }
        return list.compactMap(\.stringValue)
    }

    private static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "string", "integer"]

    private mutating func compileKeywords(_ members: JSONObject, at location: Location, into node: inout SchemaNode) {
        let draft = documents[location.document].draft
        let base = baseAt[location] ?? documents[location.document].baseURI
        if let reference = members["$ref"] {
            if let text = reference.stringValue {
                let target = URIReference.resolve(text, against: base)
                if let resolved = locate(target), let value = documents[resolved.document].json[pointer: resolved.pointer] {
                    node.ref = compile(value, at: resolved)
                } else {
                    report("cannot resolve $ref \"\(text)\" (\(target)): no registered schema or anchor has that identifier", at: location.appending("$ref"))
                }
            } else {
                report("'$ref' must be a string", at: location.appending("$ref"))
            }
            // Draft-07 ignores every keyword beside $ref.
            if draft == .draft7 { return }
        }
        compileTypeAndValues(members, at: location, into: &node)
        compileObjectKeywords(members, at: location, draft: draft, into: &node)
        compileArrayKeywords(members, at: location, draft: draft, into: &node)
        node.allOf = subschemaList(members, "allOf", at: location)
        node.anyOf = subschemaList(members, "anyOf", at: location)
        node.oneOf = subschemaList(members, "oneOf", at: location)
        node.not = subschema(members, "not", at: location)
        node.ifSchema = subschema(members, "if", at: location)
        node.thenSchema = subschema(members, "then", at: location)
        node.elseSchema = subschema(members, "else", at: location)
        _ = subschemaMap(members, "$defs", at: location)
        _ = subschemaMap(members, "definitions", at: location)
    }

    private mutating func compileTypeAndValues(_ members: JSONObject, at location: Location, into node: inout SchemaNode) {
        if let type = members["type"] {
            let names = type.stringValue.map { [$0] } ?? strings(type, "type", at: location.appending("type"))
            for name in names where !Self.typeNames.contains(name) {
                report("unknown type \"\(name)\"; expected one of \(Self.typeNames.sorted().joined(separator: ", "))", at: location.appending("type"))
            }
            node.types = names
        }
        if let values = members["enum"] {
            if let list = values.arrayValue { node.enumValues = list } else { report("'enum' must be an array", at: location.appending("enum")) }
        }
        node.constValue = members["const"]
        if let pattern = members["pattern"] {
            if let text = pattern.stringValue, let compiled = SchemaPattern(text) {
                node.pattern = compiled
            } else {
                report("'pattern' must be a valid regular expression, found \(pattern.shortDescription)", at: location.appending("pattern"))
            }
        }
        if let format = members["format"]?.stringValue { node.format = StringFormat(rawValue: format) }
        node.minimum = number(members, "minimum", at: location)
        node.maximum = number(members, "maximum", at: location)
        let exclusiveMinimum = exclusiveBound(members, "exclusiveMinimum", beside: &node.minimum, at: location)
        let exclusiveMaximum = exclusiveBound(members, "exclusiveMaximum", beside: &node.maximum, at: location)
        (node.exclusiveMinimum, node.exclusiveMaximum) = (exclusiveMinimum, exclusiveMaximum)
        node.multipleOf = number(members, "multipleOf", at: location)
        if let divisor = node.multipleOf, divisor.isZero || divisor.isNegative {
            report("'multipleOf' must be greater than 0", at: location.appending("multipleOf"))
            node.multipleOf = nil
        }
        node.minLength = count(members, "minLength", at: location)
        node.maxLength = count(members, "maxLength", at: location)
    }

    /// The exclusive bound `keyword` (`exclusiveMinimum` or `exclusiveMaximum`) sets: the bound
    /// itself, or in draft-04 (Catena-X's SAMM-generated schemas) `true`, which makes the
    /// `inclusive` bound beside it (`minimum` or `maximum`) exclusive instead.
    private mutating func exclusiveBound(
        _ members: JSONObject, _ keyword: String, beside inclusive: inout ExactDecimal?, at location: Location
    ) -> ExactDecimal? {
        guard let value = members[keyword] else { return nil }
        guard let exclusive = value.boolValue else { return number(members, keyword, at: location) }
        guard documents[location.document].booleanExclusiveBounds else {
            report("'\(keyword)' must be a number, found \(value.shortDescription) (the Boolean form is draft-04's: "
                + "write the bound itself, or name draft-04 in $schema)", at: location.appending(keyword))
            return nil
        }
        guard exclusive else { return nil }
        defer { inclusive = nil }
        return inclusive
    }

    private mutating func compileObjectKeywords(_ members: JSONObject, at location: Location, draft: SchemaDraft, into node: inout SchemaNode) {
        if let required = members["required"] { node.required = strings(required, "required", at: location.appending("required")) }
        node.properties = subschemaMap(members, "properties", at: location)
        node.propertyOrder = node.properties.keys.sorted()
        for (key, index) in subschemaMap(members, "patternProperties", at: location).sorted(by: { $0.key < $1.key }) {
            if let pattern = SchemaPattern(key) {
                node.patternProperties.append((pattern, index))
            } else {
                report("patternProperties key \"\(key)\" is not a valid regular expression", at: location.appending("patternProperties").appending(key))
            }
        }
        node.additionalProperties = subschema(members, "additionalProperties", at: location)
        node.propertyNames = subschema(members, "propertyNames", at: location)
        node.minProperties = count(members, "minProperties", at: location)
        node.maxProperties = count(members, "maxProperties", at: location)
        if let dependent = members["dependentRequired"] {
            if let map = dependent.objectValue {
                for (key, value) in map {
                    node.dependentRequired[key] = strings(value, "dependentRequired", at: location.appending("dependentRequired").appending(key))
                }
            } else {
                report("'dependentRequired' must be an object of string arrays", at: location.appending("dependentRequired"))
            }
        }
        node.dependentSchemas = subschemaMap(members, "dependentSchemas", at: location)
        if let dependencies = members["dependencies"]?.objectValue {
            // Draft-07 `dependencies`: an array means dependentRequired, a schema means dependentSchemas.
            for (key, value) in dependencies {
                let place = location.appending("dependencies").appending(key)
                if value.arrayValue != nil {
                    node.dependentRequired[key] = strings(value, "dependencies", at: place)
                } else {
                    node.dependentSchemas[key] = compile(value, at: place)
                }
            }
        }
    }

    private mutating func compileArrayKeywords(_ members: JSONObject, at location: Location, draft: SchemaDraft, into node: inout SchemaNode) {
        if draft == .draft7, members["items"]?.arrayValue != nil {
            node.prefixItems = subschemaListAllowingEmpty(members, "items", at: location)
            node.items = subschema(members, "additionalItems", at: location)
        } else {
            node.prefixItems = subschemaListAllowingEmpty(members, "prefixItems", at: location)
            node.items = subschema(members, "items", at: location)
            if draft == .draft7 {
                // additionalItems has no effect without array-form items; still compile it to check it.
                _ = subschema(members, "additionalItems", at: location)
            }
        }
        node.contains = subschema(members, "contains", at: location)
        node.minItems = count(members, "minItems", at: location)
        node.maxItems = count(members, "maxItems", at: location)
        if let unique = members["uniqueItems"] {
            if let flag = unique.boolValue { node.uniqueItems = flag } else { report("'uniqueItems' must be a Boolean", at: location.appending("uniqueItems")) }
        }
    }

    private mutating func subschemaListAllowingEmpty(_ members: JSONObject, _ keyword: String, at location: Location) -> [Int] {
        guard let child = members[keyword] else { return [] }
        guard let list = child.arrayValue else {
            report("'\(keyword)' must be an array of schemas", at: location.appending(keyword))
            return []
        }
        return list.enumerated().map { compile($1, at: location.appending(keyword).appending($0)) }
    }
}
