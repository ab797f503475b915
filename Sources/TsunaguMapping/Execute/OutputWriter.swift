import TsunaguCore

/// Writes values into the output document, creating the objects and arrays a path passes through:
/// a numeric token, `-` or a `[member=value]` selector creates an array, any other token an object.
enum OutputWriter {
    /// Why a write failed: the path crosses a value of another shape.
    struct Conflict: Error {
        let reason: String
    }

    static func write(_ value: JSONValue, at tokens: ArraySlice<MappingPath.Token>, into target: inout JSONValue) throws(Conflict) {
        guard let token = tokens.first else {
            target = value
            return
        }
        let rest = tokens.dropFirst()
        if rest.isEmpty, case .member(let key, _) = token, setMember(key, to: value, in: &target) { return }
        try step(through: token, next: rest.first, in: &target) { (child: inout JSONValue) throws(Conflict) in
            try write(value, at: rest, into: &child)
        }
    }

    /// Sets member `key` of `target` in one dictionary update, the object taken out first so that
    /// it is changed in place rather than copied; `false`, changing nothing, when `target` is not
    /// an object.
    static func setMember(_ key: JSONKey, to value: JSONValue, in target: inout JSONValue) -> Bool {
        guard case .object(var members) = target else { return false }
        target = .null
        members.set(value, for: key)
        target = .object(members)
        return true
    }

    /// One step of a write down `token`: creates the container the token needs in a `null`
    /// `target`, finds or makes the value the token names (a member, an element, an appended
    /// element, the element a selector picks) and lets `body` change it in place. `next` is the
    /// token after this one, which decides the shape of an element the step creates.
    static func step(
        through token: MappingPath.Token, next: MappingPath.Token?, in target: inout JSONValue,
        _ body: (inout JSONValue) throws(Conflict) -> Void
    ) throws(Conflict) {
        if case .null = target { target = emptyContainer(for: token) }
        // Each branch takes the container out of `target` before changing it, so the container is
        // uniquely referenced and is changed in place instead of copied.
        switch token {
        case .member(let key, let index):
            if case .object(var members) = target {
                target = .null
                defer { target = .object(members) }
                try body(&members[key, default: .null])
                return
            }
            guard let index, case .array(var elements) = target else { break }
            guard index <= elements.count else {
                throw Conflict(reason: "index \(key) is beyond the end of an array of \(elements.count)")
            }
            target = .null
            if index == elements.count { elements.append(next.map(emptyContainer(for:)) ?? .null) }
            defer { target = .array(elements) }
            try body(&elements[index])
            return
        case .append:
            guard case .array(var elements) = target else { break }
            target = .null
            var child = next.map(emptyContainer(for:)) ?? .null
            defer {
                elements.append(child)
                target = .array(elements)
            }
            try body(&child)
            return
        case .select(let member, let wanted):
            guard case .array(var elements) = target else { break }
            target = .null
            let position = elements.firstIndex { $0[member]?.stringValue == wanted } ?? {
                elements.append(.object([member: .string(wanted)]))
                return elements.count - 1
            }()
            defer { target = .array(elements) }
            try body(&elements[position])
            return
        case .wildcard:
            break
        }
        throw Conflict(reason: "cannot write through a \(target.typeName) with the token \(token)")
    }

    /// Takes the value at `token` out of `target` (leaving a placeholder that a later write of the
    /// same token replaces), so it can be changed without being copied; `nil` when nothing is there.
    static func take(_ token: MappingPath.Token, key: JSONKey, from target: inout JSONValue) -> JSONValue? {
        guard case .member(_, let index) = token else { return nil }
        switch target {
        case .object(var members):
            target = .null
            defer { target = .object(members) }
            return members.take(key)
        case .array(var elements):
            guard let index, elements.indices.contains(index) else { return nil }
            target = .null
            defer { target = .array(elements) }
            let taken = elements[index]
            elements[index] = .null
            return taken
        default:
            return nil
        }
    }

    /// Removes the value at the plain pointer `tokens` from `target` (nothing when absent),
    /// changing the containers on the way in place rather than copying them.
    static func remove(at tokens: ArraySlice<String>, from target: inout JSONValue) {
        guard let token = tokens.first else { return }
        let rest = tokens.dropFirst()
        switch target {
        case .object(var members):
            guard members[token] != nil else { return }
            target = .null
            defer { target = .object(members) }
            if rest.isEmpty {
                members.removeValue(forKey: token)
            } else if var child = members.take(JSONKey(token)) {
                remove(at: rest, from: &child)
                members[token] = child
            }
        case .array(var elements):
            guard let index = Int(token), elements.indices.contains(index) else { return }
            target = .null
            defer { target = .array(elements) }
            if rest.isEmpty {
                elements.remove(at: index)
            } else {
                var child = elements[index]
                elements[index] = .null
                remove(at: rest, from: &child)
                elements[index] = child
            }
        default:
            return
        }
    }

    /// Replaces the value at the plain pointer `tokens`, found as `JSONValue[pointer:]` finds it
    /// (nothing when absent), changing the containers on the way in place: `JSONValue.set` copies
    /// each container it passes through, the whole document at the root.
    static func replace(at tokens: ArraySlice<String>, with value: JSONValue, in target: inout JSONValue) {
        guard let token = tokens.first else {
            target = value
            return
        }
        let rest = tokens.dropFirst()
        switch target {
        case .object(var members):
            guard members[token] != nil else { return }
            target = .null
            defer { target = .object(members) }
            replace(at: rest, with: value, in: &members[token, default: .null])
        case .array(var elements):
            guard let index = Int(token), elements.indices.contains(index) else { return }
            target = .null
            defer { target = .array(elements) }
            replace(at: rest, with: value, in: &elements[index])
        default:
            return
        }
    }

    /// The container a write down `token` creates where nothing is yet.
    static func emptyContainer(for token: MappingPath.Token) -> JSONValue {
        switch token {
        case .member(_, index: .some), .append, .select: .array([])
        case .member(_, index: .none), .wildcard: .object([:])
        }
    }

    /// Tokens of a plain JSON Pointer, as path tokens.
    static func tokens(of pointer: JSONPointer) -> [MappingPath.Token] {
        tokens(of: pointer.tokens)
    }

    /// Pointer tokens, as path tokens.
    static func tokens(of pointer: [String]) -> [MappingPath.Token] {
        pointer.map(token(of:))
    }

    /// A pointer token, as a path token.
    static func token(of token: String) -> MappingPath.Token {
        let index = !token.isEmpty && token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && (token == "0" || !token.hasPrefix("0")) ? Int(token) : nil
        return token == "-" ? .append : .member(JSONKey(token), index: index)
    }
}
