import TsunaguCore

/// What a carry extension holds: the edits that turn what the reverse mapping rebuilds into the
/// original source document (`set`: pointer → original value; `remove`: pointers the rebuilt
/// document has and the original lacks).
struct CarryPatch {
    var writes: [(pointer: [String], value: JSONValue)] = []
    var remove: [[String]] = []

    var isEmpty: Bool { writes.isEmpty && remove.isEmpty }

    /// The edits that turn `rebuilt` into `original`: whole values where shapes or array lengths differ.
    static func diff(original: JSONValue, rebuilt: JSONValue) -> CarryPatch {
        var patch = CarryPatch()
        var pointer: [String] = []
        func walk(_ original: JSONValue, _ rebuilt: JSONValue) {
            switch (original, rebuilt) {
            case (.object(let left), .object(let right)):
                var shared = 0
                for (key, value) in left {
                    pointer.append(key)
                    if let other = right[key] {
                        shared += 1
                        walk(value, other)
                    } else {
                        patch.writes.append((pointer, value))
                    }
                    pointer.removeLast()
                }
                // When every member of `right` was found in `left`, none is extra: the second
                // round of lookups is needed only when the counts say so.
                if shared < right.count {
                    for key in right.keys where left[key] == nil {
                        patch.remove.append(pointer + [key])
                    }
                }
            case (.array(let left), .array(let right)) where left.count == right.count:
                for index in left.indices {
                    pointer.append(String(index))
                    walk(left[index], right[index])
                    pointer.removeLast()
                }
            default:
                if original != rebuilt { patch.writes.append((pointer, original)) }
            }
        }
        walk(original, rebuilt)
        patch.writes.sort { MappingPlan.pointerOrder($0.pointer, $1.pointer) }
        patch.remove.sort { MappingPlan.pointerOrder($0, $1) }
        return patch
    }

    /// The leaves (scalars, empty objects and arrays) of `original` that `rebuilt` lacks or holds
    /// differently, compared element by element: what a translation there and back loses.
    static func lostLeaves(original: JSONValue, rebuilt: JSONValue?) -> [(pointer: [String], value: JSONValue)] {
        var lost: [(pointer: [String], value: JSONValue)] = []
        var pointer: [String] = []
        func walk(_ original: JSONValue, _ rebuilt: JSONValue?) {
            switch original {
            case .object(let members) where !members.isEmpty:
                let other = rebuilt?.objectValue
                for key in members.keys.sorted() {
                    guard let value = members[key] else { continue }
                    pointer.append(key)
                    walk(value, other?[key])
                    pointer.removeLast()
                }
            case .array(let elements) where !elements.isEmpty:
                let other = rebuilt?.arrayValue
                for (index, element) in elements.enumerated() {
                    pointer.append(String(index))
                    walk(element, other.flatMap { $0.indices.contains(index) ? $0[index] : nil })
                    pointer.removeLast()
                }
            default:
                if original != rebuilt { lost.append((pointer, original)) }
            }
        }
        walk(original, rebuilt)
        return lost
    }

    /// The extension's `data`.
    var data: JSONValue {
        var object: [String: JSONValue] = [:]
        if !writes.isEmpty {
            var members: [String: JSONValue] = [:]
            for field in writes { members[PointerText.encode(field.pointer)] = field.value }
            object["set"] = .object(members)
        }
        if !remove.isEmpty {
            object["remove"] = .array(remove.map { .string(PointerText.encode($0)) })
        }
        return .object(object)
    }

    /// Reads the extension's `data`; `nil` when it is not shaped as a carry patch.
    init?(data: JSONValue) {
        guard case .object(let object) = data, Set(object.keys).isSubset(of: ["set", "remove"]) else { return nil }
        if let members = object["set"] {
            guard case .object(let fields) = members else { return nil }
            for (key, value) in fields {
                guard let tokens = PointerText.decode(key) else { return nil }
                writes.append((tokens, value))
            }
        }
        if let list = object["remove"] {
            guard case .array(let pointers) = list else { return nil }
            for entry in pointers {
                guard let text = entry.stringValue, let tokens = PointerText.decode(text) else { return nil }
                remove.append(tokens)
            }
        }
    }

    init() {}

    /// Applies the edits to `document`: removals first, then values in pointer order.
    func apply(to document: inout JSONValue) throws(OutputWriter.Conflict) {
        for pointer in remove {
            OutputWriter.remove(at: pointer[...], from: &document)
        }
        for field in writes.sorted(by: { MappingPlan.pointerOrder($0.pointer, $1.pointer) }) {
            try OutputWriter.write(field.value, at: OutputWriter.tokens(of: JSONPointer(tokens: field.pointer))[...], into: &document)
        }
    }
}
