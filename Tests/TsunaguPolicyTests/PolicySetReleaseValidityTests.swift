import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

/// What an answer decided earlier and released later is checked against: the fingerprint of the
/// policies that can govern the tenant, and the time limits they name.
@Suite struct PolicySetReleaseValidityTests {
    func policy(_ id: String, tenant: String?, constraint: String? = nil) -> (file: String, text: String) {
        let selector = tenant.map { #", "tsunagu:assignTo": {"tenant": "\#($0)"}"# } ?? ""
        let limit = constraint.map { #", "constraint": \#($0)"# } ?? ""
        return ("\(id).json", #"{"@type": "Set", "@id": "\#(id)"\#(selector), "permission": [{"action": "use"\#(limit)}]}"#)
    }

    func time(_ text: String) throws -> Date { try #require(Timestamp.parse(text)) }

    @Test func aLimitPassedBetweenTheDecisionAndNowIsFound() throws {
        let until = #"{"leftOperand": "dateTime", "operator": "lt", "rightOperand": "2027-01-01T00:00:00Z"}"#
        let endDay = #"{"leftOperand": "DataUsageEndDate", "operator": "eq", "rightOperand": "2026-06-30"}"#
        let set = try PolicySet.compile(documents: [policy("limited", tenant: "t1", constraint: until), policy("other", tenant: "t2", constraint: endDay)])
        let decided = try time("2026-12-30T00:00:00Z")
        #expect(set.timeLimitPassed(ofTenant: "t1", between: decided, and: try time("2027-01-02T00:00:00Z")))
        #expect(!set.timeLimitPassed(ofTenant: "t1", between: decided, and: try time("2026-12-31T23:00:00Z")))
        #expect(!set.timeLimitPassed(ofTenant: "t1", between: try time("2027-01-02T00:00:00Z"), and: try time("2027-02-01T00:00:00Z")), "decided after the limit")
        // A whole day ends at its last instant: the next day's start is a boundary too.
        #expect(set.timeLimitPassed(ofTenant: "t2", between: try time("2026-06-30T12:00:00Z"), and: try time("2026-07-01T00:00:01Z")))
        #expect(!set.timeLimitPassed(ofTenant: "t1", between: try time("2026-06-30T12:00:00Z"), and: try time("2026-07-01T00:00:01Z")), "another tenant's limit")
    }

    @Test func theFingerprintFollowsTheTenantsPoliciesOnly() throws {
        let base = [policy("a", tenant: "t1"), policy("b", tenant: "t2"), policy("shared", tenant: nil)]
        let set = try PolicySet.compile(documents: base)
        let otherEdited = try PolicySet.compile(documents: [base[0], policy("b", tenant: "t2", constraint: #"{"leftOperand": "tsunagu:ClientId", "operator": "eq", "rightOperand": "c"}"#), base[2]])
        #expect(set.fingerprint(ofTenant: "t1") == otherEdited.fingerprint(ofTenant: "t1"), "another tenant's edit")
        #expect(set.fingerprint(ofTenant: "t2") != otherEdited.fingerprint(ofTenant: "t2"))
        let sharedEdited = try PolicySet.compile(documents: [base[0], base[1], policy("shared", tenant: nil, constraint: #"{"leftOperand": "tsunagu:Ecosystem", "operator": "eq", "rightOperand": "pact"}"#)])
        #expect(set.fingerprint(ofTenant: "t1") != sharedEdited.fingerprint(ofTenant: "t1"), "a policy of no tenant governs every tenant")
        let moved = try PolicySet.compile(documents: base.map { ("elsewhere/\($0.file)", $0.text) })
        #expect(set.fingerprint(ofTenant: "t1") == moved.fingerprint(ofTenant: "t1"), "the same files read from another folder")
    }
}
