import TsunaguCore

/// What a carry extension's pointers alone decide: the basis places with the fields each depends
/// on (see ``CarryPatch/Basis``), and the pointer texts the extension spells everything with.
///
/// Documents of one partner carry the same fields document after document, so the layout is found
/// once and kept (``CarryLayouts``); only the values differ from one carry to the next.
struct CarryLayout: Sendable {
    /// A basis place, in pointer order, with the carried fields it depends on, and both spelled
    /// as the extension spells them.
    struct Place: Sendable {
        let tokens: [String]
        let fields: [[String]]
        /// The place's pointer text, as a JSON string.
        let text: JSONValue
        /// The fields' pointer texts, as a JSON array.
        let fieldTexts: JSONValue
    }

    let places: [Place]
    /// The texts of the patch's written pointers, in the patch's order, hashed as member names.
    let writeKeys: [JSONKey]
    /// The texts of the patch's removed pointers, as a JSON array.
    let removeTexts: JSONValue

    /// The texts of the written pointers.
    var writeTexts: [String] { writeKeys.map(\.name) }

    /// The layout of `patch`'s edits: the places where `derived` (the forward rules) derived
    /// values from the carried fields, and what `home` (the reverse rules that write them) read,
    /// leaving out places at, above or below `reserved` (the array the carry goes into).
    init(of patch: CarryPatch, derived: DerivedFields, home: DerivedFields?, outside reserved: [String]) {
        let pointers = patch.writes.map(\.pointer) + patch.remove
        // Each carried field is one pointer, so a place gets each field once: no check is needed,
        // and a partner's document with thousands of carried elements stays linear (a field is
        // noted by its position among the edits, whose text is made once below). The places are
        // the plan's, a few dozen at most: a list finds them without hashing token arrays.
        var found: [(place: [String], fields: [Int])] = []
        func note(_ field: Int, at place: [String]) {
            guard !MappingPlan.tokens(reserved, startWith: place), !MappingPlan.tokens(place, startWith: reserved) else { return }
            if let index = found.firstIndex(where: { $0.place == place }) {
                if found[index].fields.last != field { found[index].fields.append(field) }
            } else {
                found.append((place, [field]))
            }
        }
        for (position, field) in pointers.enumerated() {
            for place in derived.places(derivedFrom: field) { note(position, at: place) }
            for place in home?.places(feeding: field) ?? [] { note(position, at: place) }
        }
        let texts = pointers.map(PointerText.encode)
        self.init(
            writeTexts: texts[..<patch.writes.count], removeTexts: texts[patch.writes.count...],
            places: found.sorted { MappingPlan.pointerOrder($0.place, $1.place) }.map { entry in
                (entry.place, entry.fields.map { pointers[$0] }, entry.fields.map { texts[$0] })
            })
    }

    /// The layout of the given edits and basis places (in the order given), every pointer spelled
    /// on its own.
    init(writes: [[String]], remove: [[String]], places: [(place: [String], fields: [[String]])]) {
        self.init(
            writeTexts: writes.map(PointerText.encode)[...], removeTexts: remove.map(PointerText.encode)[...],
            places: places.map { ($0.place, $0.fields, $0.fields.map(PointerText.encode)) })
    }

    private init(writeTexts: ArraySlice<String>, removeTexts: ArraySlice<String>, places: [(place: [String], fields: [[String]], texts: [String])]) {
        self.places = places.map { entry in
            Place(
                tokens: entry.place, fields: entry.fields, text: .string(PointerText.encode(entry.place)),
                fieldTexts: .array(entry.texts.map(JSONValue.string)))
        }
        self.writeKeys = writeTexts.map { JSONKey($0) }
        self.removeTexts = .array(removeTexts.map(JSONValue.string))
    }
}

/// The layouts of the carries a plan made last, by their edits' pointers (see ``RecentValues``).
///
/// Finding a layout again compares the pointers byte for byte (cheaper than hashing them, and a
/// name spelled with other Unicode code points is another name here, so the extension keeps each
/// document's own spelling).
final class CarryLayouts: Sendable {
    private struct Entry: Sendable {
        let writes: [[String]]
        let remove: [[String]]
        /// The home plan's fields' ``DerivedFields/identity``.
        let home: Int?
        let reserved: [String]
        let layout: CarryLayout
        /// Whether every token of `writes` and `remove` is ASCII.
        let isASCII: Bool
    }

    /// How many layouts are kept.
    static let capacity = 8
    /// A carry of more edits than this is laid out for itself alone, not kept: a partner's
    /// document may carry any number of fields.
    static let largestKept = 4_096

    private let recent = RecentValues<Entry>(capacity: capacity)

    /// The layout of `patch` with `home` outside `reserved`, from the kept ones or made by `make`
    /// (and kept).
    func layout(of patch: CarryPatch, home: DerivedFields?, outside reserved: [String], make: () -> CarryLayout) -> CarryLayout {
        guard patch.writes.count + patch.remove.count <= Self.largestKept else { return make() }
        let homeID = home?.identity
        for entry in recent.values
        where entry.home == homeID && entry.writes.count == patch.writes.count && entry.remove.count == patch.remove.count && entry.reserved == reserved {
            let ascii = entry.isASCII
            if zip(patch.writes, entry.writes).allSatisfy({ PointerText.sameSpelling($0.pointer, as: $1, keptIsASCII: ascii) }),
                zip(patch.remove, entry.remove).allSatisfy({ PointerText.sameSpelling($0, as: $1, keptIsASCII: ascii) })
            {
                return entry.layout
            }
        }
        let layout = make()
        let writes = patch.writes.map(\.pointer)
        let isASCII = writes.allSatisfy(PointerText.isASCII) && patch.remove.allSatisfy(PointerText.isASCII)
        recent.keep(Entry(writes: writes, remove: patch.remove, home: homeID, reserved: reserved, layout: layout, isASCII: isASCII))
        return layout
    }
}
