import Foundation
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguGateway

/// A page after a footprint starts at the first footprint stored after it, found by its sequence.
@Suite struct PACTListPagePlacementTests {
    @Test func aPageStartsAtTheFirstFootprintStoredAfterTheCursor() throws {
        let records = try [1, 3, 7].map { sequence in
            StoredFootprint(
                tenant: "t", footprint: try ProductFootprint(document: ["id": .string("00000000-0000-4000-8000-00000000000\(sequence)"), "status": "Active", "productIds": ["urn:p"], "pcf": [:]]),
                sequence: Int64(sequence), stored: Date(), updated: Date())
        }
        for (sequence, position) in [(0, 0), (1, 1), (2, 1), (3, 2), (6, 2), (7, 3), (9, 3)] {
            #expect(PACTGatewayBackend.position(after: Int64(sequence), in: records) == position, "after \(sequence)")
        }
        #expect(PACTGatewayBackend.position(after: 5, in: []) == 0)
    }
}
