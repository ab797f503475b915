import Testing
import TsunaguCore
@testable import TsunaguPolicy

@Suite struct PolicyNamespaceTests {
    @Test func defaultPrefixesResolve() {
        let table = PrefixTable()
        #expect(table.resolve("cx-policy:UsagePurpose") == ResolvedName(namespace: .catenaX, local: "UsagePurpose"))
        #expect(table.resolve("odrl:eq") == ResolvedName(namespace: .odrl, local: "eq"))
        #expect(table.resolve("tsunagu:ClientId") == ResolvedName(namespace: .tsunagu, local: "ClientId"))
        #expect(table.resolve("Membership") == ResolvedName(namespace: nil, local: "Membership"))
        #expect(table.resolve("unknown:Membership") == nil)
    }

    @Test func fullIRIsOfEveryCatenaXGenerationResolve() {
        let table = PrefixTable()
        for iri in ["https://w3id.org/catenax/2025/9/policy/", "https://w3id.org/catenax/policy/", "https://w3id.org/catenax/policy/v1.0.0/"] {
            #expect(table.resolve(iri + "FrameworkAgreement") == ResolvedName(namespace: .catenaX, local: "FrameworkAgreement"))
        }
        #expect(table.resolve("http://www.w3.org/ns/odrl/2/use") == ResolvedName(namespace: .odrl, local: "use"))
    }

    @Test func inlineContextRedefinesAPrefix() {
        var table = PrefixTable()
        table.add(context: .array(["http://www.w3.org/ns/odrl.jsonld", ["cx": "https://w3id.org/catenax/policy/"]]))
        #expect(table.resolve("cx:Membership") == ResolvedName(namespace: .catenaX, local: "Membership"))
        table.add(context: ["cx-policy": "https://example.com/other/"])
        #expect(table.resolve("cx-policy:Membership") == nil)
    }

    @Test func operandsKnowTheirKind() {
        #expect(LeftOperand.named("BusinessPartnerNumber")?.kind == .single)
        #expect(LeftOperand.named("UsagePurpose")?.kind == .set)
        #expect(LeftOperand.named("Precedence")?.kind == .contractTerm)
        #expect(LeftOperand.named("inForceDate")?.namespace == .edc)
        #expect(LeftOperand.named("Colour") == nil)
    }
}
