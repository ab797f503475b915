import Foundation
import Testing
import TsunaguCore
import TsunaguStore
@testable import TsunaguRelay

@Suite struct RelayRequestStoredTests {
    @Test(arguments: RelayRequestTests.states)
    func aRequestInAnyStateRoundTripsThroughItsSnapshot(state: String) throws {
        let request = try RelayRequestTests.request(in: state)
        let stored = request.stored(version: 3)
        #expect(stored.state == state)
        #expect(stored.version == 3)
        #expect(try RelayRequest(stored: stored) == request)
    }

    @Test func exactNumbersKeepTheirDigitsInTheSnapshot() throws {
        let request = try RelayRequestTests.request(in: "translating")
        #expect(request.stored().snapshot.contains("1.50"))
        guard case .translating(_, let upstream) = try RelayRequest(stored: request.stored()).state else {
            Issue.record("not translating")
            return
        }
        #expect(upstream.json["pcf"]?["declaredUnitAmount"]?.jsonText == "1.50")
    }

    @Test func anUnreadableSnapshotIsAnErrorNamingTheRequest() {
        let stored = StoredRelayRequest(id: "r-9", tenant: "acme", state: "received", deadline: Date(), received: Date(), updated: Date(), snapshot: "{")
        #expect(throws: RelaySnapshotError.self) { try RelayRequest(stored: stored) }
    }

    @Test func theTransitionDetailNamesPartnerAttemptMappingPolicyAndReason() throws {
        let parser = JSONParser()
        let fetching = try parser.parse(try RelayRequestTests.request(in: "fetching").transitionDetail)
        #expect(fetching["partner"] == "supplier")
        #expect(fetching["attempt"]?.jsonText == "1")
        #expect(fetching["requester"] == "BPNL00000003AYRE")
        let checking = try parser.parse(try RelayRequestTests.request(in: "checkingPolicy").transitionDetail)
        #expect(checking["mapping"]?["contentHash"] == "sha256:abc")
        let checked = try parser.parse(try RelayRequestTests.request(in: "policyChecked").transitionDetail)
        #expect(checked["policy"]?["id"] == "policy-1")
        let failed = try parser.parse(try RelayRequestTests.request(in: "failed").transitionDetail)
        #expect(failed["reason"] == "upstreamInvalid")
    }
}
