import TsunaguCore

extension MappingCompiler {
    mutating func compileCondition(_ node: SyntaxNode, scope: Scope) -> Condition? {
        guard let members = node.members else {
            error(node.line, "when: must be a mapping such as {path: /a, equals: b}, {all: […]}, {any: […]} or {not: …}")
            return nil
        }
        if members.count == 1, let combinator = members.first, ["all", "any", "not"].contains(combinator.key) {
            if combinator.key == "not" {
                return compileCondition(combinator.value, scope: scope).map(Condition.not)
            }
            guard let elements = combinator.value.elements, !elements.isEmpty else {
                error(combinator.keyLine, "\(combinator.key): must be a non-empty list of conditions")
                return nil
            }
            let conditions = elements.compactMap { compileCondition($0, scope: scope) }
            guard conditions.count == elements.count else { return nil }
            return combinator.key == "all" ? .all(conditions) : .any(conditions)
        }
        checkKeys(node, allowed: ["path", "present", "equals", "in", "starts-with", "check"], in: "a condition")
        guard let pathNode = node["path"], let path = path(pathNode, scope: scope, isTarget: false, what: "path") else {
            if node["path"] == nil { error(node.line, "a condition needs path: (or all:/any:/not:)") }
            return nil
        }
        let tests = ["present", "equals", "in", "starts-with", "check"].filter { node[$0] != nil }
        guard tests.count == 1, let test = tests.first, let argument = node[test] else {
            error(node.line, "a condition on \(path) needs exactly one of present:, equals:, in:, starts-with:, check:")
            return nil
        }
        // `present:` asks whether anything matches; the other tests would see only the first match.
        if test != "present", path.hasWildcard {
            error(pathNode.line, "a condition with \(test): on '\(path)' would test only its first match: name one element (…/0/…) or select one ([member=value])")
            return nil
        }
        switch test {
        case "present":
            switch argument.scalarText {
            case "true": return .present(path, true)
            case "false": return .present(path, false)
            default:
                error(argument.line, "present: must be true or false")
                return nil
            }
        case "equals": return .equals(path, argument.jsonValue)
        case "in":
            guard let elements = argument.elements else {
                error(argument.line, "in: must be a list of values")
                return nil
            }
            return .oneOf(path, elements.map(\.jsonValue))
        case "starts-with": return scalar(argument, "starts-with").map { .startsWith(path, $0) }
        default:
            guard let name = scalar(argument, "check") else { return nil }
            guard let check = ValueCheck(rawValue: name) else {
                error(argument.line, "unknown check '\(name)' (checks: \(ValueCheck.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return .check(path, check)
        }
    }
}
