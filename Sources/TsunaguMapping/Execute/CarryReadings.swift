import Synchronization
import TsunaguCore

/// The pointers of the carry extensions a plan read last, by the texts that spell them (see
/// ``RecentValues``): documents of one partner come home with extensions spelled alike, so each
/// text is cut into tokens once per shape, and what the shape alone decides on the way home is
/// kept with it.
///
/// Finding a reading again compares the texts, which is cheaper than hashing each one in
/// ``PointerText/decode(_:)``'s memo.
final class CarryReadings: Sendable {
    /// The texts of one carry extension's pointers, in the order the extension gives them.
    struct Texts: Sendable {
        var writes: [String] = []
        var remove: [String] = []
        var places: [String] = []
        var fields: [[String]] = []

        /// Whether these are `kept`'s texts, byte for byte, knowing whether `kept` is all ASCII
        /// (see ``PointerText/sameSpelling(_:as:keptIsASCII:)``).
        func isSpelled(as kept: Texts, keptIsASCII ascii: Bool) -> Bool {
            guard writes.count == kept.writes.count, remove.count == kept.remove.count, places.count == kept.places.count,
                fields.count == kept.fields.count
            else { return false }
            return PointerText.sameSpelling(writes, as: kept.writes, keptIsASCII: ascii)
                && PointerText.sameSpelling(remove, as: kept.remove, keptIsASCII: ascii)
                && PointerText.sameSpelling(places, as: kept.places, keptIsASCII: ascii)
                && zip(fields, kept.fields).allSatisfy { PointerText.sameSpelling($0, as: $1, keptIsASCII: ascii) }
        }

        /// Whether every text is ASCII.
        var isASCII: Bool {
            PointerText.isASCII(writes) && PointerText.isASCII(remove) && PointerText.isASCII(places) && fields.allSatisfy(PointerText.isASCII)
        }

        /// How many texts there are.
        var count: Int { writes.count + remove.count + places.count + fields.reduce(0) { $0 + $1.count } }
    }

    /// The tokens of the texts, and the edits the basis does not record (found when first needed).
    final class Reading: Sendable {
        let texts: Texts
        /// Whether every text is ASCII (which makes finding the reading again cheaper).
        let isASCII: Bool
        let writes: [[String]]
        let remove: [[String]]
        let places: [[String]]
        let fields: [[[String]]]
        /// The writes arranged for applying them, in a reading that is kept (see
        /// ``CarryPatch/apply(to:reading:)``).
        let arranged: ArrangedWrites?
        /// What ``CarryPatch/dropUnrecorded(feeding:outside:)`` left out of a patch of this
        /// reading that lost no edit as outdated.
        let unrecorded = Mutex<[(field: [String], place: [String])]?>(nil)

        /// The tokens of `texts`, with the walk that applies the writes when `arranging`; `nil` when
        /// one is not pointer text.
        init?(_ texts: Texts, arranging: Bool) {
            func decode(_ list: [String]) -> [[String]]? {
                var decoded: [[String]] = []
                decoded.reserveCapacity(list.count)
                for text in list {
                    guard let tokens = PointerText.decode(text) else { return nil }
                    decoded.append(tokens)
                }
                return decoded
            }
            guard let writes = decode(texts.writes), let remove = decode(texts.remove), let places = decode(texts.places) else { return nil }
            var fields: [[[String]]] = []
            for list in texts.fields {
                guard let decoded = decode(list) else { return nil }
                fields.append(decoded)
            }
            self.texts = texts
            self.isASCII = texts.isASCII
            self.writes = writes
            self.arranged = arranging ? ArrangedWrites(writes) : nil
            self.remove = remove
            self.places = places
            self.fields = fields
        }
    }

    /// How many readings are kept.
    static let capacity = 8
    /// An extension of more texts than this is read for itself alone, not kept: a partner's
    /// document may carry any number of fields.
    static let largestKept = 4_096

    private let recent = RecentValues<Reading>(capacity: capacity)

    /// The reading of `texts`, kept or made now (and kept); `nil` when a text is not pointer text.
    func reading(of texts: Texts) -> Reading? {
        guard texts.count <= Self.largestKept else { return Reading(texts, arranging: false) }
        if let kept = recent.values.first(where: { texts.isSpelled(as: $0.texts, keptIsASCII: $0.isASCII) }) { return kept }
        guard let reading = Reading(texts, arranging: true) else { return nil }
        recent.keep(reading)
        return reading
    }
}
