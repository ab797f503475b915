import Testing
@testable import TsunaguEcosystems

/// How a page is cut from a list: `limit` items after the item named by `after`.
@Suite struct OuranosPageTests {
    let ids = ["a", "b", "c", "d", "e"]

    @Test func cutsLimitItemsAfterTheNamedOne() throws {
        #expect(try OuranosPageRequest(limit: 2).positions(in: ids) == 0..<2)
        #expect(try OuranosPageRequest(limit: 2, after: "B").positions(in: ids) == 2..<4)
        #expect(try OuranosPageRequest(limit: 2, after: "d").positions(in: ids) == 4..<5)
        #expect(try OuranosPageRequest(limit: 2, after: "e").positions(in: ids) == 5..<5)
    }

    @Test func saysWhetherMoreFollow() throws {
        let first = try OuranosPage(of: ids, id: { $0 }, request: OuranosPageRequest(limit: 2))
        #expect(first == OuranosPage(items: ["a", "b"], hasMore: true))
        let last = try OuranosPage(of: ids, id: { $0 }, request: OuranosPageRequest(limit: 2, after: "c"))
        #expect(last == OuranosPage(items: ["d", "e"], hasMore: false))
    }

    @Test func anAfterThatIsNotInTheListIsABadRequest() {
        #expect { _ = try OuranosPageRequest(after: "z").positions(in: ids) } throws: { ($0 as? OuranosError)?.status == 400 }
        #expect { _ = try OuranosPageRequest(after: "a").positions(in: []) } throws: { ($0 as? OuranosError)?.status == 400 }
    }
}
