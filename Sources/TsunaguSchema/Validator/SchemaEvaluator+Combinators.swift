import TsunaguCore

extension SchemaEvaluator {
    func checkCombinators(
        _ node: SchemaNode, _ value: JSONValue, _ depth: Depth, _ report: inout Report
    ) {
        for schema in node.allOf where !evaluate(schema, value, at: report.pointer, depth: depth.onSameValue, errors: &report.errors) {
            report.valid = false
        }
        if !node.anyOf.isEmpty {
            var closest: [Diagnostic]?
            var closestCost = Int.max
            var matched = false
            for schema in node.anyOf {
                var branch: [Diagnostic]? = report.errors == nil ? nil : []
                if evaluate(schema, value, at: report.pointer, depth: depth.onSameValue, errors: &branch) {
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
                if evaluate(schema, value, at: report.pointer, depth: depth.onSameValue, errors: &branch) {
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
            if evaluate(not, value, at: report.pointer, depth: depth.onSameValue, errors: &none) {
                report.fail("matches the schema under 'not', which is forbidden")
            }
        }
        if let condition = node.ifSchema {
            var none: [Diagnostic]? = nil
            let branch = evaluate(condition, value, at: report.pointer, depth: depth.onSameValue, errors: &none) ? node.thenSchema : node.elseSchema
            if let branch, !evaluate(branch, value, at: report.pointer, depth: depth.onSameValue, errors: &report.errors) { report.valid = false }
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
