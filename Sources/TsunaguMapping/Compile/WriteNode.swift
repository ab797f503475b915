import TsunaguCore

/// Rules arranged by the members their targets share, so an execution walks to `/pcfAssessment…/0`
/// once for all the rules below it instead of once per rule.
///
/// Rules under different members write different places and reads come only from the source, so
/// gathering them changes no result; a member that some rule writes whole is not gathered, which
/// keeps the order of that rule and the rules writing inside it.
indirect enum WriteNode: Sendable {
    /// A rule, writing at its target's tokens from `depth` on.
    case rule(CompiledRule, depth: Int)
    /// Rules writing below one member (or array index) of the current container; `key` is the
    /// member's name, hashed once.
    case group(MappingPath.Token, key: JSONKey, [WriteNode])

    /// Whether the node writes a member of an object (rather than an array element).
    var buildsObject: Bool {
        switch self {
        case .rule(let rule, let depth):
            if case .member(_, index: .none) = rule.target.tokens[depth] { return true }
            return false
        case .group(let token, _, _):
            if case .member(_, index: .none) = token { return true }
            return false
        }
    }

    /// Whether a rule here, or in a sub-map below, takes the caller's value `name` (`context:`).
    func reads(context name: String) -> Bool {
        switch self {
        case .group(_, _, let children):
            return children.contains { $0.reads(context: name) }
        case .rule(let rule, _):
            switch rule.producer {
            case .context(let given): return given == name
            case .each(_, let children), .object(_, let children): return children.contains { $0.reads(context: name) }
            default: return false
            }
        }
    }

    /// The nodes for `rules`, whose targets are read from token `depth` on.
    static func arrange(_ rules: [CompiledRule], depth: Int = 0) -> [WriteNode] {
        var wholeWrites: Set<MappingPath.Token> = []
        for rule in rules where rule.target.tokens.count == depth + 1 {
            wholeWrites.insert(rule.target.tokens[depth])
        }
        var nodes: [WriteNode] = []
        var members: [MappingPath.Token: [CompiledRule]] = [:]
        var order: [MappingPath.Token] = []
        for rule in rules {
            let tokens = rule.target.tokens
            guard tokens.count > depth + 1, case .member = tokens[depth], !wholeWrites.contains(tokens[depth]) else {
                nodes.append(.rule(rule, depth: depth))
                continue
            }
            let token = tokens[depth]
            if members[token] == nil {
                order.append(token)
                // The group takes the place of its first rule.
                nodes.append(.group(token, key: JSONKey(""), []))
            }
            members[token, default: []].append(rule)
        }
        return nodes.map { node in
            guard case .group(let token, _, _) = node, case .member(let name, _) = token else { return node }
            let grouped = members[token] ?? []
            if grouped.count == 1, let only = grouped.first { return .rule(only, depth: depth) }
            return .group(token, key: name, arrange(grouped, depth: depth + 1))
        }
    }
}
