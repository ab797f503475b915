import Foundation
import TsunaguCore
@testable import TsunaguRelay

/// Shared values for the relay tests: a fixed clock origin and one request of each protocol.
enum Fixtures {
    /// A JSON number with exactly the digits of `text`.
    static func number(_ text: String) -> JSONValue { JSONNumber(text: text).map(JSONValue.number) ?? .null }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static let catenaXRequester = RelayRequester(
        protocol: .catenaX, identity: "BPNL00000003AYRE", model: .catenaX9,
        replyAddress: .catenaXExchange(endpoint: "https://buyer.example/pcf", requestID: "req-1")
    )

    static let query = ProductQuery(productIDs: ["urn:gtin:4012345000017"], companyID: "BPNL00000003CRHK")

    static let upstreamDocument = RelayDocument(json: ["id": "fp-1", "pcf": ["declaredUnitAmount": number("1.50")]], model: .pact23)
    static let canonical = RelayDocument(json: ["id": "fp-1", "pcf": ["declaredUnitAmount": "1.50"]], model: .pact3)
    static let rendered = RelayDocument(json: ["id": "fp-1", "pcf": number("1.50")], model: .catenaX9)
    static let mapping = MappingReference(id: "pact-2.3-to-3.0", contentHash: "sha256:abc")
    static let decision = PolicyDecisionReference(
        policyID: "policy-1", explanation: "permission 'distribute' granted",
        decisions: [["decision": "permit", "action": "distribute", "footprint": "fp-1", "policies": [["id": "policy-1", "contentHash": "fnv1a64:01"]]]],
        policyFingerprint: "fnv1a64:policies")

    static func request(
        requester: RelayRequester = catenaXRequester, deadline: TimeInterval = 60, retryPolicy: RetryPolicy = RetryPolicy(
            maxAttempts: 3, attemptTimeout: 5, initialBackoff: 1, multiplier: 2, maxBackoff: 4, jitter: 0.5
        )
    ) -> RelayRequest {
        RelayRequest(
            id: "relay-1", tenant: "acme", requester: requester, query: query, received: start, deadline: at(deadline), retryPolicy: retryPolicy
        )
    }
}
