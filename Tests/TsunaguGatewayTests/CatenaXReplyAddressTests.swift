import Testing
import TsunaguEcosystems
import TsunaguRelay
@testable import TsunaguGateway

/// The Catena-X reply address kept in a relay request, with the path form of the request.
@Suite struct CatenaXReplyAddressTests {
    @Test func theFootprintExchangeFormIsTheBareEndpoint() throws {
        let address = CatenaXReplyAddress(endpoint: "https://cx.example/pcf", requestID: "r-1", form: .footprintExchange)
        #expect(address.replyAddress == .catenaXExchange(endpoint: "https://cx.example/pcf", requestID: "r-1"))
        #expect(CatenaXReplyAddress(address.replyAddress) == address)
    }

    @Test func theDeprecatedFormSurvivesARoundTripWithAnAwkwardProductID() throws {
        let address = CatenaXReplyAddress(endpoint: "https://cx.example/pcf", requestID: "r-2", form: .productIDs(productID: "urn:part:a/b#c d"))
        guard case .catenaXExchange(let endpoint, _) = address.replyAddress else {
            Issue.record("not a Catena-X address")
            return
        }
        #expect(endpoint.hasPrefix("https://cx.example/pcf#productIds="))
        #expect(CatenaXReplyAddress(address.replyAddress) == address)
    }

    @Test func anotherProtocolsAddressIsNotCatenaX() {
        #expect(CatenaXReplyAddress(.ouranosTrade(tradeID: "t")) == nil)
    }
}
