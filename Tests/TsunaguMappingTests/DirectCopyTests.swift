import Testing
import TsunaguCore
@testable import TsunaguMapping

/// Rules compiled as a direct copy give exactly what the general execution gives: the output, the
/// consumption marks, the defaults, the faithfulness of watched rules and the errors.
@Suite struct DirectCopyTests {
    @Test func onlyConstantsDefaultsAndSingleFieldCopiesWrittenAsAMemberAreDirect() throws {
        let compiled = try plan("""
            tables:
              units:
                values: { kg: kilogram }
                unmatched: carry
            rules:
              - to: /plain
                from: /source/plain
              - to: /top
                from: /top
              - to: /number
                from: /source/0/number
                steps: [to-number]
              - to: /decimal
                from: /source/decimal
                steps: [to-decimal-string]
              - to: /unit
                from: /source/unit
                steps: [{ table: units }]
              - to: /constant
                value: fixed
                because: a test constant
              - to: /conditional
                from: /source/plain
                when: { path: /source/flag, present: true }
              - to: /withDefault
                from: /source/missing
                default: none
                because: a test default
              - to: /onlyDefault
                default: given
                because: a test default
              - to: /twoSteps
                from: /source/decimal
                steps: [to-decimal-string, to-number]
              - to: /filled
                value: minted
                fills: true
                because: a test fill
              - to: /many
                from: /source/many/*
              - to: /text
                template: "{/source/plain}!"
              - to: /list/0
                from: /source/plain
              - to: /items
                each: /source/items
                rules:
                  - to: ./inner
                    from: ./inner
            """)
        let direct = compiled.rules.filter { $0.directCopy != nil }.map(\.target.text)
        #expect(direct == ["/plain", "/top", "/number", "/decimal", "/unit", "/constant", "/conditional", "/withDefault", "/onlyDefault", "/filled"])
        guard case .each(_, let inner) = compiled.rules.last?.producer, case .rule(let element, _)? = inner.first else {
            Issue.record("the each rule lost its element rules")
            return
        }
        #expect(element.directCopy == nil, "a relative read is not a direct copy")
    }

    @Test func theShortPathGivesWhatTheGeneralExecutionGives() throws {
        let compiled = try plan("""
            tables:
              units:
                values: { kg: kilogram, "1": one, "true": yes }
                unmatched: carry
              strict:
                values: { a: b }
                unmatched: error
              lenient:
                values: { a: b }
                unmatched: { default: other }
            rules:
              - to: /group/plain
                from: /source/plain
              - to: /group/number
                from: /source/text
                steps: [to-number]
              - to: /group/decimal
                from: /source/amount
                steps: [to-decimal-string]
              - to: /group/unit
                from: /source/unit
                steps: [{ table: units }]
              - to: /group/strict
                from: /source/strict
                steps: [{ table: strict }]
              - to: /group/lenient
                from: /source/lenient
                steps: [{ table: lenient }]
              - to: /group/withDefault
                from: /source/missing
                default: none
                because: a test default
              - to: /group/conditional
                from: /source/plain
                when: { path: /source/flag, equals: true }
              - to: /constant
                value: { fixed: [1] }
                because: a test constant
              - to: /group/minted
                from: /source/plain
                fills: true
                because: a test fill
              - to: /group/onlyDefault
                default: given
                because: a test default
              - to: /group/decimalDefault
                from: /source/missing
                steps: [to-number]
                default: "1.50"
                because: a default written as it is
              - to: /top
                from: /top
              - to: /scalar
                from: /top
              - to: /scalar/inside
                from: /source/plain
            """)
        let documents = [
            #"{"source":{"plain":"p","text":"12.50","amount":2.5,"unit":"kg","strict":"a","lenient":"a","flag":true},"top":"t"}"#,
            #"{"source":{"plain":"p","text":"1.5E+2","amount":1.5E+2,"unit":"lb","strict":"a","lenient":"z","flag":false},"top":{"o":1}}"#,
            #"{"source":{"plain":{"deep":[1]},"unit":1,"lenient":true},"top":null}"#,
            #"{"source":{"unit":true,"text":"twelve"}}"#,
            #"{"source":{"text":12}}"#,
            #"{"source":{"amount":"2.5"}}"#,
            #"{"source":{"strict":"unlisted"}}"#,
            #"{"source":[{"plain":"p"}],"top":[]}"#,
            #"{"source":{"plain":"p"},"top":"t"}"#,
        ]
        for text in documents {
            let document = try json(text)
            for tracking in [true, false] {
                let direct = Self.run(compiled, document, tracking: tracking, direct: true)
                let general = Self.run(compiled, document, tracking: tracking, direct: false)
                #expect(direct == general, "\(text), tracking \(tracking)")
            }
        }
        #expect(Self.run(compiled, try json(documents[1]), tracking: true, direct: true).contains("unfaithful"), "an exponent is noted")
        #expect(Self.run(compiled, try json(documents[6]), tracking: true, direct: true).hasPrefix("error:"), "an unlisted strict value fails")
        #expect(Self.run(compiled, try json(documents[8]), tracking: true, direct: true).hasPrefix("error:"), "a member of a string cannot be written")
    }

    /// Every shipped mapping, on every fixture of its source model and on changed copies of four of
    /// them, gives the same with the short path as without it.
    @Test func shippedMappingsRunTheSameWithoutTheShortPath() async throws {
        let catalog = try shippedCatalog()
        let changed: Set<String> = [
            "catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json", "catenax/examples/battery-module.catenax-pcf@10.0.0.json",
            "pact/examples/battery-module-v2.pact@2.3.0.json", "ouranos/examples/battery-module.ouranos-cfp@3.0.0.json", "catenax/examples/aluminium-housing.pact@3.0.0.json",
        ]
        var compared = 0
        var directRules = 0
        for fixture in try ReproducedFieldsTests.fixtures() {
            let documents = [fixture.document] + (changed.contains(fixture.path) ? ReproducedFieldsTests.variants(of: fixture.document) : [])
            for (id, compiled) in catalog.plans where id.source == fixture.model {
                directRules = max(directRules, compiled.rules.filter { $0.directCopy != nil }.count)
                for document in documents {
                    for tracking in [true, false] {
                        #expect(
                            Self.run(compiled, document, tracking: tracking, direct: true) == Self.run(compiled, document, tracking: tracking, direct: false),
                            "\(fixture.path) with \(id)")
                        compared += 1
                    }
                }
            }
            // This test runs for seconds: let the loopback servers of tests alongside answer.
            await Task.yield()
        }
        #expect(compared >= 400)
        #expect(directRules >= 40, "most rules of the shipped mappings are direct copies")
    }

    /// What one execution of `compiled` on `document` gives: the output, the unmarked leaves, the
    /// defaults and whether a rule was unfaithful (every rule watched); an error as its text.
    static func run(_ compiled: MappingPlan, _ document: JSONValue, tracking: Bool, direct: Bool) -> String {
        let execution = PlanExecution(
            plan: compiled, root: document, tracking: tracking, context: ReproducedFieldsTests.context,
            watching: Set(compiled.rules.map(ObjectIdentifier.init)), usesDirectCopies: direct)
        var output = JSONValue.object([:])
        do {
            try execution.run(compiled.nodes, scope: SourceScope(value: document, tokens: []), into: &output)
        } catch {
            return "error: \(error)"
        }
        let leaves = tracking ? execution.unmarkedLeaves().map { "\(JSONPointer(tokens: $0.pointer)) \($0.value.jsonText)" } : []
        let defaults = execution.defaults.fills.map { "\(DefaultLog.pointer(of: $0)) \($0.value.jsonText)" }
        return ([output.jsonText] + leaves + defaults + (execution.watch.unfaithful ? ["unfaithful"] : [])).joined(separator: "\n")
    }
}
