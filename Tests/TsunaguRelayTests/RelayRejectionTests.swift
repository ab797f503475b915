import Testing
@testable import TsunaguRelay

@Suite struct RelayRejectionTests {
    @Test(arguments: RelayRejection.Reason.allCases)
    func everyReasonHasACodeInEveryProtocolAndKeepsTheMessage(reason: RelayRejection.Reason) {
        let rejection = RelayRejection(reason, "what happened")
        guard case .pact(let v2, let message) = rejection.answer(in: .pactV2), case .pact(let v3, _) = rejection.answer(in: .pactV3),
            case .catenaX(let status, _) = rejection.answer(in: .catenaX), case .ouranos(let ouranos, let reply) = rejection.answer(in: .ouranos)
        else {
            Issue.record("an answer is in the wrong protocol")
            return
        }
        let pactCodes: Set = ["BadRequest", "AccessDenied", "TokenExpired", "NotFound", "NoSuchFootprint", "InternalError", "NotImplemented"]
        #expect(pactCodes.contains(v2) && pactCodes.contains(v3))
        #expect((400...599).contains(status))
        #expect(ouranos == "REJECT")
        #expect(message == "what happened" && reply == "what happened")
    }

    /// How a connection to a partner failed names its host and address: the requester learns
    /// that the partner could not be reached, the audit trail keeps the rest.
    @Test func aConnectionFailureKeepsItsDetailsForTheAuditTrail() {
        let failure = UpstreamFailure(.unreachable, "NIOConnectionError(host: \"10.20.30.40\", port: 8443, connection refused)")
        let rejection = RelayRejection(upstream: failure, source: .partner("steel-supplier"), attempts: 3)
        #expect(rejection.message == "partner 'steel-supplier' could not be reached after 3 attempts")
        #expect(rejection.audit?["upstreamFailure"]?.stringValue?.contains("10.20.30.40") == true)
        guard case .pact(_, let answered) = rejection.answer(in: .pactV3) else {
            Issue.record("a PACT requester gets a PACT error")
            return
        }
        #expect(!answered.contains("10.20.30.40"))
        let status = RelayRejection(upstream: UpstreamFailure(.unavailable, "HTTP 503"), source: .partner("steel-supplier"), attempts: 1)
        #expect(status.message.hasSuffix("HTTP 503"), "what the partner answered is still said")
    }

    @Test func theCodesFollowEachProtocolsVocabulary() {
        #expect(RelayRejection(.notFound, "m").answer(in: .pactV2) == .pact(code: "NotFound", message: "m"), "the v2.3 event schema lists NotFound")
        #expect(RelayRejection(.notFound, "m").answer(in: .pactV3) == .pact(code: "NotFound", message: "m"))
        #expect(RelayRejection(.policyProhibited, "m").answer(in: .pactV3) == .pact(code: "AccessDenied", message: "m"))
        #expect(RelayRejection(.policyProhibited, "m").answer(in: .catenaX) == .catenaX(status: 403, message: "m"))
        #expect(RelayRejection(.unsupportedVersion, "m").answer(in: .catenaX) == .catenaX(status: 422, message: "m"))
        #expect(RelayRejection(.notFound, "m").answer(in: .catenaX) == .catenaX(status: 404, message: "m"))
        #expect(RelayRejection(.upstreamUnavailable, "m").answer(in: .catenaX) == .catenaX(status: 503, message: "m"))
        #expect(RelayRejection(.expired, "m").answer(in: .catenaX) == .catenaX(status: 504, message: "m"))
        #expect(RelayRejection(.expired, "m").answer(in: .pactV2) == .pact(code: "InternalError", message: "m"))
        #expect(RelayRejection(.upstreamInvalid, "m").answer(in: .ouranos) == .ouranos(status: "REJECT", replyMessage: "m"))
    }

    @Test func upstreamFailuresSayWhatHappenedUpstream() {
        let unreachable = RelayRejection(upstream: UpstreamFailure(.unreachable, "timed out after 5 s"), source: .partner("p"), attempts: 1)
        #expect(unreachable == RelayRejection(.upstreamUnavailable, "partner 'p' could not be reached after 1 attempt", audit: ["upstreamFailure": "timed out after 5 s"]))
        let refused = RelayRejection(upstream: UpstreamFailure(.refused, "HTTP 401"), source: .partner("p"), attempts: 2)
        #expect(refused == RelayRejection(.upstreamRefused, "partner 'p' refused the request: HTTP 401"))
        // The gateway's own settings are the operator's business: the requester learns that the
        // partner cannot be asked, the audit trail which variable to set.
        let unset = RelayRejection(upstream: UpstreamFailure(.notConfigured, "partner 'p' has no outbound client id or its secret variable P_SECRET is not set"), source: .partner("p"), attempts: 1)
        #expect(unset.reason == .upstreamUnavailable)
        #expect(!unset.message.contains("P_SECRET") && unset.message.contains("settings for it are incomplete"), "\(unset.message)")
        #expect(unset.audit?["upstreamFailure"]?.stringValue?.contains("P_SECRET") == true)
        let missing = RelayRejection(upstream: UpstreamFailure(.notFound, "no footprint"), source: .tenantStore, attempts: 1)
        #expect(missing.reason == .notFound)
        #expect(missing.message == "the tenant's store has no footprint for the product: no footprint")
    }
}
