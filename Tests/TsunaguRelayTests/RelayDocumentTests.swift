import Foundation
import Testing
import TsunaguCore
@testable import TsunaguRelay

@Suite struct RelayDocumentTests {
    @Test func encodesAsExactJSONTextAndDecodesBack() throws {
        let document = RelayDocument(json: ["amount": Fixtures.number("0.1000000000000000000001")], model: .catenaX9)
        let data = try JSONEncoder().encode(document)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#"0.1000000000000000000001"#))
        #expect(text.contains("catenax-pcf@9.0.0"))
        #expect(try JSONDecoder().decode(RelayDocument.self, from: data) == document)
    }

    @Test func refusesTextThatIsNotJSON() {
        let data = Data(#"{"json": "{not json", "model": "pact@3.0.0"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RelayDocument.self, from: data) }
    }
}
