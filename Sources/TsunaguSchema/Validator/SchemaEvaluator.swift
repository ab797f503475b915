import TsunaguCore

/// Checks a value against compiled ``SchemaNode``s, collecting a diagnostic per violation
/// (or, with no collection, stopping at the first one).
struct SchemaEvaluator {
    let nodes: [SchemaNode]
    /// Deeper `$ref` chains than this on one value are treated as an endless loop.
    static let maximumDepth = 200

    func evaluate(_ index: Int, _ value: JSONValue, at pointer: JSONPointer, depth: Int = 0, errors: inout [Diagnostic]?) -> Bool {
        guard depth < Self.maximumDepth else {
            errors?.append(Diagnostic(pointer: pointer, message: "the schema refers to itself without end at this value"))
            return false
        }
        let node = nodes[index]
        if let outcome = node.fixedOutcome {
            if !outcome { errors?.append(Diagnostic(pointer: pointer, message: "no value is allowed here")) }
            return outcome
        }
        var valid = true
        if let ref = node.ref, !evaluate(ref, value, at: pointer, depth: depth + 1, errors: &errors) {
            valid = false
            if errors == nil { return false }
        }
        if let types = node.types, !types.contains(where: { Self.value(value, hasType: $0) }) {
            errors?.append(Diagnostic(pointer: pointer, message: "expected \(expectation(types, node)), found \(value.shortDescription)"))
            // Every other check would only restate the type mismatch.
            return false
        }
        if let values = node.enumValues, !values.contains(where: { $0.schemaEquals(value) }) {
            let choices = values.prefix(12).map(\.jsonText).joined(separator: ", ")
            valid = false
            errors?.append(Diagnostic(pointer: pointer, message: "expected one of \(choices)\(values.count > 12 ? ", ..." : ""), found \(value.shortDescription)"))
        }
        if let constant = node.constValue, !constant.schemaEquals(value) {
            valid = false
            errors?.append(Diagnostic(pointer: pointer, message: "expected \(constant.jsonText), found \(value.shortDescription)"))
        }
        if !valid, errors == nil { return false }
        var report = Report(pointer: pointer, errors: errors)
        switch value {
        case .string(let text): checkString(text, node, &report)
        case .number(let number): checkNumber(number.decimal, node, &report)
        case .array(let elements): checkArray(elements, node, depth, &report)
        case .object(let members): checkObject(members, node, depth, &report)
        default: break
        }
        if report.valid && (valid || errors != nil) {
            checkCombinators(node, value, depth, &report)
        }
        errors = report.errors
        return valid && report.valid
    }

    static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch type {
        case "integer": value.isIntegral
        default: value.typeName == type
        }
    }

    private func expectation(_ types: [String], _ node: SchemaNode) -> String {
        types.map { type -> String in
            switch type {
            case "string":
                if let pattern = node.pattern { return "a string matching \(pattern.source)" }
                if let format = node.format { return "a string holding \(format.expectation)" }
                if let values = node.enumValues, values.count <= 6 { return "a string, one of \(values.map(\.jsonText).joined(separator: ", "))" }
                return "a string"
            case "integer": return "an integer"
            case "object": return "an object"
            case "array": return "an array"
            case "null": return "null"
            default: return "a \(type)"
            }
        }.joined(separator: " or ")
    }

    private func checkString(_ text: String, _ node: SchemaNode, _ report: inout Report) {
        if node.minLength != nil || node.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minimum = node.minLength, length < minimum {
                report.fail("expected at least \(minimum) character\(minimum == 1 ? "" : "s"), found \(length)")
            }
            if let maximum = node.maxLength, length > maximum {
                report.fail("expected at most \(maximum) character\(maximum == 1 ? "" : "s"), found \(length)")
            }
        }
        if let pattern = node.pattern, !pattern.matches(text) {
            report.fail("expected a string matching \(pattern.source), found \(JSONValue.string(text).shortDescription)")
        }
        if let format = node.format, !format.accepts(text) {
            report.fail("expected \(format.expectation), found \(JSONValue.string(text).shortDescription)")
        }
    }

    private func checkNumber(_ number: ExactDecimal, _ node: SchemaNode, _ report: inout Report) {
        if let minimum = node.minimum, number < minimum { report.fail("expected a number >= \(minimum), found \(number)") }
        if let maximum = node.maximum, number > maximum { report.fail("expected a number <= \(maximum), found \(number)") }
        if let minimum = node.exclusiveMinimum, number <= minimum { report.fail("expected a number > \(minimum), found \(number)") }
        if let maximum = node.exclusiveMaximum, number >= maximum { report.fail("expected a number < \(maximum), found \(number)") }
        if let divisor = node.multipleOf {
            // One division (not a search for an exact quotient), so a huge exponent cannot stall it.
            let quotient = number.divided(by: divisor, scale: 0, .down)
            if !(quotient.map { ($0 * divisor).isNumericallyEqual(to: number) } ?? false) {
                report.fail("expected a multiple of \(divisor), found \(number)")
            }
        }
    }

    private func checkArray(
        _ elements: [JSONValue], _ node: SchemaNode, _ depth: Int, _ report: inout Report
    ) {
        if let minimum = node.minItems, elements.count < minimum {
            report.fail("expected at least \(minimum) item\(minimum == 1 ? "" : "s"), found \(elements.count)")
        }
        if let maximum = node.maxItems, elements.count > maximum {
            report.fail("expected at most \(maximum) item\(maximum == 1 ? "" : "s"), found \(elements.count)")
        }
        if node.uniqueItems {
            // Hashing canonical forms keeps long partner arrays linear.
            var seen: [[UInt8]: Int] = [:]
            for (offset, element) in elements.enumerated() {
                let key = element.canonicalKey
                if let first = seen[key] {
                    report.fail("items \(first) and \(offset) are equal; the items must be unique")
                    break
                }
                seen[key] = offset
            }
        }
        for (offset, element) in elements.enumerated() {
            let schema = offset < node.prefixItems.count ? node.prefixItems[offset] : node.items
            guard let schema else { continue }
            if !evaluate(schema, element, at: report.pointer.appending(offset), depth: depth + 1, errors: &report.errors) {
                report.valid = false
            }
        }
        if let contains = node.contains {
            var none: [Diagnostic]? = nil
            if !elements.contains(where: { evaluate(contains, $0, at: report.pointer, depth: depth + 1, errors: &none) }) {
                report.fail("expected at least one item matching the 'contains' schema, found none")
            }
        }
    }

    private func checkObject(
        _ members: [String: JSONValue], _ node: SchemaNode, _ depth: Int, _ report: inout Report
    ) {
        for name in node.required where members[name] == nil {
            report.fail("missing required property \"\(name)\"")
        }
        if let minimum = node.minProperties, members.count < minimum {
            report.fail("expected at least \(minimum) propert\(minimum == 1 ? "y" : "ies"), found \(members.count)")
        }
        if let maximum = node.maxProperties, members.count > maximum {
            report.fail("expected at most \(maximum) propert\(maximum == 1 ? "y" : "ies"), found \(members.count)")
        }
        for (name, needed) in node.dependentRequired where members[name] != nil {
            for other in needed where members[other] == nil {
                report.fail("property \"\(name)\" requires property \"\(other)\", which is missing")
            }
        }
        for (name, schema) in node.dependentSchemas where members[name] != nil {
            if !evaluate(schema, .object(members), at: report.pointer, depth: depth + 1, errors: &report.errors) { report.valid = false }
        }
        let checksNames = node.propertyNames != nil
        let hasMemberSchemas = !node.properties.isEmpty || !node.patternProperties.isEmpty || node.additionalProperties != nil
        guard checksNames || hasMemberSchemas else { return }
        // Sorted only when collecting, so diagnostics come in a stable order.
        for (key, member) in report.errors == nil ? Array(members) : members.sorted(by: { $0.key < $1.key }) {
            let place = report.pointer.appending(key)
            if let names = node.propertyNames {
                var none: [Diagnostic]? = nil
                if !evaluate(names, .string(key), at: place, depth: depth + 1, errors: &none) {
                    report.fail("property name \"\(key)\" is not allowed by 'propertyNames'", at: place)
                }
            }
            var matched = false
            if let schema = node.properties[key] {
                matched = true
                if !evaluate(schema, member, at: place, depth: depth + 1, errors: &report.errors) { report.valid = false }
            }
            for (pattern, schema) in node.patternProperties where pattern.matches(key) {
                matched = true
                if !evaluate(schema, member, at: place, depth: depth + 1, errors: &report.errors) { report.valid = false }
            }
            if !matched, let additional = node.additionalProperties {
                if nodes[additional].fixedOutcome == false {
                    let known = node.propertyOrder.isEmpty ? "" : " (allowed: \(node.propertyOrder.joined(separator: ", ")))"
                    report.fail("property \"\(key)\" is not allowed here\(known)", at: place)
                } else if !evaluate(additional, member, at: place, depth: depth + 1, errors: &report.errors) {
                    report.valid = false
                }
            }
        }
    }

    private func checkCombinators(
        _ node: SchemaNode, _ value: JSONValue, _ depth: Int, _ report: inout Report
    ) {
        for schema in node.allOf where !evaluate(schema, value, at: report.pointer, depth: depth + 1, errors: &report.errors) {
            report.valid = false
        }
        if !node.anyOf.isEmpty {
            var closest: [Diagnostic]?
            var closestCost = Int.max
            var matched = false
            for schema in node.anyOf {
                var branch: [Diagnostic]? = report.errors == nil ? nil : []
                if evaluate(schema, value, at: report.pointer, depth: depth + 1, errors: &branch) {
                    matched = true
                    break
                }
                if let branch, cost(schema, value, branch) < closestCost { closest = branch; closestCost = cost(schema, value, branch) }
            }
            if !matched { report.fail("matches none of the \(node.anyOf.count) allowed alternatives\(Self.hint(closest))") }
        }
        if !node.oneOf.isEmpty {
            var closest: [Diagnostic]?
            var closestCost = Int.max
            var matches: [Int] = []
            for (offset, schema) in node.oneOf.enumerated() {
                var branch: [Diagnostic]? = report.errors == nil ? nil : []
                if evaluate(schema, value, at: report.pointer, depth: depth + 1, errors: &branch) {
                    matches.append(offset)
                    if matches.count > 1 { break }
                } else if let branch, cost(schema, value, branch) < closestCost {
                    closest = branch
                    closestCost = cost(schema, value, branch)
                }
            }
            if matches.isEmpty {
                report.fail("matches none of the \(node.oneOf.count) alternatives, expected exactly one\(Self.hint(closest))")
            } else if matches.count > 1 {
                report.fail("matches alternatives \(matches[0] + 1) and \(matches[1] + 1) of \(node.oneOf.count), expected exactly one")
            }
        }
        if let not = node.not {
            var none: [Diagnostic]? = nil
            if evaluate(not, value, at: report.pointer, depth: depth + 1, errors: &none) {
                report.fail("matches the schema under 'not', which is forbidden")
            }
        }
        if let condition = node.ifSchema {
            var none: [Diagnostic]? = nil
            let branch = evaluate(condition, value, at: report.pointer, depth: depth + 1, errors: &none) ? node.thenSchema : node.elseSchema
            if let branch, !evaluate(branch, value, at: report.pointer, depth: depth + 1, errors: &report.errors) { report.valid = false }
        }
    }

    /// The outcome of the checks on one value: whether it passed, and the problems found when collecting.
    struct Report {
        let pointer: JSONPointer
        var errors: [Diagnostic]?
        var valid = true

        init(pointer: JSONPointer, errors: [Diagnostic]?) {
            self.pointer = pointer
            self.errors = errors
        }

        mutating func fail(_ message: String, at place: JSONPointer? = nil) {
            valid = false
            errors?.append(Diagnostic(pointer: place ?? pointer, message: message))
        }
    }

    /// How far a failed alternative is from matching: an alternative for another type of value
    /// is furthest, otherwise the fewer problems the closer.
    private func cost(_ schema: Int, _ value: JSONValue, _ errors: [Diagnostic]) -> Int {
        var node = nodes[schema]
        var hops = 0
        while node.types == nil, let next = node.ref, hops < 16 {
            node = nodes[next]
            hops += 1
        }
        if let types = node.types, !types.contains(where: { Self.value(value, hasType: $0) }) { return 1_000_000 + errors.count }
        return errors.count
    }

    private static func hint(_ closest: [Diagnostic]?) -> String {
        guard let first = closest?.first else { return "" }
        let place = first.pointer.map { $0.description.isEmpty ? "/" : $0.description } ?? "/"
        return " (closest: \(place): \(first.message))"
    }
}
