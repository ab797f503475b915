import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay
@testable import TsunaguGateway

/// The CloudEvents that carry relay answers to PACT requesters.
@Suite struct PACTAnswerChannelTests {
    let channel = PACTAnswerChannel(sourceURL: "https://gateway.example/3/events")

    func requester(_ version: RequesterProtocol) -> RelayRequester {
        RelayRequester(protocol: version, identity: "buyer-client", model: .pact3, replyAddress: .pactEvents(baseURL: "https://buyer.example", requestEventID: "evt-7"))
    }

    func event(_ answer: RelayAnswer) throws -> JSONValue {
        let message = try #require(channel.messages(for: answer, tenant: "acme").first)
        return try JSONParser().parse(Array(message.body.utf8))
    }

    @Test func aFootprintIsAFulfilledEventForTheRequestersEventWithTheExactDocument() throws {
        let footprint = try JSONParser().parse(#"{"id": "f-1", "pcf": {"pCfExcludingBiogenic": "0.12345678901234567890"}}"#)
        let answer = RelayAnswer(requestID: "relay-1", requester: requester(.pactV3), content: .footprint(RelayDocument(json: footprint, model: .pact3)))
        let messages = channel.messages(for: answer, tenant: "acme")
        #expect(messages.map(\.kind) == ["pact.v3.callback"])
        #expect(messages.first?.clientID == "buyer-client")
        let sent = try event(answer)
        #expect(sent["type"]?.stringValue == "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3")
        #expect(sent["source"]?.stringValue == "https://gateway.example/3/events")
        #expect(sent["data"]?["requestEventId"]?.stringValue == "evt-7")
        #expect(sent["data"]?["pfs"]?[0] == footprint)
    }

    @Test func aRejectionCarriesThePACTCodeAndTheVersionsEventType() throws {
        let answer = RelayAnswer(requestID: "relay-2", requester: requester(.pactV2), content: .rejection(.pact(code: "NotFound", message: "nothing for urn:x")))
        #expect(channel.messages(for: answer, tenant: "acme").map(\.kind) == ["pact.v2.callback"])
        let sent = try event(answer)
        #expect(sent["type"]?.stringValue == "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1")
        #expect(sent["source"]?.stringValue == "https://gateway.example/2/events", "a v2 answer names the gateway's v2 endpoint")
        #expect(sent["data"]?["error"]?["code"]?.stringValue == "NotFound")
        #expect(sent["data"]?["error"]?["message"]?.stringValue == "nothing for urn:x")
    }

    @Test func theSameRequestsAnswerAlwaysHasTheSameEventIDAndAnotherRequestsAnother() throws {
        let rejection = RelayAnswer(requestID: "relay-3", requester: requester(.pactV3), content: .rejection(.pact(code: "NotFound", message: "m")))
        let again = try event(rejection)["id"]?.stringValue
        #expect(try event(rejection)["id"]?.stringValue == again, "an answer sent again after a restart is recognisably the same event")
        let other = RelayAnswer(requestID: "relay-4", requester: requester(.pactV3), content: .rejection(.pact(code: "NotFound", message: "m")))
        #expect(try event(other)["id"]?.stringValue != again)
        #expect(again.map(UUIDText.isValid) == true, "the id is a UUID")
    }
}
