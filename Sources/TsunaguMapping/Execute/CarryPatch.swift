import TsunaguCore

/// What a carry extension holds: the edits that turn what the reverse mapping rebuilds into the
/// original source document (`set`: pointer → original value; `remove`: pointers the rebuilt
/// document has and the original lacks).
struct CarryPatch {
    var writes: [(pointer: [String], value: JSONValue)] = []
    var remove: [[String]] = []
    /// What the output held, when the carry was made, where rules derived values from carried
    /// fields (see ``Basis``).
    var basis: [Basis] = []

    var isEmpty: Bool { writes.isEmpty && remove.isEmpty }

    /// The edits that turn `rebuilt` into `original`: whole values where shapes or array lengths differ.
    static func diff(original: JSONValue, rebuilt: JSONValue) -> CarryPatch {
        var differences = Differences()
        differences.walk(original, rebuilt)
        return differences.patch.sorted()
    }

    /// The edits that turn into `original` what the whole reverse mapping rebuilds, given what
    /// the rules other than the `reproduced` fields' rebuilt: the reproduced fields are the
    /// original's own, and the containers on their way hold them.
    static func diff(original: JSONValue, rebuilt: JSONValue, reproduced: FieldTrie) -> CarryPatch {
        var differences = Differences()
        differences.walk(original, rebuilt, reproduced)
        return differences.patch.sorted()
    }

    /// The patch with its edits in pointer order.
    private func sorted() -> CarryPatch {
        var patch = self
        patch.writes.sort { MappingPlan.pointerOrder($0.pointer, $1.pointer) }
        patch.remove.sort { MappingPlan.pointerOrder($0, $1) }
        return patch
    }

    /// A walk over an original document and its rebuilt counterpart, collecting the edits.
    private struct Differences {
        var patch = CarryPatch()
        var pointer: [String] = []

        mutating func walk(_ original: JSONValue, _ rebuilt: JSONValue) {
            switch (original, rebuilt) {
            case (.object(let left), .object(let right)):
                var shared = 0
                for position in left.indices {
                    let (key, value) = left.member(at: position)
                    pointer.append(key.name)
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
                if shared < right.count { removeExtra(left, right) }
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

        /// As `walk(_:_:)` against `rebuilt` with the reproduced fields below `node` written into
        /// it; `rebuilt` is `nil` where only they make the value (they are then in `original`).
        mutating func walk(_ original: JSONValue, _ rebuilt: JSONValue?, _ node: FieldTrie) {
            if node.reproduced { return }
            // The reproduced fields make this an array (written at index 0) or an object around
            // what the other rules wrote here; another shape in the original is carried whole.
            if node.elements {
                guard case .array(let left) = original, let child = node.firstElement else {
                    if original != rebuilt { patch.writes.append((pointer, original)) }
                    return
                }
                let right = rebuilt?.arrayValue ?? []
                // Element 0 is there when the other rules or the reproduced fields made it.
                let count = right.isEmpty && rebuilt != nil && !node.reaches(original) ? 0 : max(right.count, 1)
                guard left.count == count, rebuilt == nil || rebuilt?.arrayValue != nil else {
                    if original != rebuilt { patch.writes.append((pointer, original)) }
                    return
                }
                for index in left.indices {
                    pointer.append(String(index))
                    if index == 0 {
                        walk(left[0], right.first, child)
                    } else {
                        walk(left[index], right[index])
                    }
                    pointer.removeLast()
                }
                return
            }
            guard case .object(let left) = original, rebuilt == nil || rebuilt?.objectValue != nil else {
                if original != rebuilt { patch.writes.append((pointer, original)) }
                return
            }
            let right = rebuilt?.objectValue ?? [:]
            var shared = 0
            for position in left.indices {
                let (key, value) = left.member(at: position)
                let child = node.child(key)
                // A reproduced field is the original's own, and no other rule writes it.
                if child?.reproduced == true { continue }
                pointer.append(key.name)
                let other = right.isEmpty ? nil : right[key]
                if other != nil { shared += 1 }
                if let child, other != nil || child.reaches(value) {
                    walk(value, other, child)
                } else if let other {
                    walk(value, other)
                } else {
                    patch.writes.append((pointer, value))
                }
                pointer.removeLast()
            }
            if shared < right.count { removeExtra(left, right) }
        }

        private mutating func removeExtra(_ left: JSONObject, _ right: JSONObject) {
            for key in right.keys where left[key] == nil {
                patch.remove.append(pointer + [key])
            }
        }
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
        data(layout: CarryLayout(writes: writes.map(\.pointer), remove: remove, places: basis.map { ($0.place, $0.fields) }))
    }

    /// The extension's `data`, spelled with the texts of `layout` (the layout of this patch, whose
    /// basis ``recordBasis(_:home:in:outside:)`` recorded).
    func data(layout: CarryLayout) -> JSONValue {
        var object = JSONObject(minimumCapacity: 3)
        if !writes.isEmpty {
            var members = JSONObject(minimumCapacity: writes.count)
            for (key, write) in zip(layout.writeKeys, writes) { members.set(write.value, for: key) }
            object[Member.set] = .object(members)
        }
        if !remove.isEmpty { object[Member.remove] = layout.removeTexts }
        if !basis.isEmpty {
            var entries: [JSONValue] = []
            entries.reserveCapacity(basis.count)
            for (place, entry) in zip(layout.places, basis) {
                var json = JSONObject(minimumCapacity: 3)
                json.set(place.text, for: Member.place)
                json.set(place.fieldTexts, for: Member.fields)
                if let value = entry.value { json.set(value, for: Member.value) }
                entries.append(.object(json))
            }
            object[Member.basis] = .array(entries)
        }
        return .object(object)
    }

    /// Reads the extension's `data`; `nil` when it is not shaped as a carry patch.
    init?(data: JSONValue) {
        guard let read = Self.read(data, readings: nil) else { return nil }
        self = read.patch
    }

    /// Reads the extension's `data` as ``init(data:)`` does; with `readings`, the pointers of texts
    /// read before are taken from there.
    /// - Returns: the edits and the reading of their pointers.
    static func read(_ data: JSONValue, readings: CarryReadings?) -> (patch: CarryPatch, reading: CarryReadings.Reading)? {
        guard let read = Self.read(data), let reading = readings.map({ $0.reading(of: read.texts) }) ?? CarryReadings.Reading(read.texts, arranging: false) else {
            return nil
        }
        return (CarryPatch(reading, values: read.values), reading)
    }

    /// The edits of `reading` with their `values`: the written values, then the basis values.
    init(_ reading: CarryReadings.Reading, values: (writes: [JSONValue], basis: [JSONValue?])) {
        writes = Array(zip(reading.writes, values.writes))
        remove = reading.remove
        basis = reading.places.indices.map { index in
            Basis(place: reading.places[index], value: values.basis[index], fields: reading.fields[index])
        }
    }

    /// The pointer texts and the values of a carry extension's `data`; `nil` when it is not
    /// shaped as a carry patch.
    private static func read(_ data: JSONValue) -> (texts: CarryReadings.Texts, values: (writes: [JSONValue], basis: [JSONValue?]))? {
        guard case .object(let object) = data else { return nil }
        for position in object.indices {
            let key = object.member(at: position).key
            guard key == Member.set || key == Member.remove || key == Member.basis else { return nil }
        }
        var texts = CarryReadings.Texts()
        var writes: [JSONValue] = []
        var basis: [JSONValue?] = []
        if let members = object[Member.set] {
            guard case .object(let fields) = members else { return nil }
            texts.writes.reserveCapacity(fields.count)
            writes.reserveCapacity(fields.count)
            for (key, value) in fields {
                texts.writes.append(key)
                writes.append(value)
            }
        }
        if let list = object[Member.remove] {
            guard case .array(let pointers) = list else { return nil }
            for entry in pointers {
                guard let text = entry.stringValue else { return nil }
                texts.remove.append(text)
            }
        }
        if let list = object[Member.basis] {
            guard case .array(let entries) = list else { return nil }
            for entry in entries {
                guard let place = entry[Member.place]?.stringValue, case .array(let list)? = entry[Member.fields] else { return nil }
                var fields: [String] = []
                for field in list {
                    guard let text = field.stringValue else { return nil }
                    fields.append(text)
                }
                texts.places.append(place)
                texts.fields.append(fields)
                basis.append(entry[Member.value])
            }
        }
        return (texts, (writes, basis))
    }

    /// The member names of a carry extension's `data`, hashed once.
    private enum Member {
        static let set: JSONKey = "set"
        static let remove: JSONKey = "remove"
        static let basis: JSONKey = "basis"
        static let place: JSONKey = "place"
        static let fields: JSONKey = "fields"
        static let value: JSONKey = "value"
    }

    init() {}

    /// Applies the edits to `document`: removals first, then values in pointer order.
    /// With `reading` (the one this whole patch was read from, nothing left out since), the writes
    /// follow the walk the reading kept.
    func apply(to document: inout JSONValue, reading: CarryReadings.Reading? = nil) throws(OutputWriter.Conflict) {
        for pointer in remove {
            OutputWriter.remove(at: pointer[...], from: &document)
        }
        let walk: ArrangedWrites
        if let reading, let arranged = reading.arranged, reading.writes.count == writes.count {
            assert(zip(reading.writes, writes).allSatisfy { $0 == $1.pointer }, "the reading is not this patch's")
            walk = arranged
        } else {
            walk = ArrangedWrites(writes.map(\.pointer))
        }
        try walk.write(writes.map(\.value), into: &document)
    }
}
