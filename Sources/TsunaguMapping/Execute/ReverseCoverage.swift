import TsunaguCore

/// What a reverse mapping writes, known from its compiled plan alone, so a translation can tell
/// which source fields a translation back would rebuild without running it.
///
/// A source leaf that no rule of the forward plan wrote faithfully is lost unless the reverse
/// mapping rebuilds it. When no place the reverse mapping writes touches the leaf's pointer, it is
/// lost; when the reverse mapping writes exactly that pointer with one constant (unconditional, or
/// whose condition holds on the output) equal to the leaf (PACT's `specVersion`), it comes back;
/// anything else needs the reverse run.
struct ReverseCoverage: Sendable {
    /// What the static view says about one leaf.
    enum Verdict: Equatable {
        case rebuilt
        case lost
        case unknown
    }

    /// The places the reverse mapping may write, with `*` for any element or member.
    private let places: [[String]]
    /// Pointers the reverse writes with one constant (when its condition holds), and nothing else
    /// writes at, above or below.
    private let constants: [[String]: (value: JSONValue, condition: Condition?)]
    /// Where the reverse mapping takes a carry extension back out (it could then write anything).
    let restore: ExtensionPlace?

    init(reverse: MappingPlan) {
        var places: [[String]] = []
        var candidates: [([String], JSONValue, Condition?)] = []
        for rule in reverse.rules {
            let tokens = rule.target.tokens.map(Self.placeToken)
            switch rule.producer {
            case .each, .object:
                // Nested rules write anywhere below the elements.
                places.append(tokens + ["*"])
                places.append(tokens)
            case .constant(let value) where rule.steps.isEmpty && !tokens.contains("*"):
                places.append(tokens)
                candidates.append((tokens, value, rule.condition))
            default:
                places.append(tokens)
            }
        }
        var constants: [[String]: (value: JSONValue, condition: Condition?)] = [:]
        for (pointer, value, condition) in candidates where places.filter({ Self.touches($0, pointer) }).count == 1 {
            constants[pointer] = (value, condition)
        }
        self.places = places
        self.constants = constants
        self.restore = reverse.restore
    }

    /// Whether the reverse mapping rebuilds the source leaf `value` at `pointer`, does not, or
    /// only a run can tell; `holds` evaluates a condition of the reverse mapping on its input.
    func verdict(for pointer: [String], value: JSONValue, holds: (Condition) -> Bool = { _ in false }) -> Verdict {
        if let constant = constants[pointer] {
            if let condition = constant.condition, !holds(condition) { return .lost }
            return constant.value == value ? .rebuilt : .lost
        }
        return places.contains { Self.touches($0, pointer) } ? .unknown : .lost
    }

    /// The leaves of `leaves` the reverse mapping does not rebuild; `nil` when only a run can tell
    /// for one of them.
    func lost(_ leaves: [(pointer: [String], value: JSONValue)], holds: (Condition) -> Bool) -> [(pointer: [String], value: JSONValue)]? {
        var lost: [(pointer: [String], value: JSONValue)] = []
        for leaf in leaves {
            switch verdict(for: leaf.pointer, value: leaf.value, holds: holds) {
            case .lost: lost.append(leaf)
            case .rebuilt: continue
            case .unknown: return nil
            }
        }
        return lost
    }

    /// Whether a write at `place` can change the value at `pointer`: one lies on the other's path.
    private static func touches(_ place: [String], _ pointer: [String]) -> Bool {
        for (wanted, actual) in zip(place, pointer) where wanted != "*" && actual != "*" && wanted != actual {
            return false
        }
        return true
    }

    private static func placeToken(_ token: MappingPath.Token) -> String {
        switch token {
        case .member(let name, _): name.name
        case .wildcard, .select, .append: "*"
        }
    }
}
