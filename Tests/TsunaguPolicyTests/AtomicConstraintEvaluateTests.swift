import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

/// Operator semantics on each kind of fact.
@Suite struct AtomicConstraintEvaluateTests {
    func permits(_ constraint: String, _ request: DecisionRequest) throws -> Bool {
        try Fixtures.compile(Fixtures.permitting(constraint)).get().decide(request).isPermitted
    }

    func atom(_ left: String, _ op: String, _ right: String) -> String {
        #"{"leftOperand": "\#(left)", "operator": "\#(op)", "rightOperand": \#(right)}"#
    }

    @Test func singleTextFacts() throws {
        let request = Fixtures.request(bpn: "BPNL000000000001")
        #expect(try permits(atom("BusinessPartnerNumber", "eq", #""BPNL000000000001""#), request))
        #expect(try !permits(atom("BusinessPartnerNumber", "neq", #""BPNL000000000001""#), request))
        #expect(try permits(atom("BusinessPartnerNumber", "isAnyOf", #"["BPNL000000000002", "BPNL000000000001"]"#), request))
        #expect(try permits(atom("BusinessPartnerNumber", "isPartOf", #"["BPNL000000000002", "BPNL000000000001"]"#), request))
        #expect(try !permits(atom("BusinessPartnerNumber", "isNoneOf", #"["BPNL000000000002", "BPNL000000000001"]"#), request))
        #expect(try permits(atom("BusinessPartnerNumber", "isNoneOf", #"["BPNL000000000002"]"#), request))
        #expect(try !permits(atom("BusinessPartnerNumber", "isAllOf", #"["BPNL000000000002", "BPNL000000000001"]"#), request))
    }

    /// In a permission, a text fact the requester does not have (a PACT client has no BPN)
    /// satisfies no operator: its absence grants nothing.
    @Test func aMissingTextFactGrantsNothing() throws {
        let request = Fixtures.request(bpn: nil)
        for op in ["eq", "neq", "isAnyOf", "isNoneOf", "isAllOf", "isPartOf"] {
            #expect(try !permits(atom("BusinessPartnerNumber", op, #"["BPNL000000000001"]"#), request), "\(op)")
        }
    }

    /// A prohibition of everyone but one BPN bites a requester without a BPN: before, the missing
    /// fact made the prohibition's constraint false, and the requester was let through.
    @Test func aProhibitionBitesARequesterWithoutTheFact() throws {
        let policy = """
            {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "@id": "p", "permission": [{"action": "use"}],
             "prohibition": [{"action": "use", "constraint": {"leftOperand": "BusinessPartnerNumber", "operator": "isNoneOf", "rightOperand": ["BPNL00000003AYRE"]}}]}
            """
        let set = try Fixtures.compile(policy).get()
        #expect(!set.decide(Fixtures.request(clientID: "c1", bpn: nil)).isPermitted)
        #expect(!set.decide(Fixtures.request(ecosystem: .catenax, clientID: nil, bpn: "BPNL00000003CRHK")).isPermitted)
        #expect(set.decide(Fixtures.request(ecosystem: .catenax, clientID: nil, bpn: "BPNL00000003AYRE")).isPermitted)
    }

    /// A duty owed unless the requester is one client is owed by a requester with no client id.
    @Test func aDutyConditionOnAMissingFactStillOwesTheDuty() throws {
        let policy = """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"tsunagu": "urn:tsunagu:policy:"}], "@type": "Set", "@id": "p",
             "permission": [{"action": "use", "duty": [{"action": "tsunagu:redact", "tsunagu:fields": ["/comment"],
               "constraint": {"leftOperand": "tsunagu:ClientId", "operator": "isNoneOf", "rightOperand": ["c1"]}}]}]}
            """
        let set = try Fixtures.compile(policy).get()
        let partner = set.decide(Fixtures.request(ecosystem: .catenax, clientID: nil, bpn: "BPNL000000000001"))
        #expect(partner.isPermitted)
        #expect(partner.obligations.contains { if case .redact = $0 { true } else { false } }, "\(partner.obligations)")
        #expect(set.decide(Fixtures.request(clientID: "c1")).obligations.isEmpty)
    }

    @Test func setFacts() throws {
        let request = Fixtures.request(purposes: ["cx.pcf.base:1", "cx.core.digitalTwinRegistry:1"])
        #expect(try permits(atom("UsagePurpose", "eq", #""cx.pcf.base:1""#), request))
        #expect(try permits(atom("UsagePurpose", "isAnyOf", #"["x", "cx.pcf.base:1"]"#), request))
        #expect(try !permits(atom("UsagePurpose", "isAllOf", #"["x", "cx.pcf.base:1"]"#), request))
        #expect(try permits(atom("UsagePurpose", "hasPart", #"["cx.pcf.base:1", "cx.core.digitalTwinRegistry:1"]"#), request))
        #expect(try !permits(atom("UsagePurpose", "isNoneOf", #"["cx.pcf.base:1"]"#), request))
        #expect(try permits(atom("UsagePurpose", "isPartOf", #"["cx.pcf.base:1", "cx.core.digitalTwinRegistry:1", "z"]"#), request))
        #expect(try !permits(atom("UsagePurpose", "isPartOf", #"["cx.pcf.base:1"]"#), request))
        #expect(try !permits(atom("UsagePurpose", "isPartOf", #"["a"]"#), Fixtures.request()))
    }

    @Test func isAnyOfAcceptsASingleString() throws {
        #expect(try permits(atom("UsagePurpose", "isAnyOf", #""cx.pcf.base:1""#), Fixtures.request(purposes: ["cx.pcf.base:1"])))
    }

    @Test func membershipActiveMeansCatenaXMembership() throws {
        #expect(try permits(atom("Membership", "eq", #""active""#), Fixtures.request(memberships: ["catena-x"])))
        #expect(try !permits(atom("Membership", "eq", #""active""#), Fixtures.request(memberships: ["ouranos"])))
    }

    @Test func frameworkAgreementMatchesNameAndVersion() throws {
        let request = Fixtures.request(agreements: [FrameworkAgreement("DataExchangeGovernance:1.0")])
        #expect(try permits(atom("FrameworkAgreement", "eq", #""DataExchangeGovernance:1.0""#), request))
        #expect(try permits(atom("FrameworkAgreement", "eq", #""DataExchangeGovernance""#), request))
        #expect(try !permits(atom("FrameworkAgreement", "eq", #""DataExchangeGovernance:2.0""#), request))
    }

    @Test func dateTimeComparesTheRequestTime() throws {
        let request = Fixtures.request(time: try #require(TimeText.parse("2026-06-01T00:00:00Z")))
        #expect(try permits(atom("odrl:dateTime", "lt", #""2026-06-02T00:00:00Z""#), request))
        #expect(try !permits(atom("odrl:dateTime", "gt", #""2026-06-02""#), request))
        #expect(try permits(atom("odrl:dateTime", "gteq", #""2026-06-01T00:00:00Z""#), request))
    }

    /// A date written without a time names its whole day (UTC): an end date includes its last day.
    @Test func aDateWithoutATimeIsTheWholeDay() throws {
        let noon = try #require(TimeText.parse("2026-12-31T12:00:00Z"))
        let nextDay = try #require(TimeText.parse("2027-01-01T00:00:00Z"))
        #expect(try permits(atom("DataUsageEndDate", "eq", #""2026-12-31""#), Fixtures.request(time: noon)))
        #expect(try !permits(atom("DataUsageEndDate", "eq", #""2026-12-31""#), Fixtures.request(time: nextDay)))
        #expect(try !permits(atom("DataUsageEndDate", "lt", #""2026-12-31""#), Fixtures.request(time: noon)))
        #expect(try permits(atom("odrl:dateTime", "eq", #""2026-12-31""#), Fixtures.request(time: noon)))
        #expect(try permits(atom("odrl:dateTime", "lteq", #""2026-12-31""#), Fixtures.request(time: noon)))
        #expect(try !permits(atom("odrl:dateTime", "lteq", #""2026-12-31""#), Fixtures.request(time: nextDay)))
        #expect(try !permits(atom("odrl:dateTime", "gt", #""2026-12-31""#), Fixtures.request(time: noon)))
        #expect(try permits(atom("odrl:dateTime", "gt", #""2026-12-31""#), Fixtures.request(time: nextDay)))
        #expect(try permits(atom("odrl:dateTime", "gteq", #""2026-12-31""#), Fixtures.request(time: noon)))
        #expect(try permits(atom("odrl:dateTime", "neq", #""2026-12-31""#), Fixtures.request(time: nextDay)))
        // With a time, the instant as before.
        #expect(try !permits(atom("DataUsageEndDate", "eq", #""2026-12-31T00:00:00Z""#), Fixtures.request(time: noon)))
    }

    @Test func inForceDateRelativeToTheContract() throws {
        let start = try #require(TimeText.parse("2026-01-01T00:00:00Z"))
        let constraint = atom("inForceDate", "lteq", #""contractAgreement+30d""#)
        #expect(try permits(constraint, Fixtures.request(contractStart: start, time: start.addingTimeInterval(29 * 86_400))))
        #expect(try !permits(constraint, Fixtures.request(contractStart: start, time: start.addingTimeInterval(31 * 86_400))))
        #expect(try !permits(constraint, Fixtures.request(contractStart: nil)))
    }

    @Test func usageEndDate() throws {
        let end = try #require(TimeText.parse("2026-06-01T00:00:00Z"))
        let constraint = atom("DataUsageEndDate", "eq", #""2026-06-01T00:00:00Z""#)
        #expect(try permits(constraint, Fixtures.request(time: end)))
        #expect(try !permits(constraint, Fixtures.request(time: end.addingTimeInterval(1))))
    }

    @Test func productAndClassificationAndOrigin() throws {
        let request = Fixtures.request(products: ["urn:p:1", "urn:p:2"], classifications: ["urn:c:9"])
        #expect(try permits(atom("tsunagu:ProductId", "eq", #""urn:p:2""#), request))
        #expect(try permits(atom("tsunagu:Classification", "isAnyOf", #"["urn:c:9"]"#), request))
        #expect(try permits(atom("tsunagu:OriginEcosystem", "eq", #""pact""#), request))
        #expect(try !permits(atom("tsunagu:OriginEcosystem", "eq", #""ouranos""#), request))
    }

    @Test func logicalConstraints() throws {
        let yes = atom("tsunagu:ClientId", "eq", #""c1""#)
        let no = atom("tsunagu:ClientId", "eq", #""c2""#)
        let request = Fixtures.request()
        #expect(try permits(#"{"or": [\#(no), \#(yes)]}"#, request))
        #expect(try !permits(#"{"and": [\#(no), \#(yes)]}"#, request))
        #expect(try permits(#"{"xone": [\#(no), \#(yes)]}"#, request))
        #expect(try !permits(#"{"xone": [\#(yes), \#(yes)]}"#, request))
        #expect(try permits(#"{"odrl:and": {"@list": [\#(yes)]}}"#, request))
    }

    @Test func operandsAndOperatorsAsIdObjects() throws {
        let constraint = #"{"odrl:leftOperand": {"@id": "cx-policy:BusinessPartnerNumber"}, "odrl:operator": {"@id": "odrl:eq"}, "odrl:rightOperand": {"@value": "BPNL000000000001"}}"#
        #expect(try permits(constraint, Fixtures.request(bpn: "BPNL000000000001")))
    }
}
