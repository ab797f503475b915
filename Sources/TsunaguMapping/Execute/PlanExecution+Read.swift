import TsunaguCore

extension PlanExecution {
    /// Every value at `path`: one at most for a path without wildcards.
    /// Without `withTokens`, the matches' pointers are left empty (see `readOne`).
    func read(_ path: MappingPath, in scope: SourceScope, withTokens: Bool = true) -> [SourceMatch] {
        let start = path.isRelative ? scope : SourceScope(value: root, tokens: [])
        var matches: [SourceMatch] = []
        var pointer = withTokens ? start.tokens : []
        collect(path.tokens[...], value: start.value, pointer: &pointer, withTokens: withTokens, into: &matches)
        return matches
    }

    /// The single value at `path` (the first match).
    /// Without `withTokens`, the match's pointer is left empty: building it costs more than the
    /// lookup, and only consumption marks and error messages need it.
    func readOne(_ path: MappingPath, in scope: SourceScope, withTokens: Bool = true) -> SourceMatch? {
        if path.hasWildcard { return read(path, in: scope, withTokens: withTokens).first }
        // A path with a parent slot is absolute and literal: its pointer is the path's own tokens.
        if let slot = path.parentSlot, let last = path.last {
            guard let value = member(at: path, slot: slot, name: last.name, index: last.index) else { return nil }
            return SourceMatch(tokens: withTokens ? path.literals ?? [] : [], value: value)
        }
        var value = path.isRelative ? scope.value : root
        if !withTokens || (!path.isRelative && path.literals != nil) {
            for token in path.tokens {
                guard let next = child(of: value, token) else { return nil }
                value = next
            }
            return SourceMatch(tokens: withTokens ? path.literals ?? [] : [], value: value)
        }
        var tokens: [String] = []
        if withTokens {
            tokens = path.isRelative ? scope.tokens : []
            tokens.reserveCapacity(tokens.count + path.tokens.count)
        }
        for token in path.tokens {
            guard let (next, name) = step(into: value, token) else { return nil }
            value = next
            if withTokens { tokens.append(name) }
        }
        return SourceMatch(tokens: tokens, value: value)
    }

    /// The member at the end of the absolute literal `path`, whose parent slot is `slot`: the
    /// parent is looked up once per execution, then taken from the cache, and the member is read
    /// from it in place (copying the parent out would retain and release it for every read).
    func member(at path: MappingPath, slot: Int, name: JSONKey, index: Int?) -> JSONValue? {
        if case .unknown = parents[slot] {
            parents[slot] = lookUpParent(of: path).map(ParentCache.Entry.found) ?? .absent
        }
        guard case .found(let parent) = parents[slot] else { return nil }
        return Self.member(name, index: index, of: parent)
    }

    private func lookUpParent(of path: MappingPath) -> JSONValue? {
        var value = root
        for token in path.tokens.dropLast() {
            guard let next = child(of: value, token) else { return nil }
            value = next
        }
        return value
    }

    /// The value a member token (`name`, read as `index` in an array) leads to from `value`.
    static func member(_ name: JSONKey, index: Int?, of value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let members): return members[name]
        case .array(let elements):
            guard let index, elements.indices.contains(index) else { return nil }
            return elements[index]
        default: return nil
        }
    }

    /// The value `token` leads to from `value` (as `step(into:_:)`, without the pointer token).
    private func child(of value: JSONValue, _ token: MappingPath.Token) -> JSONValue? {
        switch token {
        case .member(let key, let index):
            if case .object(let members) = value { return members[key] }
            guard let index, case .array(let elements) = value, elements.indices.contains(index) else { return nil }
            return elements[index]
        case .select(let member, let wanted):
            guard case .array(let elements) = value else { return nil }
            return elements.first { $0[member]?.stringValue == wanted }
        case .wildcard, .append:
            return nil
        }
    }

    private func step(into value: JSONValue, _ token: MappingPath.Token) -> (JSONValue, String)? {
        switch (token, value) {
        case (.member(let key, _), .object(let members)):
            return members[key].map { ($0, key.name) }
        case (.member(let key, let index?), .array(let elements)):
            return elements.indices.contains(index) ? (elements[index], key.name) : nil
        case (.select(let member, let wanted), .array(let elements)):
            guard let position = elements.firstIndex(where: { $0[member]?.stringValue == wanted }) else { return nil }
            return (elements[position], String(position))
        default:
            return nil
        }
    }

    /// Appends the matches of `tokens` from `value`; `pointer` is the pointer of `value` (kept as
    /// one stack that each step pushes to and pops, copied only into a match).
    private func collect(
        _ tokens: ArraySlice<MappingPath.Token>, value: JSONValue, pointer: inout [String], withTokens: Bool, into matches: inout [SourceMatch]
    ) {
        guard let token = tokens.first else {
            matches.append(SourceMatch(tokens: pointer, value: value))
            return
        }
        let rest = tokens.dropFirst()
        if case .wildcard = token {
            switch value {
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    if withTokens { pointer.append(String(index)) }
                    collect(rest, value: element, pointer: &pointer, withTokens: withTokens, into: &matches)
                    if withTokens { pointer.removeLast() }
                }
            case .object(let members):
                for key in members.keys.sorted() {
                    guard let member = members[key] else { continue }
                    if withTokens { pointer.append(key) }
                    collect(rest, value: member, pointer: &pointer, withTokens: withTokens, into: &matches)
                    if withTokens { pointer.removeLast() }
                }
            default:
                return
            }
            return
        }
        guard let (next, name) = step(into: value, token) else { return }
        if withTokens { pointer.append(name) }
        collect(rest, value: next, pointer: &pointer, withTokens: withTokens, into: &matches)
        if withTokens { pointer.removeLast() }
    }

    /// Whether the condition holds.
    func holds(_ condition: Condition, in scope: SourceScope) -> Bool {
        switch condition {
        case .present(let path, let wanted):
            return (readOne(path, in: scope, withTokens: false) != nil) == wanted
        case .equals(let path, let expected):
            return readOne(path, in: scope, withTokens: false).map { Self.same($0.value, expected) } ?? false
        case .oneOf(let path, let options):
            guard let value = readOne(path, in: scope, withTokens: false)?.value else { return false }
            return options.contains { Self.same(value, $0) }
        case .startsWith(let path, let prefix):
            return readOne(path, in: scope, withTokens: false)?.value.stringValue?.hasPrefix(prefix) ?? false
        case .check(let path, let check):
            guard let text = readOne(path, in: scope, withTokens: false)?.value.stringValue else { return false }
            return check.passes(text)
        case .all(let conditions):
            return conditions.allSatisfy { holds($0, in: scope) }
        case .any(let conditions):
            return conditions.contains { holds($0, in: scope) }
        case .not(let inner):
            return !holds(inner, in: scope)
        }
    }

    /// Equality for conditions: numbers compare by value (`1.0` equals `1`), everything else exactly.
    static func same(_ value: JSONValue, _ expected: JSONValue) -> Bool {
        if case .number(let left) = value, case .number(let right) = expected {
            return left.decimal.isNumericallyEqual(to: right.decimal)
        }
        return value == expected
    }
}

/// The Japanese corporate number (法人番号): 13 digits, the leftmost a check digit equal to
/// 9 − (Σ Pn × Qn mod 9) over the other 12 digits counted from the right, Qn = 1 for odd n, 2 for even n.
enum CorporateNumber {
    static func isValid(_ text: String) -> Bool {
        let digits = text.utf8.map { Int($0) - 48 }
        guard digits.count == 13, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        var total = 0
        for (offset, digit) in digits.dropFirst().reversed().enumerated() {
            let n = offset + 1
            total += digit * (n % 2 == 1 ? 1 : 2)
        }
        return digits[0] == 9 - total % 9
    }
}
