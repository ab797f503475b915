import TsunaguCore

/// One rule, compiled: where it writes, what produces its value, how the value is transformed,
/// and when the rule applies. A final class so that walking the rules retains one reference per
/// rule instead of copying every field.
final class CompiledRule: Sendable {
    /// Where the value is written.
    let target: MappingPath
    /// What gives the value.
    let producer: Producer
    /// Transformations, in order.
    let steps: [Step]
    /// The value used when the producer and steps give nothing.
    let fallback: JSONValue?
    /// The rule applies only when this holds.
    let condition: Condition?
    /// The line of the rule in its file.
    let line: Int
    /// The rule's `because:`: where a constant or default comes from (reported with a default).
    let reason: String?
    /// Whether whatever the rule writes is listed in the loss report as filled by default
    /// (`fills: true`: a value the mapping derives or mints because the source lacks it).
    let fills: Bool
    /// Whether the rule marks the field it reads as consumed exactly when the field is present: a
    /// top-level rule without condition that reads one absolute literal path through steps that
    /// keep the value faithful. Its field is in the plan's ``ConsumedFields`` instead of being
    /// marked per execution.
    let consumedWhenPresent: Bool
    /// The member the rule writes last when its target ends in an object member (not an index):
    /// the write from the parent container is then one dictionary update.
    let lastMember: JSONKey?
    /// How many leading tokens of the target are members or indices. A rule placed at exactly this
    /// depth writes its whole container, or through `-` or a selector, so it may make a member
    /// that a later group of rules at the same depth writes into.
    let memberPrefix: Int
    /// The rule as a direct copy, when it has that shape (the executor's short path).
    let directCopy: DirectCopy?
    /// Whether an earlier rule of the same list may have filled this rule's target by default:
    /// the fill is then forgotten when this rule writes the source's value there.
    let replacesDefault: Bool
    /// Whether a later rule of the same list may write this rule's target, or a container above
    /// it, again: what this rule read then counts as written only when its value is still there
    /// after the list has run (see ``PendingMarks``).
    let shadowed: Bool
    /// The target's tokens as the loss report writes them (`-`, `[member=value]`, `*`).
    let reportTokens: [String]

    init(
        target: MappingPath, producer: Producer, steps: [Step], fallback: JSONValue?, condition: Condition?, line: Int,
        reason: String? = nil, fills: Bool = false, topLevel: Bool = false, replacesDefault: Bool = false, shadowed: Bool = false
    ) {
        self.replacesDefault = replacesDefault
        self.shadowed = shadowed
        self.target = target
        self.producer = producer
        self.steps = steps
        self.fallback = fallback
        self.condition = condition
        self.line = line
        self.reason = reason
        self.fills = fills
        if topLevel, !shadowed, condition == nil, case .read(let path) = producer, !path.isRelative, !path.hasWildcard,
            let literals = path.literals, !literals.isEmpty, steps.allSatisfy(\.keepsFaithful)
        {
            self.consumedWhenPresent = true
        } else {
            self.consumedWhenPresent = false
        }
        self.memberPrefix = target.tokens.firstIndex { if case .member = $0 { false } else { true } } ?? target.tokens.count
        if case .member(let name, index: .none)? = target.tokens.last {
            self.lastMember = name
        } else {
            self.lastMember = nil
        }
        self.reportTokens = target.tokens.map(\.reportText)
        self.directCopy = shadowed ? nil : DirectCopy(target: target, producer: producer, steps: steps, fallback: fallback, fills: fills)
    }
}

extension CompiledRule {
    /// Whether the rule may write a value the loss report lists as defaulted: a `default:`, a
    /// caller's value (`context:`), or a `fills: true` value.
    var mayRecordDefault: Bool {
        if fallback != nil || fills { return true }
        switch producer {
        case .nothing, .context: return true
        default: return false
        }
    }
}

/// What gives a rule its value.
indirect enum Producer: Sendable {
    /// Nothing: the rule always writes its `default` (a value the target requires and the source
    /// never has).
    case nothing
    /// The value at a path (an array of all matches when the path has wildcards).
    case read(MappingPath)
    /// A constant.
    case constant(JSONValue)
    /// A value the caller of `translate` supplies by name (such as `now`).
    case context(String)
    /// A string built from literal text and the values at paths.
    case template([TemplatePart])
    /// The exact decimal sum of the values at the paths.
    case sum([MappingPath])
    /// One object per element of the source array, built by the rules.
    case each(MappingPath, [WriteNode])
    /// One object built by the rules from the object at the path.
    case object(MappingPath, [WriteNode])
}

/// A piece of a template.
enum TemplatePart: Sendable {
    case text(String)
    case value(MappingPath)
}

/// A decimal operand: a constant or the value at a path.
enum Operand: Sendable {
    case constant(ExactDecimal)
    case path(MappingPath)
}

/// A transformation of a value.
enum Step: Sendable {
    case toDecimalString
    case toNumber
    case table(EnumerationTable)
    case multiply(Operand)
    case divide(Operand, scale: Int?, rounding: RoundingRule)
    case add(Operand)
    case subtract(Operand)
    case round(scale: Int, rounding: RoundingRule)
    case convert(multiplier: ExactDecimal, divisor: ExactDecimal, description: String)
    case count
    case first
    case join(String)
    case stripPrefix(String)
    case addPrefix(String, unless: String?)
    case unique
    case keep(ValueCheck)
    case findPrefix(String)
    case dateTime(DateTimeFormat)
    case wrap
    case before(String)
    case after(String)

    /// Whether the step never makes a value unfaithful (it either gives the value's exact
    /// counterpart or fails the translation).
    var keepsFaithful: Bool {
        switch self {
        case .toNumber, .wrap, .multiply, .add, .subtract, .convert: true
        case .divide(_, let scale, _): scale == nil
        case .table(let table):
            if case .error = table.unmatched { true } else { false }
        default: false
        }
    }

    /// The step's name as written, for error messages.
    var name: String {
        switch self {
        case .toDecimalString: "to-decimal-string"
        case .toNumber: "to-number"
        case .table(let table): "table \(table.name)"
        case .multiply: "multiply"
        case .divide: "divide"
        case .add: "add"
        case .subtract: "subtract"
        case .round: "round"
        case .convert(_, _, let description): "convert \(description)"
        case .count: "count"
        case .first: "first"
        case .join: "join"
        case .stripPrefix: "strip-prefix"
        case .addPrefix: "add-prefix"
        case .unique: "unique"
        case .keep(let check): "keep \(check.rawValue)"
        case .findPrefix: "find-prefix"
        case .dateTime: "date-time"
        case .wrap: "wrap"
        case .before: "before"
        case .after: "after"
        }
    }
}

/// An enumeration table, compiled.
struct EnumerationTable: Sendable {
    /// What happens to a value the table does not list.
    enum Unmatched: Sendable {
        case error
        case carry
        case fallback(JSONValue)
    }

    /// The table's name in its file.
    let name: String
    /// Source value (as text) → target value.
    let values: [String: JSONValue]
    /// The outcome for unlisted values.
    let unmatched: Unmatched

    /// The text a value is looked up by: a string itself, a number's literal, `true` or `false`;
    /// `nil` for other values, which no table lists.
    static func key(for value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}

/// A condition (`when`).
indirect enum Condition: Sendable {
    case present(MappingPath, Bool)
    case equals(MappingPath, JSONValue)
    case oneOf(MappingPath, [JSONValue])
    case startsWith(MappingPath, String)
    case check(MappingPath, ValueCheck)
    case all([Condition])
    case any([Condition])
    case not(Condition)
}

/// Named checks usable in conditions.
enum ValueCheck: String, Sendable, CaseIterable {
    /// A Japanese corporate number (法人番号): 13 digits whose leftmost is the check digit.
    case jpCorporateNumber = "jp-corporate-number"
    /// A UUID in its 8-4-4-4-12 hexadecimal form (PACT's ids).
    case uuid
    /// A URN: a string that starts with `urn:` in any case (PACT's company and product ids).
    case urn

    /// Whether `text` passes the check.
    func passes(_ text: String) -> Bool {
        switch self {
        case .jpCorporateNumber: return CorporateNumber.isValid(text)
        case .urn: return text.utf8.count > 4 && text.prefix(4).lowercased() == "urn:"
        case .uuid:
            // 8-4-4-4-12: dashes at 8, 13, 18 and 23, hexadecimal digits everywhere else.
            guard text.utf8.count == 36 else { return false }
            for (position, byte) in text.utf8.enumerated() {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard byte == UInt8(ascii: "-") else { return false }
                } else {
                    guard (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte) else { return false }
                }
            }
            return true
        }
    }
}

/// Output formats of the `date-time` step.
enum DateTimeFormat: String, Sendable, CaseIterable {
    case utc
    case utcMillis = "utc-millis"
    case date
    case startOfDay = "start-of-day"
}
