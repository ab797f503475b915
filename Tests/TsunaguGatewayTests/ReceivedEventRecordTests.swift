import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
@testable import TsunaguGateway
import TsunaguStore

/// What the store keeps of a received event: its keys always, its body up to 64 KiB.
@Suite struct ReceivedEventRecordTests {
    func event(padding: Int) -> CloudEvent {
        CloudEvent(
            type: "org.wbcsd.pact.ProductFootprint.PublishedEvent.3", id: "e-1", source: "//requester", time: "2026-11-30T00:00:00Z",
            data: ["pfIds": ["3b7e1a52-4c1f-4d0b-9a3e-5f2c8d1e0a01"], "comment": .string(String(repeating: "x", count: padding))])
    }

    @Test func aSmallEventIsKeptWhole() {
        let small = event(padding: 10)
        let record = ReceivedEvent(small, tenant: "acme", clientID: "c1", received: Date())
        #expect(record.body == small.json.jsonText)
        #expect(record.eventID == "e-1" && record.source == "//requester" && record.type == small.type)
    }

    /// A client sending many large events must not grow the store by their whole size.
    @Test func aLargeEventIsKeptAsItsSizeAndDigest() {
        let large = event(padding: 4 * 1024 * 1024)
        let record = ReceivedEvent(large, tenant: "acme", clientID: "c1", received: Date())
        #expect(record.body.utf8.count < 200)
        #expect(record.body.contains("\(large.json.jsonText.utf8.count) bytes") && record.body.contains("SHA-256"), "\(record.body)")
        #expect(record.eventID == "e-1")
    }
}
