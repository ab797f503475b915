import Testing
import TsunaguCore
@testable import TsunaguPolicy

/// Load errors: every kind of bad file is rejected with its location, never silently accepted.
@Suite struct PolicyReaderTests {
    @Test func unknownLeftOperandIsRejectedWithItsPath() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "cx-policy:Colour", "operator": "eq", "rightOperand": "red"}"#))
        #expect(errors.count == 1)
        #expect(errors.first?.pointer == JSONPointer(tokens: ["permission", "0", "constraint", "leftOperand"]))
        #expect(errors.first?.file == "test.json")
        #expect(errors.first?.line == 2)
        #expect(errors.first?.message.contains("unknown left operand") == true)
    }

    @Test func unknownOperatorIsRejected() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "BusinessPartnerNumber", "operator": "startsWith", "rightOperand": "BPNL"}"#))
        #expect(errors.map(\.pointer) == [JSONPointer(tokens: ["permission", "0", "constraint", "operator"])])
    }

    @Test func unknownMemberOfAConstraintIsRejected() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "Membership", "operator": "eq", "rightOperand": "active", "unit": "x"}"#))
        #expect(errors.map(\.pointer) == [JSONPointer(tokens: ["permission", "0", "constraint", "unit"])])
    }

    @Test func unknownPrefixIsRejected() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "foo:Membership", "operator": "eq", "rightOperand": "active"}"#))
        #expect(errors.count == 1)
    }

    @Test func operandInTheWrongVocabularyIsRejected() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "odrl:BusinessPartnerNumber", "operator": "eq", "rightOperand": "BPNL000000000001"}"#))
        #expect(errors.count == 1)
    }

    @Test func orderingOperatorOnTextIsRejected() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "BusinessPartnerNumber", "operator": "gt", "rightOperand": "BPNL000000000001"}"#))
        #expect(errors.first?.message.contains("orders dates") == true)
    }

    @Test func badDateIsRejected() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "DataUsageEndDate", "operator": "eq", "rightOperand": "next year"}"#))
        #expect(errors.map(\.pointer) == [JSONPointer(tokens: ["permission", "0", "constraint", "rightOperand"])])
    }

    @Test func eqWithSeveralValuesIsRejected() {
        let errors = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "Membership", "operator": "eq", "rightOperand": ["active", "x"]}"#))
        #expect(errors.count == 1)
    }

    @Test func emptyRightOperandAndEmptyLogicalAreRejected() {
        #expect(Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "UsagePurpose", "operator": "isAnyOf", "rightOperand": []}"#)).count == 1)
        #expect(Fixtures.errors(Fixtures.permitting(#"{"and": []}"#)).count == 1)
        #expect(Fixtures.errors(Fixtures.permitting(#"{"and": [{"leftOperand": "Membership", "operator": "eq", "rightOperand": "active"}], "or": []}"#)).count == 1)
    }

    @Test func unknownEcosystemValueIsRejected() {
        #expect(Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "tsunagu:Ecosystem", "operator": "eq", "rightOperand": "gaia-x"}"#)).count == 1)
    }

    @Test func unenforceableActionIsRejected() {
        let text = #"{"@type": "Set", "permission": [{"action": "print"}]}"#
        #expect(Fixtures.errors(text).map(\.pointer) == [JSONPointer(tokens: ["permission", "0", "action"])])
    }

    @Test func usageRestrictionOutsideAProhibitionIsRejected() {
        #expect(Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "UsageRestriction", "operator": "eq", "rightOperand": "cx.thirdParty.forbidden:1"}"#)).count == 1)
    }

    @Test func permissiveConflictStrategyIsRejected() {
        #expect(Fixtures.errors(#"{"@type": "Set", "conflict": "perm", "permission": [{"action": "use"}]}"#).count == 1)
    }

    @Test func wrongPolicyTypeAndUnknownPolicyMemberAreBothReported() {
        let errors = Fixtures.errors(#"{"@type": "Contract", "permissions": [], "permission": [{"action": "use"}]}"#)
        #expect(errors.count == 2)
    }

    @Test func badObligationsAreRejected() {
        let missingFields = #"{"@type": "Set", "permission": [{"action": "use", "duty": [{"action": "tsunagu:redact"}]}]}"#
        #expect(Fixtures.errors(missingFields).count == 1)
        let notPointer = #"{"@type": "Set", "permission": [{"action": "use", "duty": [{"action": "tsunagu:redact", "tsunagu:fields": ["comment"]}]}]}"#
        #expect(Fixtures.errors(notPointer).count >= 1)
        let bothPrecisions = #"{"@type": "Set", "permission": [{"action": "use", "duty": [{"action": "tsunagu:reducePrecision", "tsunagu:fields": ["/a"], "tsunagu:scale": 1, "tsunagu:significantDigits": 2}]}]}"#
        #expect(Fixtures.errors(bothPrecisions).count == 1)
        let unknownDuty = #"{"@type": "Set", "permission": [{"action": "use", "duty": [{"action": "tsunagu:encrypt"}]}]}"#
        #expect(Fixtures.errors(unknownDuty).count == 1)
        let noticeWithoutText = #"{"@type": "Set", "permission": [{"action": "use", "duty": [{"action": "tsunagu:notice"}]}]}"#
        #expect(Fixtures.errors(noticeWithoutText).count == 1)
    }

    @Test func badSelectorIsRejected() {
        #expect(Fixtures.errors(#"{"@type": "Set", "tsunagu:assignTo": {"owner": "x"}, "permission": []}"#).count == 2)
        #expect(Fixtures.errors(#"{"@type": "Set", "tsunagu:assignTo": {"productIds": []}, "permission": []}"#).count == 1)
    }

    @Test func invalidJSONNamesItsLine() {
        let errors = Fixtures.errors("{\n\"@type\": \"Set\",\n\"permission\": [\n}")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 4)
    }

    @Test func aPolicyThatIsNotAnObjectIsRejected() {
        #expect(Fixtures.errors("[]").count == 1)
    }

    @Test func everyProblemOfAFileIsReportedTogether() {
        let text = """
            {"@type": "Set", "permission": [
              {"action": "use", "constraint": {"leftOperand": "Colour", "operator": "eq", "rightOperand": "red"}},
              {"action": "use", "constraint": {"leftOperand": "Membership", "operator": "like", "rightOperand": "active"}}
            ]}
            """
        let errors = Fixtures.errors(text)
        #expect(errors.map(\.line) == [2, 3])
    }

    @Test func compactYAMLIsRejectedWhereJSONLDIsExpected() {
        #expect(Fixtures.errors(Fixtures.permitting(#""Membership eq active""#)).count == 1)
    }

    @Test func unfulfillableODRLDutyLoadsWithAWarning() throws {
        let text = #"{"@type": "Set", "permission": [{"action": "use", "duty": [{"action": "compensate"}]}]}"#
        let (plan, diagnostics) = PolicyFile.compile(text: text, file: "x.json")
        #expect(plan != nil)
        #expect(diagnostics.map(\.severity) == [.warning])
    }
}

@Suite struct ContractTermNoteTests {
    @Test func contractTermsAreNotedAtLoad() {
        let (plan, diagnostics) = PolicyFile.compile(
            text: Fixtures.permitting(#"{"leftOperand": "Liability", "operator": "eq", "rightOperand": "cx.grossNegligence:1"}"#), file: "x.json")
        #expect(plan?.contractTerms.count == 1)
        #expect(diagnostics.map(\.severity) == [.note])
        #expect(diagnostics.first?.pointer == JSONPointer(tokens: ["permission", "0", "constraint"]))
    }

    /// A contract term holds as agreed: offered as an alternative to a check, under `or` in a
    /// permission or under `xone` anywhere, it would decide instead of the check.
    @Test func aContractTermInPlaceOfACheckIsRefused() {
        let term = #"{"leftOperand": "Warranty", "operator": "eq", "rightOperand": "cx.warranty.contractEndDate:1"}"#
        let bpn = #"{"leftOperand": "BusinessPartnerNumber", "operator": "eq", "rightOperand": "BPNL00000003AYRE"}"#
        let alternative = Fixtures.errors(Fixtures.permitting(#"{"or": [\#(bpn), \#(term)]}"#))
        #expect(alternative.map(\.pointer) == [JSONPointer(tokens: ["permission", "0", "constraint", "or", "1"])], "\(alternative.map(\.description))")
        #expect(alternative.first?.message.contains("every requester") == true)
        let exclusive = Fixtures.errors(#"{"@type": "Set", "@id": "p", "permission": [{"action": "use"}], "prohibition": [{"action": "use", "constraint": {"xone": [\#(bpn), {"and": [\#(term)]}]}}]}"#)
        #expect(exclusive.map(\.pointer) == [JSONPointer(tokens: ["prohibition", "0", "constraint", "xone", "1"])], "\(exclusive.map(\.description))")
        #expect(Fixtures.errors(Fixtures.permitting(#"{"and": [\#(bpn), \#(term)]}"#)).isEmpty, "beside the check, a term changes nothing")
        let liability = #"{"leftOperand": "Liability", "operator": "eq", "rightOperand": "cx.grossNegligence:1"}"#
        #expect(Fixtures.errors(Fixtures.permitting(#"{"and": [\#(bpn), {"or": [\#(term), \#(liability)]}]}"#)).isEmpty, "an or of terms alone is a term")
        #expect(Fixtures.errors(Fixtures.permitting(#"{"or": [\#(term), \#(liability)]}"#)).isEmpty)
        #expect(Fixtures.errors(#"{"@type": "Set", "@id": "p", "permission": [{"action": "use"}], "prohibition": [{"action": "use", "constraint": {"or": [\#(bpn), \#(term)]}}]}"#).isEmpty, "a prohibition that fires more refuses more")
    }

    /// An EDC offer names its asset as the policy's `target`; the gateway assigns by `assignTo`,
    /// and says so rather than letting the offer look limited to one asset.
    @Test func aPolicysTargetLoadsWithAWarning() throws {
        let (plan, diagnostics) = PolicyFile.compile(
            text: #"{"@type": "Offer", "@id": "o", "target": "urn:asset:1", "tsunagu:assignTo": {"tenant": "acme"}, "permission": [{"action": "use"}]}"#, file: "x.json")
        #expect(plan != nil)
        #expect(diagnostics.map(\.severity) == [.warning], "\(diagnostics.map(\.description))")
        #expect(diagnostics.first?.pointer == JSONPointer(tokens: ["target"]))
        #expect(diagnostics.first?.message.contains("productIds") == true)
    }

    /// A rule limited to a `target` would grant or forbid more than it says if the limit were
    /// dropped: it is refused, naming the way to say it.
    @Test func aRulesTargetIsRefused() {
        let errors = Fixtures.errors(#"{"@type": "Set", "@id": "p", "permission": [{"action": "use", "target": "urn:p:1"}]}"#)
        #expect(errors.map(\.pointer) == [JSONPointer(tokens: ["permission", "0", "target"])], "\(errors.map(\.description))")
        #expect(errors.first?.message.contains("tsunagu:assignTo") == true)
    }

    /// A usage restriction or a BPN spelt another way would silently never match.
    @Test func misspeltRestrictionsAndBusinessPartnerNumbersAreRefused() {
        let restriction = Fixtures.errors(#"{"@type": "Set", "@id": "p", "permission": [{"action": "use"}], "prohibition": [{"action": "distribute", "constraint": {"leftOperand": "UsageRestriction", "operator": "isAnyOf", "rightOperand": ["cx.thirdparty.forbidden:1"]}}]}"#)
        #expect(restriction.count == 1 && restriction.first?.message.contains("cx.thirdParty.forbidden:1") == true, "\(restriction.map(\.description))")
        let lowerCase = Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "BusinessPartnerNumber", "operator": "isAnyOf", "rightOperand": ["bpnl00000003ayre"]}"#))
        #expect(lowerCase.count == 1 && lowerCase.first?.message.contains("BPNL00000003AYRE") == true, "\(lowerCase.map(\.description))")
        #expect(Fixtures.errors(Fixtures.permitting(#"{"leftOperand": "BusinessPartnerNumber", "operator": "isAnyOf", "rightOperand": ["BPNL00000003AYRE"]}"#)).isEmpty)
    }
}
