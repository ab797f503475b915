import Testing
import TsunaguCore
@testable import TsunaguMapping

/// The fields a plan consumes whenever present stand exactly for the marks their rules would make.
@Suite struct ConsumedFieldsTests {
    /// The pointers a trie covers, sorted.
    static func covered(_ fields: ConsumedFields, _ pointer: [String] = []) -> [String] {
        if fields.whole { return ["/" + pointer.joined(separator: "/")] }
        return fields.childTokens.sorted().flatMap { covered(fields.child(JSONKey($0))!, pointer + [$0]) }
    }

    @Test func onlyUnconditionalLiteralTopLevelReadsThatStayFaithfulAreStatic() throws {
        let compiled = try plan("""
            tables:
              strict:
                values: { a: b }
                unmatched: error
              lenient:
                values: { a: b }
                unmatched: carry
            rules:
              - to: /plain
                from: /source/plain
              - to: /number
                from: /source/0/number
                steps: [to-number]
              - to: /strict
                from: /source/strict
                steps: [{ table: strict }]
              - to: /lenient
                from: /source/lenient
                steps: [{ table: lenient }]
              - to: /decimal
                from: /source/decimal
                steps: [to-decimal-string]
              - to: /conditional
                from: /source/conditional
                when: { path: /source/plain, present: true }
              - to: /many
                from: /source/many/*
              - to: /items
                each: /source/items
                rules:
                  - to: ./inner
                    from: ./inner
                  - to: ./absolute
                    from: /source/absolute
            """)
        let statics = compiled.rules.filter(\.consumedWhenPresent).map(\.target.text)
        #expect(statics == ["/plain", "/number", "/strict"])
        #expect(Self.covered(compiled.consumedFields) == ["/source/0/number", "/source/plain", "/source/strict"])
        #expect(ConsumedFields([["a", "b"][...], ["a"][...], ["a", "c"][...]]).child("a")?.whole == true, "a prefix covers the longer paths")
    }

    @Test func aLossReportCountsStaticFieldsAsConsumedOnlyWhereTheyAre() throws {
        let compiled = try plan("""
            rules:
              - to: /name
                from: /groups/0/name
              - to: /amount
                from: /groups/0/amount
                steps: [to-decimal-string]
            """)
        let source = try json(#"{"groups":[{"name":"n","amount":1.5E+1,"extra":true}],"other":{"deep":[1]}}"#)
        let execution = PlanExecution(plan: compiled, root: source, tracking: true)
        var output = JSONValue.object([:])
        try execution.run(compiled.nodes, scope: SourceScope(value: source, tokens: []), into: &output)
        let leaves = execution.unmarkedLeaves().map { JSONPointer(tokens: $0.pointer).description }
        #expect(leaves == ["/groups/0/amount", "/groups/0/extra", "/other/deep/0"], "an exponent is not written faithfully")
    }

    /// Every shipped mapping, on every fixture of its source model and on changed copies of four of
    /// them, leaves the same leaves unmarked with the static fields as with a mark per read.
    @Test func shippedMappingsLeaveTheSameLeavesAsMarkingEveryRead() throws {
        let catalog = try shippedCatalog()
        let changed: Set<String> = [
            "catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json", "catenax/examples/battery-module.catenax-pcf@10.0.0.json",
            "pact/examples/battery-module-v2.pact@2.3.0.json", "catenax/examples/pp-compound.catenax-pcf@7.0.0.json",
        ]
        var compared = 0
        var staticRules = 0
        for fixture in try ReproducedFieldsTests.fixtures() {
            let documents = [fixture.document] + (changed.contains(fixture.path) ? ReproducedFieldsTests.variants(of: fixture.document) : [])
            for (id, compiled) in catalog.plans where id.source == fixture.model {
                if fixture.path.hasPrefix("catenax/") { staticRules = max(staticRules, compiled.rules.filter(\.consumedWhenPresent).count) }
                for document in documents {
                    #expect(Self.unmarked(compiled, document, statics: true) == Self.unmarked(compiled, document, statics: false), "\(fixture.path) with \(id)")
                    compared += 1
                }
            }
        }
        #expect(compared >= 200)
        #expect(staticRules >= 20, "the shipped mappings copy most fields plainly")
    }

    /// The unmarked leaves after running `compiled` on `document` (an error as its text).
    static func unmarked(_ compiled: MappingPlan, _ document: JSONValue, statics: Bool) -> String {
        let execution = PlanExecution(
            plan: compiled, root: document, tracking: true, context: ReproducedFieldsTests.context, usesConsumedFields: statics)
        var output = JSONValue.object([:])
        do {
            try execution.run(compiled.nodes, scope: SourceScope(value: document, tokens: []), into: &output)
        } catch {
            return "error: \(error)"
        }
        return execution.unmarkedLeaves().map { "\(JSONPointer(tokens: $0.pointer)) \($0.value.jsonText)" }.joined(separator: "\n")
    }
}
