import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
@testable import TsunaguGateway

/// The outbox messages that carry relay answers to Catena-X requesters.
@Suite struct CatenaXAnswerChannelTests {
    let document: JSONValue

    init() throws {
        document = try JSONParser().parse(#"{"id": "f-1", "pcf": {"pcfExcludingBiogenicUptake": 0.12345678901234567890}}"#)
    }

    func requester(form: CatenaXExchangeForm) -> RelayRequester {
        let address = CatenaXReplyAddress(endpoint: "http://127.0.0.1:1/pcf", requestID: "req-9", form: form)
        return RelayRequester(protocol: .catenaX, identity: "BPNL00000003CUST", model: .catenaX9, replyAddress: address.replyAddress)
    }

    @Test func aFootprintBecomesOneExchangeMessageWithTheExactDocument() throws {
        let answer = RelayAnswer(requestID: "relay-1", requester: requester(form: .footprintExchange), content: .footprint(RelayDocument(json: document, model: .catenaX9)))
        let messages = CatenaXAnswerChannel().messages(for: answer, tenant: "acme")
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.kind == "catenax.exchange")
        #expect(message.clientID == "BPNL00000003CUST")
        #expect(message.tenant == "acme")
        #expect(message.body.contains("0.12345678901234567890"))
        let read = try #require(CatenaXExchangeMessage(body: message.body))
        #expect(read.document == document)
        #expect(read.address.requestID == "req-9")
        #expect(read.address.form == .footprintExchange)
        #expect(read.isUpdate == false)
    }

    @Test func theDeprecatedFormIsKeptForTheAnswer() throws {
        let answer = RelayAnswer(requestID: "relay-2", requester: requester(form: .productIDs(productID: "part-7")), content: .footprint(RelayDocument(json: document, model: .catenaX9)))
        let message = try #require(CatenaXAnswerChannel().messages(for: answer, tenant: "acme").first)
        #expect(CatenaXExchangeMessage(body: message.body)?.address.form == .productIDs(productID: "part-7"))
        #expect(CatenaXExchangeMessage(body: message.body)?.address.endpoint == "http://127.0.0.1:1/pcf")
    }

    @Test func aRejectionSendsNoPUT() {
        let answer = RelayAnswer(requestID: "relay-3", requester: requester(form: .footprintExchange), content: .rejection(.catenaX(status: 503, message: "down")))
        #expect(CatenaXAnswerChannel().messages(for: answer, tenant: "acme").isEmpty)
    }

    @Test func relayIDsAreStablePerRequesterAndRequestID() {
        let one = CatenaXGatewayBackend.relayRequestID(tenant: "acme", bpn: "BPNL00000003CUST", requestID: "r")
        #expect(one == CatenaXGatewayBackend.relayRequestID(tenant: "acme", bpn: "BPNL00000003CUST", requestID: "r"))
        #expect(one != CatenaXGatewayBackend.relayRequestID(tenant: "acme", bpn: "BPNL00000003OTHR", requestID: "r"))
        #expect(one != CatenaXGatewayBackend.relayRequestID(tenant: "acme", bpn: "BPNL00000003CUST", requestID: "s"))
        #expect(one.count == 36)
    }
}
