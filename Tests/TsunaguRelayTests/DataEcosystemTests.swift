import Testing
import TsunaguCore
@testable import TsunaguRelay

@Suite struct DataEcosystemTests {
    @Test func eachEcosystemNamesItsModelAndEachProtocolItsEcosystem() {
        #expect(DataEcosystem.pact.modelName == ModelID.pact3.model)
        #expect(DataEcosystem.catenax.modelName == "catenax-pcf")
        #expect(DataEcosystem.ouranos.modelName == "ouranos-cfp")
        #expect(RequesterProtocol.pactV2.ecosystem == .pact)
        #expect(RequesterProtocol.pactV3.ecosystem == .pact)
        #expect(RequesterProtocol.catenaX.ecosystem == .catenax)
        #expect(RequesterProtocol.ouranos.ecosystem == .ouranos)
        #expect(ReplyAddress.ouranosTrade(tradeID: "t-1").correlationID == "t-1")
        #expect(ReplyAddress.pactEvents(baseURL: "https://x", requestEventID: "e-1").correlationID == "e-1")
    }
}
