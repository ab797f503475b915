import Foundation
import Testing
import TsunaguCore
@testable import TsunaguPolicy

/// The Catena-X and Tractus-X EDC policy documents of ../shared/reference load as they are and
/// decide as their authors intend.
@Suite struct ReferencePolicyTests {
    func load(_ name: String) throws -> PolicySet {
        try PolicySet.load(files: [(Fixtures.catenaXPolicies as NSString).appendingPathComponent(name)])
    }

    static let deg = FrameworkAgreement("DataExchangeGovernance:1.0")

    @Test func everyPolicyDocumentLoads() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.catenaXPolicies)
            .filter { $0.hasSuffix(".json") && !$0.contains("schema") }
        #expect(names.count == 10)
        for name in names {
            #expect(try load(name).policyCount == 1, "\(name)")
        }
    }

    @Test func cx0136PCFUsagePolicyWithIsAnyOfAsAString() throws {
        let set = try load("pcf-usage-policy.CX-0136-v2.2.1.json")
        let member = Fixtures.request(ecosystem: .catenax, memberships: ["catena-x"], agreements: [Self.deg], purposes: ["cx.pcf.base:1"])
        #expect(set.decide(member).isPermitted)
        var otherPurpose = member
        otherPurpose.requester.usagePurposes = ["cx.core.industrycore:1"]
        #expect(!set.decide(otherPurpose).isPermitted)
        var notMember = member
        notMember.requester.memberships = []
        #expect(!set.decide(notMember).isPermitted)
    }

    @Test func cxUsageSampleForbidsThirdPartiesButAllowsUse() throws {
        let set = try load("cx-odrl-usage-policy.sample.json")
        let use = Fixtures.request(ecosystem: .catenax, agreements: [Self.deg], purposes: ["cx.pcf.base:1"])
        let decision = set.decide(use)
        #expect(decision.isPermitted)
        let terms = decision.reasons.flatMap(\.constraints).filter(\.isContractTerm).map(\.constraint)
        #expect(terms == ["DataUsageEndDefinition eq cx.dataUsageEnd.unlimited"])
        var distribute = use
        distribute.action = .distribute
        let denied = set.decide(distribute)
        #expect(!denied.isPermitted)
        #expect(denied.reasons.map(\.kind) == [.prohibited])
    }

    @Test func comprehensiveSampleNeedsAllContractReferences() throws {
        let set = try load("cx-odrl-usage-policy-comprehensive.sample.json")
        let references: Set<String> = ["ContractID250620197", "AGB9832", "ContractConstraint_Warranty", "ContractConstraint_DataQuality"]
        let request = Fixtures.request(ecosystem: .catenax, agreements: [Self.deg], purposes: ["cx.pcf.base:1"], references: references)
        #expect(set.decide(request).isPermitted)
        var missing = request
        missing.requester.contractReferences = ["AGB9832"]
        #expect(!set.decide(missing).isPermitted)
    }

    @Test func legacyProfile2405Example() throws {
        let set = try load("cx-odrl-profile2405-legacy-usage-policy.example.json")
        let request = Fixtures.request(ecosystem: .catenax, agreements: [Self.deg], purposes: ["cx.core.industrycore:1"], references: ["x12345"])
        #expect(set.decide(request).isPermitted)
        var wrongReference = request
        wrongReference.requester.contractReferences = ["x9"]
        #expect(!set.decide(wrongReference).isPermitted)
    }

    @Test func accessPoliciesRestrictByBPNAndMembership() throws {
        let bpn = try load("tractusx-edc-policydefinition-access-bpn.json")
        #expect(bpn.decide(Fixtures.request(ecosystem: .catenax, bpn: "BPN6789")).isPermitted)
        #expect(!bpn.decide(Fixtures.request(ecosystem: .catenax, bpn: "BPN0000")).isPermitted)
        let access = try load("cx-odrl-access-policy.sample.json")
        #expect(access.decide(Fixtures.request(ecosystem: .catenax, bpn: "BPNL012345678910", memberships: ["catena-x"])).isPermitted)
        #expect(!access.decide(Fixtures.request(ecosystem: .catenax, bpn: "BPNL012345678910")).isPermitted)
        let deg = try load("tractusx-edc-policydefinition-access-membership-deg.json")
        #expect(deg.decide(Fixtures.request(ecosystem: .catenax, memberships: ["catena-x"], agreements: [Self.deg])).isPermitted)
        #expect(!deg.decide(Fixtures.request(ecosystem: .catenax, memberships: ["catena-x"])).isPermitted)
    }

    @Test func policyDefinitionsUnwrapAndKeepTheirId() throws {
        let set = try load("tractusx-edc-policydefinition-access-membership-deg.json")
        #expect(set.policies.first?.id == "membership-deg")
        let usage = try load("tractusx-edc-policydefinition-usage-fa-purpose.json")
        #expect(usage.decide(Fixtures.request(agreements: [Self.deg], purposes: ["<value>"])).isPermitted)
    }

    @Test func pcfKitPolicyDefinitionsWithTheirOwnPrefix() throws {
        let ssi = try load("pcf-kit-ssi-usage-policydefinition.profile2405.json")
        let request = Fixtures.request(
            ecosystem: .catenax, memberships: ["catena-x"], agreements: [Self.deg], purposes: ["cx.pcf.base:1"],
            references: ["<OptionalBilateralContractReferenceNumber>"])
        #expect(ssi.decide(request).isPermitted)
        var noPurpose = request
        noPurpose.requester.usagePurposes = []
        #expect(!ssi.decide(noPurpose).isPermitted)
        let bpn = try load("pcf-kit-bpn-access-policydefinition.profile2405.json")
        #expect(bpn.decide(Fixtures.request(bpn: "BPNL00000000XXXX")).isPermitted)
        #expect(!bpn.decide(Fixtures.request(bpn: "BPNL00000000YYYY")).isPermitted)
    }
}

/// Policies embedded in the Dataspace Protocol and EDC management examples.
@Suite struct EmbeddedReferencePolicyTests {
    func embedded(_ path: String, _ pointer: JSONPointer) throws -> JSONValue {
        let catenaX = (Fixtures.catenaXPolicies as NSString).deletingLastPathComponent
        let text = try String(contentsOfFile: (catenaX as NSString).appendingPathComponent(path), encoding: .utf8)
        return try #require(try JSONParser().parse(text)[pointer: pointer])
    }

    @Test func dspContractAgreementBindsItsAssigneeUntilItsEndDate() throws {
        let agreement = try embedded("dsp-examples/contract-agreement-message.json", "/agreement")
        let set = try Fixtures.compile(agreement.jsonText).get()
        let end = try #require(TimeText.parse("2023-12-31T06:00:00Z"))
        #expect(set.decide(Fixtures.request(clientID: "http://example.com/Consumer", time: end)).isPermitted)
        #expect(!set.decide(Fixtures.request(clientID: "http://example.com/Consumer", time: end.addingTimeInterval(60))).isPermitted)
        #expect(!set.decide(Fixtures.request(clientID: "http://example.com/Other", time: end)).isPermitted)
    }

    @Test func edcCatalogOfferWithEmptyNestedLists() throws {
        let offer = try embedded("edc-mgmt-examples/v3-catalog-response.json", "/dataset/hasPolicy")
        let set = try Fixtures.compile(offer.jsonText).get()
        #expect(set.decide(Fixtures.request(agreements: [FrameworkAgreement("DataExchangeGovernance:1.0")])).isPermitted)
        #expect(!set.decide(Fixtures.request()).isPermitted)
    }

    @Test func dspDatasetOfferWithASpatialConstraintIsRejected() throws {
        let offer = try embedded("dsp-examples/dataset.json", "/hasPolicy/0")
        let errors = Fixtures.errors(offer.jsonText)
        #expect(errors.map(\.pointer) == [JSONPointer(tokens: ["permission", "0", "constraint", "0", "leftOperand"])])
    }
}
