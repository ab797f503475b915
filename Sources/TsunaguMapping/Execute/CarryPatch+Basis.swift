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
            var object: [String: JSONValue] = [
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

    /// Records, for the carried fields, what `output` holds at the places `derived` says rules
    /// derived from them. Places at or above `reserved` (the array the carry goes into), or below
    /// it, are left out: the carry itself changes them.
    mutating func recordBasis(_ derived: DerivedFields, in output: JSONValue, outside reserved: [String]) {
        // Each carried field is one pointer, so a place gets each field once: no check is needed,
        // and a partner's document with thousands of carried elements stays linear.
        var fieldsByPlace: [[String]: [[String]]] = [:]
        for field in writes.map(\.pointer) + remove {
            for place in derived.places(derivedFrom: field) where !MappingPlan.tokens(reserved, startWith: place) && !MappingPlan.tokens(place, startWith: reserved) {
                fieldsByPlace[place, default: []].append(field)
            }
        }
        basis = fieldsByPlace.keys.sorted { MappingPlan.pointerOrder($0, $1) }.map { place in
            Basis(place: place, value: output[pointer: JSONPointer(tokens: place)], fields: fieldsByPlace[place] ?? [])
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
}
