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
            try step(through: token(of: key), next: next, in: &target) { (child: inout JSONValue) throws(Conflict) in
                try write(fields[start..<end], depth: depth + 1, into: &child)
            }
            start = end
        }
    }
}
