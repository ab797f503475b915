import Foundation
import Testing

@testable import TsunaguGateway

@Suite struct DerivedUUIDTests {
    @Test func theSamePartsGiveTheSameVersion8UUIDAndOtherPartsAnother() throws {
        let id = DerivedUUID.make("catenax", "acme", "BPNL00000003CUST", "r")
        #expect(id == DerivedUUID.make("catenax", "acme", "BPNL00000003CUST", "r"))
        #expect(id != DerivedUUID.make("catenax", "acme", "BPNL00000003CUST", "s"))
        let parsed = try #require(UUID(uuidString: id))
        #expect(parsed.uuidString.lowercased() == id)
        let bytes = withUnsafeBytes(of: parsed.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 8, "version 8")
        #expect(bytes[8] >> 6 == 0b10, "RFC 9562 variant")
    }
}
