import Foundation
import Testing
@testable import TsunaguStore

/// The trades the gateway opened at Ouranos partners, kept across reopening until forgotten.
@Suite struct SQLiteOpenedOuranosTradesTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-opened-\(UUID().uuidString).sqlite").path
    let started = Date(timeIntervalSince1970: 1_800_000_000)

    func trade(_ request: String, partner: String = "supplier", status: String = "status-1", started: Date? = nil) -> OpenedOuranosTrade {
        OpenedOuranosTrade(
            relayRequestID: request, partner: partner, statusID: status, traceID: "trace-1", supplier: #"{"operatorId":"s"}"#, productID: "part-7",
            started: started ?? self.started
        )
    }

    @Test func aTradeIsKeptPerRequestAndPartnerAcrossReopeningUntilForgotten() async throws {
        do {
            let store = try SQLiteStore(path: path)
            try await store.saveOpenedOuranosTrade(trade("relay-1"))
            try await store.saveOpenedOuranosTrade(trade("relay-1", partner: "other", status: "status-2"))
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-1", partner: "supplier") == trade("relay-1"))
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-1", partner: "other")?.statusID == "status-2")
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-2", partner: "supplier") == nil)
        try await store.removeOpenedOuranosTrade(relayRequestID: "relay-1", partner: "supplier")
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-1", partner: "supplier") == nil)
        #expect(try await store.openedOuranosTrade(relayRequestID: "relay-1", partner: "other") != nil)
    }

    @Test func tradesStartedBeforeATimeAreForgotten() async throws {
        let store = try SQLiteStore(path: path)
        try await store.saveOpenedOuranosTrade(trade("old", started: started.addingTimeInterval(-10)))
        try await store.saveOpenedOuranosTrade(trade("new"))
        #expect(try await store.removeOpenedOuranosTrades(startedBefore: started) == 1)
        #expect(try await store.openedOuranosTrade(relayRequestID: "old", partner: "supplier") == nil)
        #expect(try await store.openedOuranosTrade(relayRequestID: "new", partner: "supplier") != nil)
    }
}
