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

    /// The positions in `documents` (the footprints the requester may have, in list order) of the
    /// footprints on the page, and how many matching footprints the page and the pages after it
    /// hold. `start` is the position in `documents` of the first footprint that comes after the
    /// one `after` names (see ``start(after:in:)``); it is not used for an `offset` page.
    public func positions(in documents: [EncodedJSON], start: Int = 0) -> (onPage: [Int], remaining: Int) {
        let matching = filter.map { filter in documents.indices.filter { filter.matches(documents[$0].value) } } ?? Array(documents.indices)
        let first = after == nil ? min(offset, matching.count) : (matching.firstIndex { $0 >= start } ?? matching.count)
        let rest = matching[first...]
        return (Array(rest.prefix(limit ?? rest.count)), rest.count)
    }

    /// Whether the page's v2 `$filter` (if any) matches `document`.
    public func admits(_ document: EncodedJSON) -> Bool {
        filter?.matches(document.value) ?? true
    }

    /// The position in `documents` after the footprint `after` names, for a list whose order is
    /// the documents' own; `nil` when none of them has that id (the requester may no longer have
    /// it: only a host that knows where it stood can still place the page).
    public func start(after id: String, in documents: [EncodedJSON]) -> Int? {
        documents.firstIndex { $0.value["id"]?.stringValue == id }.map { $0 + 1 }
    }
}
