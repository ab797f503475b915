import TsunaguCore

/// Which of the footprints a requester may have a list call answers with: those a v2 `$filter`
/// matches, from `offset`, at most `limit`.
public struct FootprintPage: Sendable {
    /// The v2 `$filter`, applied to the released documents.
    public let filter: ODataFilter?
    /// How many matching footprints come before the page.
    public let offset: Int
    /// The most footprints on the page; `nil` for all the rest.
    public let limit: Int?

    /// The most footprints the host puts on one page, whatever limit was asked for.
    public static let maximumSize = 1000

    /// Creates a page.
    public init(filter: ODataFilter? = nil, offset: Int = 0, limit: Int? = nil) {
        self.filter = filter
        self.offset = offset
        self.limit = limit
    }

    /// The positions in `documents` of the footprints on the page, and how many match the filter
    /// (what the next link is computed from).
    public func positions(in documents: [EncodedJSON]) -> (onPage: [Int], matching: Int) {
        let matching = filter.map { filter in documents.indices.filter { filter.matches(documents[$0].value) } } ?? Array(documents.indices)
        return (Array(matching.dropFirst(offset).prefix(limit ?? matching.count)), matching.count)
    }
}
