import TsunaguCore

/// Which of the footprints a requester may have a list call answers with: those a v2 `$filter`
/// matches, from a place in the list, at most `limit`.
///
/// The place is the footprint the page starts after (`after`, the last one of the page before:
/// the host's next links use it), or a count of matching footprints to skip (`offset`, still read
/// from links made before). A cursor keeps its place while footprints change between pages: a
/// footprint deprecated (and so no longer matching a status criterion) or refused by a changed
/// policy on an earlier page shifts no later footprint past the next page's start.
public struct FootprintPage: Sendable {
    /// The v2 `$filter`, applied to the released documents.
    public let filter: ODataFilter?
    /// How many matching footprints come before the page, when it does not start `after` one.
    public let offset: Int
    /// The id of the footprint the page starts after (the last one of the page before).
    public let after: String?
    /// The most footprints on the page; `nil` for all the rest.
    public let limit: Int?

    /// The most footprints the host puts on one page, whatever limit was asked for.
    public static let maximumSize = 1000

    /// Creates a page.
    public init(filter: ODataFilter? = nil, offset: Int = 0, after: String? = nil, limit: Int? = nil) {
        self.filter = filter
        self.offset = offset
        self.after = after
        self.limit = limit
    }

    /// A filling of this page, to offer footprints to.
    public var filling: Filling { Filling(self) }

    /// Fills a page from the footprints a requester may have, offered in list order from the
    /// page's place (for an `after` page, from the first footprint after the one it names): it
    /// passes over those the v2 `$filter` does not match and an `offset`'s worth of matches, and
    /// takes the page and one footprint more, which tells that a next page exists. Offering stops
    /// once it ``isComplete``, so a call costs its page, not every footprint.
    public struct Filling: Sendable {
        private let filter: ODataFilter?
        private let wanted: Int?
        private var skipping: Int
        /// How many footprints were taken: the page's, and one more when a next page exists.
        public private(set) var taken = 0

        init(_ page: FootprintPage) {
            filter = page.filter
            wanted = page.limit.map { $0 < Int.max ? $0 + 1 : $0 }
            skipping = page.after == nil ? page.offset : 0
        }

        /// Whether no more footprints are needed.
        public var isComplete: Bool { wanted.map { taken >= $0 } ?? false }

        /// Whether `document`, the next footprint in list order, is taken (for the page, or as
        /// the one after it).
        public mutating func take(_ document: EncodedJSON) -> Bool {
            guard filter?.matches(document.value) ?? true else { return false }
            guard skipping == 0 else {
                skipping -= 1
                return false
            }
            taken += 1
            return true
        }
    }

    /// The position in `documents` after the footprint `after` names, for a list whose order is
    /// the documents' own; `nil` when none of them has that id (the requester may no longer have
    /// it: only a host that knows where it stood can still place the page).
    public func start(after id: String, in documents: [EncodedJSON]) -> Int? {
        documents.firstIndex { $0.value["id"]?.stringValue == id }.map { $0 + 1 }
    }
}
