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

        init(place: [String], value: JSONValue?, fields: [[String]]) {
            self.place = place
            self.value = value
            self.fields = fields
        }
    }

    /// Records, for the carried fields, what `output` holds at the places they depend on: where
    /// the forward rules (`derived`) derived values from them, and what the home rules that write
    /// them (`home`, the reverse plan's) read. Places at or above `reserved` (the array the carry
    /// goes into), or below it, are left out: the carry itself changes them.
    /// - Returns: the layout of the carry, for writing its extension (``data(layout:)``).
    @discardableResult
    mutating func recordBasis(_ derived: DerivedFields, home: DerivedFields?, in output: JSONValue, outside reserved: [String]) -> CarryLayout {
        let patch = self
        let layout = derived.carryLayouts.layout(of: self, home: home, outside: reserved) {
            CarryLayout(of: patch, derived: derived, home: home, outside: reserved)
        }
        basis = layout.places.map { place in
            Basis(place: place.tokens, value: output[pointer: JSONPointer(tokens: place.tokens)], fields: place.fields)
        }
        return layout
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
    /// With `known` (the reading this whole patch was read from), what a patch of that reading
    /// left out before is left out again without looking.
    mutating func dropUnrecorded(
        feeding home: DerivedFields, outside reserved: [String], known reading: CarryReadings.Reading? = nil
    ) -> [(field: [String], place: [String])] {
        if let reading, let known = reading.unrecorded.withLock({ $0 }) {
            drop(known.map(\.field))
            return known
        }
        let unrecorded = findUnrecorded(feeding: home, outside: reserved)
        reading?.unrecorded.withLock { $0 = unrecorded }
        drop(unrecorded.map(\.field))
        return unrecorded
    }

    private mutating func drop(_ fields: [[String]]) {
        guard !fields.isEmpty else { return }
        let dropped = Set(fields)
        writes.removeAll { dropped.contains($0.pointer) }
        remove.removeAll { dropped.contains($0) }
    }

    /// The edits `home`'s rules would write from places the basis did not record, each with the
    /// first such place.
    private func findUnrecorded(feeding home: DerivedFields, outside reserved: [String]) -> [(field: [String], place: [String])] {
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
