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

    /// A request recovered after a restart still asks a Catena-X partner with the requester's own
    /// part number as `customerPartId`.
    @Test func theCustomerPartIDIsKeptInTheSnapshot() throws {
        let base = try RelayRequestTests.request(in: "received")
        let request = RelayRequest(
            id: base.id, tenant: base.tenant, requester: base.requester, query: ProductQuery(productIDs: ["m-1", "c-1"], customerPartID: "c-1"),
            received: base.received, deadline: base.deadline, retryPolicy: base.retryPolicy
        )
        let read = try RelayRequest(stored: request.stored())
        #expect(read.query.customerPartID == "c-1")
        #expect(read.query.manufacturerPartID == "m-1")
        #expect(ProductQuery(productIDs: ["same", "same"], customerPartID: "same").manufacturerPartID == "same")
        #expect(ProductQuery(productIDs: ["c-1"], customerPartID: "c-1").manufacturerPartID == nil)
        #expect(ProductQuery(productIDs: ["m-1"], customerPartID: "other").customerPartID == nil)
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
        #expect(fetching["deadline"]?.stringValue == Timestamp.format(try RelayRequestTests.request(in: "fetching").deadline))
        #expect(fetching["requester"] == "BPNL00000003AYRE")
        let checking = try parser.parse(try RelayRequestTests.request(in: "checkingPolicy").transitionDetail)
        #expect(checking["mapping"]?["contentHash"] == "sha256:abc")
        let checked = try parser.parse(try RelayRequestTests.request(in: "policyChecked").transitionDetail)
        #expect(checked["policy"]?["id"] == "policy-1")
        #expect(checked["policy"]?["decisions"]?[0]?["policies"]?[0]?["contentHash"] == "fnv1a64:01")
        #expect(checked["footprintId"] == "fp-1")
        let delivered = try parser.parse(try RelayRequestTests.request(in: "delivered").transitionDetail)
        #expect(delivered["footprintId"] == "fp-1")
        let failed = try parser.parse(try RelayRequestTests.request(in: "failed").transitionDetail)
        #expect(failed["reason"] == "upstreamInvalid")
    }
}

@Suite struct RelaySnapshotFormatTests {
    func request() -> RelayRequest {
        RelayRequest(
            id: "r", tenant: "acme",
            requester: RelayRequester(protocol: .catenaX, identity: "BPNL00000003CRHK", model: .catenaX9, replyAddress: .catenaXExchange(endpoint: "https://c.example", requestID: "q")),
            query: ProductQuery(productIDs: ["urn:a"], companyID: "BPNL00000003AYRE", classifications: ["urn:c"]),
            received: Date(timeIntervalSince1970: 1_700_000_000), deadline: Date(timeIntervalSince1970: 1_700_000_060),
            retryPolicy: RetryPolicy(maxAttempts: 3, attemptTimeout: 2.5, initialBackoff: 0.00001, multiplier: 1.5, maxBackoff: 4, jitter: 0.25)
        )
    }

    @Test func aSnapshotOfTheFirstFormatIsStillRead() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let legacy = String(decoding: try encoder.encode(request()), as: UTF8.self)
        var stored = request().stored()
        stored.snapshot = legacy
        #expect(try RelayRequest(stored: stored) == request())
    }

    @Test func aDecisionOfTheFirstFormatIsReadWithoutItsDecisions() throws {
        let legacy = #"{"policyID": "p", "explanation": "permitted"}"#
        let decision = try JSONDecoder().decode(PolicyDecisionReference.self, from: Data(legacy.utf8))
        #expect(decision == PolicyDecisionReference(policyID: "p", explanation: "permitted"))
        let again = try JSONDecoder().decode(PolicyDecisionReference.self, from: JSONEncoder().encode(Fixtures.decision))
        #expect(again == Fixtures.decision)
    }

    @Test func aDamagedSnapshotIsReportedNotTrusted() {
        var stored = request().stored()
        stored.snapshot = #"{"format": 2, "id": "r"}"#
        #expect(throws: RelaySnapshotError.self) { try RelayRequest(stored: stored) }
    }
}
