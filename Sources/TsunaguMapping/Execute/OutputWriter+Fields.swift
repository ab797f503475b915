import TsunaguCore

extension OutputWriter {
    /// Writes `fields` (plain pointers) into `target` exactly as one `write(_:at:into:)` per field
    /// in the given order would, but walks down a container once for each run of consecutive fields
    /// that pass through it, instead of once per field from the root.
    static func write(_ fields: ArraySlice<(pointer: [String], value: JSONValue)>, into target: inout JSONValue) throws(Conflict) {
        try write(fields, depth: 0, into: &target)
    }

    /// As `write(_:into:)` for fields whose first `depth` tokens lead to `target`.
    private static func write(
        _ fields: ArraySlice<(pointer: [String], value: JSONValue)>, depth: Int, into target: inout JSONValue
    ) throws(Conflict) {
        var start = fields.startIndex
        while start < fields.endIndex {
            let first = fields[start]
            guard depth < first.pointer.count else {
                target = first.value
                start += 1
                continue
            }
            let key = first.pointer[depth]
            var end = start + 1
            // Each `-` appends an element of its own, so it never shares its walk.
            if key != "-" {
                while end < fields.endIndex, fields[end].pointer.count > depth, fields[end].pointer[depth] == key {
                    end += 1
                }
            }
            let next = depth + 1 < first.pointer.count ? token(of: first.pointer[depth + 1]) : nil
            try write(fields[start..<end], through: token(of: key), next: next, depth: depth, into: &target)
            start = end
        }
    }

    /// One step of `write(_:at:into:)` down `token`, for a run of fields that all pass through it;
    /// `next` is the first field's following token (the shape of a container the step creates).
    private static func write(
        _ run: ArraySlice<(pointer: [String], value: JSONValue)>, through token: MappingPath.Token, next: MappingPath.Token?,
        depth: Int, into target: inout JSONValue
    ) throws(Conflict) {
        if case .null = target { target = emptyContainer(for: token) }
        switch token {
        case .member(let key, let index):
            if case .object(var members) = target {
                target = .null
                defer { target = .object(members) }
                try write(run, depth: depth + 1, into: &members[key, default: .null])
                return
            }
            guard let index, case .array(var elements) = target else { break }
            guard index <= elements.count else {
                throw Conflict(reason: "index \(key) is beyond the end of an array of \(elements.count)")
            }
            target = .null
            if index == elements.count { elements.append(next.map(emptyContainer(for:)) ?? .null) }
            defer { target = .array(elements) }
            try write(run, depth: depth + 1, into: &elements[index])
            return
        case .append:
            guard case .array(var elements) = target else { break }
            target = .null
            var child = next.map(emptyContainer(for:)) ?? .null
            defer {
                elements.append(child)
                target = .array(elements)
            }
            try write(run, depth: depth + 1, into: &child)
            return
        case .select, .wildcard:
            break
        }
        throw Conflict(reason: "cannot write through a \(target.typeName) with the token \(token)")
    }
}
