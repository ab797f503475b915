import NIOCore
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct DataEnvelopeTests {
    let documents: [JSONValue] = [
        ["id": "a", "pcf": ["pcfExcludingBiogenicUptake": "1.500"], "comment": "line\nbreak"],
        ["id": "b", "productIds": ["urn:x:1", "urn:x:2"]],
        [:],
    ]

    @Test(arguments: 0...3)
    func listBodyIsWhatTheWriterWritesForTheEnvelope(count: Int) {
        let page = Array(documents.prefix(count))
        let body = DataEnvelope.body(page.map(EncodedJSON.init))
        #expect(Array(body.readableBytesView) == JSONWriter().bytes(["data": .array(page)]))
    }

    @Test func singleBodyIsWhatTheWriterWritesForTheEnvelope() {
        let body = DataEnvelope.body(EncodedJSON(documents[0]))
        #expect(Array(body.readableBytesView) == JSONWriter().bytes(["data": documents[0]]))
    }
}
