import TsunaguCore

extension CarryPatch {
    /// An output place that rules derived from carried fields, with what it held when the carry
    /// was made (`value` is `nil` when it held nothing) and the carried fields it came from.
    ///
    /// On the way home, a carried field whose basis no longer holds that value is out of date:
    /// someone changed what the translation derived from it (an Ouranos total whose four stage
    /// values were carried). Putting the old value back would silently undo the change, so it is
    /// left out and reported instead.
    struct Basis: Equatable {
        let place: [String]
        let value: JSONValue?
        let fields: [[String]]

        /// `{"place": pointer, "value": value, "fields": [pointer]}` (no `value` when absent).
        var json: JSONValue {
            var object: JSONObject = [
                "place": .string(PointerText.encode(place)), "fields": .array(fields.map { .string(PointerText.encode($0)) }),
            ]
            if let value { object["value"] = value }
            return .object(object)
        }

        init(place: [String], value: JSONValue?, fields: [[String]]) {
            self.place = place
            self.value = value
            self.fields = fields
        }

        /// Reads an entry; `nil` when it is not shaped as one.
        init?(json: JSONValue) {
            guard let text = json["place"]?.stringValue, let place = PointerText.decode(text), case .array(let list)? = json["fields"] else { return nil }
            var fields: [[String]] = []
            for entry in list {
                guard let text = entry.stringValue, let field = PointerText.decode(text) else { return nil }
                fields.append(field)
            }
            self.init(place: place, value: json["value"], fields: fields)
        }
    }

    /// Records, for the carried fields, what `output` holds at the places they depend on: where
    /// the forward rules (`derived`) derived values from them, and what the home rules that write
    /// them (`home`, the reverse plan's) read. Places at or above `reserved` (the array the carry
    /// goes into), or below it, are left out: the carry itself changes them.
    mutating func recordBasis(_ derived: DerivedFields, home: DerivedFields?, in output: JSONValue, outside reserved: [String]) {
        // Each carried field is one pointer, so a place gets each field once: no check is needed,
        // and a partner's document with thousands of carried elements stays linear. The places
        // are the plan's, a few dozen at most: a list finds them without hashing token arrays.
        var found: [(place: [String], fields: [[String]])] = []
        func note(_ field: [String], at place: [String]) {
            guard !MappingPlan.tokens(reserved, startWith: place), !MappingPlan.tokens(place, startWith: reserved) else { return }
            if let index = found.firstIndex(where: { $0.place == place }) {
                if found[index].fields.last != field { found[index].fields.append(field) }
            } else {
                found.append((place, [field]))
            }
        }
        for field in writes.map(\.pointer) + remove {
            for place in derived.places(derivedFrom: field) { note(field, at: place) }
            for place in home?.places(feeding: field) ?? [] { note(field, at: place) }
        }
        basis = found.sorted { MappingPlan.pointerOrder($0.place, $1.place) }.map { entry in
            Basis(place: entry.place, value: output[pointer: JSONPointer(tokens: entry.place)], fields: entry.fields)
        }
    }

    /// Leaves out the edits whose basis `source` no longer holds, and the basis entries of the
    /// changed places (they recorded the values the change replaced).
    /// - Returns: each field left out, with the place that changed.
    mutating func dropOutdated(comparedWith source: JSONValue) -> [(field: [String], place: [String])] {
        var outdated: [(field: [String], place: [String])] = []
        // Sets keep a basis of many fields (a partner's, say) linear.
        var seen: Set<[String]> = []
        basis.removeAll { entry in
            guard source[pointer: JSONPointer(tokens: entry.place)] != entry.value else { return false }
            for field in entry.fields where seen.insert(field).inserted {
                outdated.append((field, entry.place))
            }
            return true
        }
        guard !outdated.isEmpty else { return [] }
        writes.removeAll { seen.contains($0.pointer) }
        remove.removeAll { seen.contains($0) }
        return outdated
    }

    /// Leaves out the edits that `home`'s rules would write from places the basis did not record
    /// for them: a carry made before carries recorded their basis, or not made by a translation,
    /// cannot show that those places still hold what it was carried against, and putting its values
    /// back could undo a later edit (or a partner's own figures) without a word. Places at or below
    /// `reserved` (the extensions array the carry came in) are not checked.
    /// - Returns: each field left out, with the first place its basis lacks.
    mutating func dropUnrecorded(feeding home: DerivedFields, outside reserved: [String]) -> [(field: [String], place: [String])] {
        var recorded: RecordedBasis?
        var unrecorded: [(field: [String], place: [String])] = []
        var dropped: Set<[String]> = []
        for field in writes.map(\.pointer) + remove {
            let places = home.places(feeding: field)
            guard !places.isEmpty else { continue }
            if recorded == nil { recorded = RecordedBasis(basis) }
            let missing = places.first { place in
                !MappingPlan.tokens(place, startWith: reserved) && !MappingPlan.tokens(reserved, startWith: place) && recorded?.records(field, at: place) != true
            }
            guard let missing, dropped.insert(field).inserted else { continue }
            unrecorded.append((field, missing))
        }
        guard !unrecorded.isEmpty else { return [] }
        writes.removeAll { dropped.contains($0.pointer) }
        remove.removeAll { dropped.contains($0) }
        return unrecorded
    }
}

/// Which fields a carry's basis recorded at which places. A carry made by a translation records a
/// few places with a field or two each: a look through the list is cheaper than hashing token
/// arrays. A long basis (a partner's) is indexed, so that checking it stays linear.
private struct RecordedBasis {
    private let entries: [CarryPatch.Basis]
    private let index: [[String]: Set<[String]>]?

    init(_ basis: [CarryPatch.Basis]) {
        entries = basis
        index = basis.count > 16 ? basis.reduce(into: [:]) { index, entry in index[entry.place, default: []].formUnion(entry.fields) } : nil
    }

    func records(_ field: [String], at place: [String]) -> Bool {
        if let index { return index[place]?.contains(field) == true }
        return entries.contains { $0.place == place && $0.fields.contains(field) }
    }
}
