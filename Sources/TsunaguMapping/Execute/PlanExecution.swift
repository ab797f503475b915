import Foundation
import TsunaguCore

/// One run of a plan over one document: the rules, then carry and restore, then the loss report.
struct PlanExecution {
    /// The pair of models of the plan, for error messages. (The execution keeps what it needs of the
    /// plan rather than a copy of all of it, which would be retained and released field by field.)
    let mapping: MappingID
    /// The plan's consumed fields, when they stand for the marks of their rules.
    let consumedFields: ConsumedFields?
    /// The source document, without the carry extension that `restore` takes out.
    let root: JSONValue
    /// Source fields written faithfully (besides the plan's ``ConsumedFields``, which are not marked).
    let consumed = ConsumptionMarks()
    /// Reads of shadowed rules, marked once their list has run and their value is still there.
    let pending = PendingMarks()
    /// The values `default:` filled.
    let defaults = DefaultLog()

    /// Whether reads are recorded: only needed when no reverse mapping measures what comes back.
    let tracking: Bool
    /// Parents of absolute source paths already looked up in this execution.
    let parents: ParentCache

    /// Values the caller supplies by name (`context:` rules).
    let context: [String: JSONValue]
    /// Rules whose unfaithful value is noted (see ``ReproducedFields``).
    let watch: FaithfulnessWatch
    /// Whether the plan's ``ConsumedFields`` stand for the marks of their rules (always, except
    /// where a test compares them with marking every read).
    private let usesConsumedFields: Bool
    /// Whether rules compiled as a ``DirectCopy`` take the short path (always, except where a test
    /// compares it with the general execution).
    private let usesDirectCopies: Bool

    init(
        plan: MappingPlan, root: JSONValue, tracking: Bool, context: [String: JSONValue] = [:], watching: Set<ObjectIdentifier> = [],
        usesConsumedFields: Bool = true, usesDirectCopies: Bool = true
    ) {
        self.mapping = plan.id
        self.usesConsumedFields = usesConsumedFields
        self.usesDirectCopies = usesDirectCopies
        self.consumedFields = usesConsumedFields && !plan.consumedFields.isEmpty ? plan.consumedFields : nil
        self.watch = FaithfulnessWatch(rules: watching)
        self.context = context
        self.root = root
        self.tracking = tracking
        self.parents = ParentCache(count: plan.parentSlotCount)
    }

    /// Runs `nodes` with relative source paths starting at `scope`, writing into `output`.
    ///
    /// `output` usually starts empty (an execution, an element or a new group container) and
    /// `WriteNode.arrange` gives each group a member no other sibling group or rule names, so a
    /// group builds its container afresh. When `output` does not start empty (`startsEmpty`), or
    /// after a sibling rule wrote the whole container or through `-` or a selector, the member may
    /// already be there and is taken out first, to be written into.
    func run(_ nodes: [WriteNode], scope: SourceScope, into output: inout JSONValue, startsEmpty: Bool = true) throws(MappingError) {
        var mayHoldGroups = !startsEmpty
        for node in nodes {
            switch node {
            case .rule(let rule, let depth):
                try execute(rule, depth: depth, scope: scope, into: &output)
                if depth == rule.memberPrefix { mayHoldGroups = true }
            case .group(let token, let key, let children):
                let taken = mayHoldGroups ? OutputWriter.take(token, key: key, from: &output) : nil
                // A new object is made with room for every child, so it never grows while filled.
                var inner = taken ?? (children.first?.buildsObject == true ? .object(JSONObject(minimumCapacity: children.count)) : .null)
                var failure: MappingError?
                do {
                    try run(children, scope: scope, into: &inner, startsEmpty: taken == nil)
                } catch {
                    failure = error
                }
                // A group whose rules wrote nothing leaves no empty container behind.
                if taken != nil || !(inner.isNull || inner.objectValue?.isEmpty == true) {
                    // A member of an object is set in one dictionary update, without building a
                    // token slice for the general write.
                    if case .member = token, OutputWriter.setMember(key, to: inner, in: &output) {
                        if let failure { throw failure }
                        continue
                    }
                    do {
                        try OutputWriter.write(inner, at: [token][...], into: &output)
                    } catch {
                        throw MappingError.value("cannot write below \(token): \(error.reason)", at: nil, mapping: mapping)
                    }
                }
                if let failure { throw failure }
            }
        }
    }

    /// Runs one rule, writing at its target's tokens from `depth` on.
    private func execute(_ rule: CompiledRule, depth: Int, scope: SourceScope, into output: inout JSONValue) throws(MappingError) {
        do {
            if let condition = rule.condition, !holds(condition, in: scope) { return }
            if usesDirectCopies, let copy = rule.directCopy, depth == copy.depth,
                copyDirectly(copy, of: rule, marking: tracking && !(rule.consumedWhenPresent && usesConsumedFields), into: &output)
            {
                return
            }
            var sources: [[String]] = []
            // A single read is kept apart (no array to allocate), with the parent slot of a literal
            // path, so marking it skips the walk to its parent.
            var single: [String]?
            var sourceSlot: Int?
            var blamed: MappingPath?
            var flow = Flow(value: nil, faithful: true)
            // A value the caller supplies is not the partner's: reported like a default.
            var supplied = false
            // Whether the reads of the rule's own rules (`each:`, `map:`) wait for its value to stay.
            let capturing = tracking && rule.shadowed
            var captured: [[String]] = []
            switch rule.producer {
            case .read(let path):
                if path.hasWildcard {
                    // The pointers are needed for marks; an error finds the first one again.
                    let matches = read(path, in: scope, withTokens: tracking)
                    if !matches.isEmpty {
                        flow.value = .array(matches.map(\.value))
                        if tracking { sources = matches.map(\.tokens) }
                    }
                    blamed = path
                } else if let match = readOne(path, in: scope, withTokens: tracking) {
                    flow.value = match.value
                    if tracking {
                        single = match.tokens
                        sourceSlot = path.parentSlot
                    }
                    blamed = path
                }
            case .nothing:
                break
            case .constant(let value):
                flow.value = value
            case .context(let name):
                // `now` is always there: a translation adds the current time when the caller gives none.
                flow.value = context[name]
                supplied = true
            case .template(let parts):
                var text = ""
                var complete = true
                for part in parts {
                    switch part {
                    case .text(let literal): text += literal
                    case .value(let path):
                        if blamed == nil { blamed = path }
                        guard let match = readOne(path, in: scope, withTokens: tracking) else {
                            complete = false
                            continue
                        }
                        if tracking { sources.append(match.tokens) }
                        switch match.value {
                        case .string(let string): text += string
                        case .number(let number): text += number.text
                        case .bool(let flag): text += flag ? "true" : "false"
                        default:
                            throw MappingError.value("template placeholder {\(path)} is a \(match.value.typeName); only strings, numbers and booleans fit in text", at: match.tokens, mapping: mapping)
                        }
                    }
                }
                flow.value = complete ? .string(text) : nil
                flow.faithful = false
            case .sum(let paths):
                var total = ExactDecimal.zero
                var model: JSONValue?
                for path in paths {
                    guard let match = readOne(path, in: scope) else {
                        throw MappingError.value("sum operand \(path) is absent; every operand of a sum is needed", at: scope.tokens, mapping: mapping)
                    }
                    do {
                        total = total + (try decimal(match.value))
                    } catch {
                        throw MappingError.value("sum: \(error.message)", at: match.tokens, mapping: mapping)
                    }
                    sources.append(match.tokens)
                    if model == nil { model = match.value }
                }
                flow.value = model.map { Self.decimalValue(total, like: $0) }
                flow.faithful = false
            case .each(let path, let rules):
                // A rule that a later one may write over keeps the reads of its own rules with its
                // value (they count only if the value stays).
                if capturing { pending.beginCapture() }
                defer { if capturing { captured = pending.endCapture() } }
                var elements: [(SourceScope)] = []
                if path.hasWildcard {
                    elements = read(path, in: scope).map { SourceScope(value: $0.value, tokens: $0.tokens) }
                    flow.value = elements.isEmpty ? nil : .array([])
                } else if let match = readOne(path, in: scope) {
                    guard case .array(let items) = match.value else {
                        throw MappingError.value("each: expected an array, found a \(match.value.typeName)", at: match.tokens, mapping: mapping)
                    }
                    if items.isEmpty && tracking { mark(match.tokens) }
                    elements = items.enumerated().map { SourceScope(value: $1, tokens: match.tokens + [String($0)]) }
                    flow.value = .array([])
                }
                if flow.value != nil {
                    var built: [JSONValue] = []
                    built.reserveCapacity(elements.count)
                    for (index, element) in elements.enumerated() {
                        var object = JSONValue.object(JSONObject(minimumCapacity: rules.count))
                        defaults.enter(rule, index: index)
                        defer { defaults.leave() }
                        let held = pending.count
                        try run(rules, scope: element, into: &object)
                        pending.settle(from: held, in: object, marking: consumed)
                        built.append(object)
                    }
                    flow.value = .array(built)
                }
            case .object(let path, let rules):
                if capturing { pending.beginCapture() }
                defer { if capturing { captured = pending.endCapture() } }
                if let match = readOne(path, in: scope) {
                    guard case .object(let members) = match.value else {
                        throw MappingError.value("expected an object to map, found a \(match.value.typeName)", at: match.tokens, mapping: mapping)
                    }
                    if members.isEmpty && tracking { mark(match.tokens) }
                    var object = JSONValue.object([:])
                    defaults.enter(rule, index: nil)
                    defer { defaults.leave() }
                    let held = pending.count
                    try run(rules, scope: SourceScope(value: match.value, tokens: match.tokens), into: &object)
                    pending.settle(from: held, in: object, marking: consumed)
                    flow.value = object
                }
            }
            if !rule.steps.isEmpty {
                let blame = Blame(tokens: single ?? sources.first, path: blamed)
                for step in rule.steps where flow.value != nil {
                    try apply(step, to: &flow, blame: blame, scope: scope)
                }
            }
            if !flow.faithful, !watch.rules.isEmpty, watch.rules.contains(ObjectIdentifier(rule)) { watch.unfaithful = true }
            // Only faithful reads count as consumed; the plan's consumed fields need no mark. A rule
            // that a later one may write over has its reads held until its list has run.
            let marking = tracking && flow.faithful && !(rule.consumedWhenPresent && usesConsumedFields)
            let holding = marking && rule.shadowed && flow.value != nil
            // Reads the rule's own rules made count with the rule's value, or as they were made.
            if holding {
                sources += captured
            } else {
                for source in captured { mark(source) }
            }
            if marking && !holding {
                if let single { mark(single, parentSlot: sourceSlot) }
                for source in sources { mark(source) }
            }
            guard let value = flow.value ?? rule.fallback else { return }
            if holding {
                pending.hold(PendingMarks.Entry(target: rule.target.literals ?? [], value: value, sources: (single.map { [$0] } ?? []) + sources))
            }
            if flow.value == nil || supplied || rule.fills { defaults.record(rule, value: value) } else if rule.replacesDefault { defaults.replaced(by: rule) }
            // The last member of the target, written into its object: one dictionary update.
            if let key = rule.lastMember, depth == rule.target.tokens.count - 1, OutputWriter.setMember(key, to: value, in: &output) {
                return
            }
            do {
                try OutputWriter.write(value, at: rule.target.tokens[depth...], into: &output)
            } catch {
                let pointer = pointer(of: Blame(tokens: single ?? sources.first, path: blamed), in: scope)
                throw MappingError.value("rule at line \(rule.line) cannot write \(rule.target): \(error.reason)", at: pointer, mapping: mapping)
            }
        }
    }

    /// Marks the source field at `tokens` as written faithfully (see ``PendingMarks/mark(_:parentSlot:in:)``).
    func mark(_ tokens: [String], parentSlot: Int? = nil) {
        pending.mark(tokens, parentSlot: parentSlot, in: consumed)
    }

    /// The source pointer of the value a rule read, found again only when an error needs it.
    func pointer(of blame: Blame, in scope: SourceScope) -> [String]? {
        if let tokens = blame.tokens { return tokens }
        return blame.path.flatMap { readOne($0, in: scope)?.tokens }
    }

    /// Every source leaf (scalar, empty object or empty array) that neither the consumption marks
    /// nor the plan's consumed fields cover.
    func unmarkedLeaves() -> [(pointer: [String], value: JSONValue)] {
        var leaves: [(pointer: [String], value: JSONValue)] = []
        var pointer: [String] = []
        func walk(_ value: JSONValue, _ marks: ConsumptionMarks?, _ other: ConsumedFields?) {
            if marks?.whole == true || other?.whole == true { return }
            switch value {
            case .object(let members) where !members.isEmpty:
                for position in members.indices {
                    // The member's name comes with its hash: the tries' lookups hash nothing.
                    let (key, member) = members.member(at: position)
                    // Most members are consumed statically: then the marks need no lookup.
                    let fixed = other?.child(key)
                    if fixed?.whole == true { continue }
                    pointer.append(key.name)
                    walk(member, marks?.child(key), fixed)
                    pointer.removeLast()
                }
            case .array(let elements) where !elements.isEmpty:
                for (index, element) in elements.enumerated() {
                    let token = JSONKey(String(index))
                    let fixed = other?.child(token)
                    if fixed?.whole == true { continue }
                    pointer.append(token.name)
                    walk(element, marks?.child(token), fixed)
                    pointer.removeLast()
                }
            default:
                leaves.append((pointer, value))
            }
        }
        walk(root, consumed, consumedFields)
        // Sorted once at the end (usually a few leaves) rather than every object's keys on the way.
        leaves.sort { MappingPlan.pointerOrder($0.pointer, $1.pointer) }
        return leaves
    }
}
