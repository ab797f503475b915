import Testing
@testable import TsunaguMapping

/// A plan's kept values: up to the capacity, a new one in the place of the oldest.
@Suite struct RecentValuesTests {
    @Test func aNewValueTakesThePlaceOfTheOldest() {
        let recent = RecentValues<Int>(capacity: 3)
        #expect(recent.values.isEmpty)
        for value in 1...3 { recent.keep(value) }
        #expect(recent.values == [1, 2, 3])
        recent.keep(4)
        #expect(recent.values == [4, 2, 3], "4 replaced the oldest, 1")
        recent.keep(5)
        recent.keep(6)
        #expect(recent.values == [4, 5, 6])
        recent.keep(7)
        #expect(recent.values == [7, 5, 6])
    }
}
