import TsunaguCore

extension SchemaEvaluator {
    func checkArray(
        _ elements: [JSONValue], _ node: SchemaNode, _ depth: Depth, _ report: inout Report
    ) {
        if let minimum = node.minItems, elements.count < minimum {
            report.fail("expected at least \(minimum) item\(minimum == 1 ? "" : "s"), found \(elements.count)")
        }
        if let maximum = node.maxItems, elements.count > maximum {
            report.fail("expected at most \(maximum) item\(maximum == 1 ? "" : "s"), found \(elements.count)")
        }
        if node.uniqueItems, let (first, second) = Self.firstDuplicate(in: elements) {
            report.fail("items \(first) and \(second) are equal; the items must be unique")
        }
        for (offset, element) in elements.enumerated() {
            let schema = offset < node.prefixItems.count ? node.prefixItems[offset] : node.items
            guard let schema else { continue }
            if !evaluate(schema, element, at: report.pointer.appending(offset), depth: depth.intoPart, errors: &report.errors) {
                report.valid = false
                if report.errors == nil { return }
            }
        }
        if let contains = node.contains {
            var none: [Diagnostic]? = nil
            if !elements.contains(where: { evaluate(contains, $0, at: report.pointer, depth: depth.intoPart, errors: &none) }) {
                report.fail("expected at least one item matching the 'contains' schema, found none")
            }
        }
    }

    func checkObject(
        _ members: JSONObject, _ node: SchemaNode, _ depth: Depth, _ report: inout Report
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
            if !evaluate(schema, .object(members), at: report.pointer, depth: depth.onSameValue, errors: &report.errors) { report.valid = false }
        }
        let checksNames = node.propertyNames != nil
        let hasMemberSchemas = !node.properties.isEmpty || !node.patternProperties.isEmpty || node.additionalProperties != nil
        guard checksNames || hasMemberSchemas else { return }
        // Sorted only when collecting, so diagnostics come in a stable order.
        for (key, member) in report.errors == nil ? Array(members) : members.sorted(by: { $0.key < $1.key }) {
            if !report.valid, report.errors == nil { return }
            let place = report.pointer.appending(key)
            if let names = node.propertyNames {
                var none: [Diagnostic]? = nil
                if !evaluate(names, .string(key), at: place, depth: depth.intoPart, errors: &none) {
                    report.fail("property name \"\(key)\" is not allowed by 'propertyNames'", at: place)
                }
            }
            var matched = false
            if let schema = node.properties[key] {
                matched = true
                if !evaluate(schema, member, at: place, depth: depth.intoPart, errors: &report.errors) { report.valid = false }
            }
            for (pattern, schema) in node.patternProperties where pattern.matches(key) {
                matched = true
                if !evaluate(schema, member, at: place, depth: depth.intoPart, errors: &report.errors) { report.valid = false }
            }
            if !matched, let additional = node.additionalProperties {
                if nodes[additional].fixedOutcome == false {
                    let known = node.propertyOrder.isEmpty ? "" : " (allowed: \(node.propertyOrder.joined(separator: ", ")))"
                    report.fail("property \"\(key)\" is not allowed here\(known)", at: place)
                } else if !evaluate(additional, member, at: place, depth: depth.intoPart, errors: &report.errors) {
                    report.valid = false
                }
            }
        }
    }

    /// The positions of the first two equal items, comparing short arrays pairwise and hashing
    /// canonical forms for long ones (so a long partner array stays linear).
    static func firstDuplicate(in elements: [JSONValue]) -> (Int, Int)? {
        if elements.count <= 16 {
            for second in elements.indices {
                for first in 0..<second where elements[first].schemaEquals(elements[second]) { return (first, second) }
            }
            return nil
        }
        var seen: [[UInt8]: Int] = [:]
        for (offset, element) in elements.enumerated() {
            let key = element.canonicalKey
            if let first = seen[key] { return (first, offset) }
            seen[key] = offset
        }
        return nil
    }
}
