import TsunaguCore

/// A path a rule of a mapping reads in the source or writes in the target, made absolute (a path
/// relative to an `each` element starts with the array it iterates), for checking a mapping file
/// against the JSON Schemas of its models.
public struct RulePath: Sendable, Hashable {
    /// Which document the path is in.
    public enum Side: String, Sendable, Hashable {
        case source, target
    }

    /// The line of the rule in its mapping file.
    public let line: Int
    public let side: Side
    public let steps: [PathStep]

    /// The path as a pointer, `*` for an array element (an index, a selector, an append) or any member.
    public var text: String {
        steps.map { step in
            switch step {
            case .member(let name): "/" + name.replacing("~", with: "~0").replacing("/", with: "~1")
            case .element, .any: "/*"
            }
        }.joined()
    }
}

extension MappingPlan {
    /// Every path the plan's rules read and write, absolute, with the rule's line.
    public var rulePaths: [RulePath] {
        var paths: [RulePath] = []
        Self.collect(rules, source: [], target: [], into: &paths)
        return paths
    }

    private static func collect(_ rules: [CompiledRule], source: [PathStep], target: [PathStep], into paths: inout [RulePath]) {
        for rule in rules {
            let written = target + steps(rule.target.tokens)
            paths.append(RulePath(line: rule.line, side: .target, steps: written))
            for path in rule.readPaths {
                paths.append(RulePath(line: rule.line, side: .source, steps: (path.isRelative ? source : []) + steps(path.tokens)))
            }
            switch rule.producer {
            case .each(let path, let nodes):
                collect(Self.rules(in: nodes), source: (path.isRelative ? source : []) + steps(path.tokens) + [.element], target: written + [.element], into: &paths)
            case .object(let path, let nodes):
                collect(Self.rules(in: nodes), source: (path.isRelative ? source : []) + steps(path.tokens), target: written, into: &paths)
            default:
                break
            }
        }
    }

    /// The rules of `nodes`, in order, without descending into `each` and `map`.
    static func rules(in nodes: [WriteNode]) -> [CompiledRule] {
        nodes.flatMap { node -> [CompiledRule] in
            switch node {
            case .rule(let rule, _): [rule]
            case .group(_, _, let children): rules(in: children)
            }
        }
    }

    private static func steps(_ tokens: [MappingPath.Token]) -> [PathStep] {
        tokens.map { token in
            switch token {
            case .member(let name, let index): index == nil ? .member(name.name) : .element
            case .wildcard: .any
            case .select, .append: .element
            }
        }
    }
}
