/// Which page of a list a call asks for: at most `limit` items after the item whose id is `after`
/// (from the start when `nil`), as Ouranos pages lists with `limit` and `after`.
public struct OuranosPageRequest: Sendable, Hashable {
    /// The most items the page holds (1–100).
    public let limit: Int
    /// The id of the last item of the previous page, when this is not the first page.
    public let after: String?

    /// Creates a page request.
    public init(limit: Int = 100, after: String? = nil) {
        self.limit = limit
        self.after = after
    }

    /// The positions of the page in a list whose items have `ids`, in the list's order (ids are
    /// compared without regard to case).
    /// - Throws: `badRequest` when `after` is not one of `ids`.
    public func positions(in ids: [String]) throws(OuranosError) -> Range<Int> {
        var start = 0
        if let after {
            let wanted = after.lowercased()
            guard let index = ids.firstIndex(where: { $0.lowercased() == wanted }) else {
                throw OuranosError.badRequest("Invalid request parameters, after: '\(after.prefix(40))' is not a position of this list; use the link header of the previous page")
            }
            start = index + 1
        }
        return start..<min(ids.count, start + limit)
    }
}

/// One page of a list and whether more items follow it.
public struct OuranosPage<Item: Sendable & Hashable>: Sendable, Hashable {
    /// The page's items, in the list's order.
    public let items: [Item]
    /// Whether the list has items after this page.
    public let hasMore: Bool

    /// Creates a page.
    public init(items: [Item], hasMore: Bool) {
        self.items = items
        self.hasMore = hasMore
    }

    /// The page `request` asks for, cut from the whole list `items` whose ids `id` gives.
    /// - Throws: `badRequest` when the request's `after` is not an id of the list.
    public init(of items: [Item], id: (Item) -> String, request: OuranosPageRequest) throws(OuranosError) {
        let positions = try request.positions(in: items.map(id))
        self.init(items: Array(items[positions]), hasMore: positions.upperBound < items.count)
    }
}
