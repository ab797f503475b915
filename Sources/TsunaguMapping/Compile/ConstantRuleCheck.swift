import TsunaguCore

extension MappingPlan {
    /// The rules whose value is a constant that their own steps refuse (`value: "abc"` through
    /// `to-number`, a value missing from an erroring table, a division by zero): such a rule would
    /// fail every translation that reaches it, so the file is refused when it is compiled instead.
    /// Steps that read the document (an operand path) are left to the translation.
    func constantsTheirStepsRefuse() -> [(line: Int, reason: String)] {
        var problems: [(line: Int, reason: String)] = []
        let execution = PlanExecution(plan: self, root: .object([:]), tracking: false)
        let scope = SourceScope(value: .object([:]), tokens: [])
        func check(_ rules: [CompiledRule]) {
            for rule in rules {
                switch rule.producer {
                case .constant(let value) where !rule.steps.isEmpty && !rule.steps.contains(where: \.readsTheDocument):
                    var flow = Flow(value: value, faithful: true)
                    do {
                        for step in rule.steps {
                            try execution.apply(step, to: &flow, blame: Blame(tokens: nil, path: nil), scope: scope)
                        }
                    } catch {
                        problems.append((rule.line, "the constant \(value.jsonText) fails its own steps: \(error.message)"))
                    }
                case .each(_, let nodes), .object(_, let nodes):
                    check(Self.rules(in: nodes))
                default:
                    break
                }
            }
        }
        check(rules)
        return problems
    }
}

extension Step {
    /// Whether the step reads a value of the document (an operand given as a path).
    var readsTheDocument: Bool {
        switch self {
        case .multiply(.path), .divide(.path, _, _), .add(.path), .subtract(.path): true
        default: false
        }
    }
}
