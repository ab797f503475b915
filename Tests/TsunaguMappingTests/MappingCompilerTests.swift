import Testing
import TsunaguCore
@testable import TsunaguMapping

@Suite struct MappingCompilerTests {
    @Test func everyProblemIsReportedWithFileAndLine() {
        let found = diagnostics("""
            source: pact@3.0.0
            target: pact@2.3.0
            rules:
              - to: /a
                value: 1
              - to: /b
                from: /x
                steps: [{ table: units }]
              - to: /c
                from: /y
                colour: red
            """)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.file == "bad.mapping.yaml" })
        #expect(found.map(\.line) == [4, 8, 11])
        #expect(found[0].message.contains("no 'because'"))
        #expect(found[1].message.contains("unknown table 'units'"))
        #expect(found[2].message.contains("unknown key 'colour'"))
    }

    @Test(arguments: [
        ("source: pact\ntarget: pact@2.3.0\nrules: []", 1, "not a model identifier"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: b/c", 5, "must start with '/'"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a/*\n    from: /b", 4, "wildcard"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: \"\"", 5, "from is empty"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    when: { path: \"\", present: false }", 6, "is empty"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    when: { path: /c/*, equals: x }", 6, "only its first match"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: ./b", 5, "relative"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    value: 1\n    because: x", 4, "several producers"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    steps: [count]", 4, "has no value"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    default: 0", 4, "default"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    each: /b", 4, "needs rules:"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    each: /b\n    rules:\n      - to: /c\n        from: ./c", 7, "must be relative"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    map: missing", 6, "unknown map 'missing'"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    steps: [frobnicate]", 6, "unknown step 'frobnicate'"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    steps: [{ convert: { from: kg, to: MJ } }]", 6, "cannot convert kg"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    steps: [{ divide: three }]", 6, "neither a decimal"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    steps: [{ round: { scale: 2, rounding: sideways } }]", 6, "unknown rounding"),
        ("source: a@1\ntarget: b@1\ntables:\n  t:\n    values: { x: y }\nrules: []", 5, "needs unmatched:"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    template: \"{/b\"", 5, "without a closing"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    when: { path: /c }", 6, "exactly one of"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    when: { path: /c, check: luhn }", 6, "unknown check"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\nrequires: [/z]", 6, "no rule writes it"),
        ("source: a@1\ntarget: b@1\nrules: []\ndrops:\n  - path: /x", 5, "needs because:"),
        ("source: a@1\ntarget: b@1\nrules: []\nexamples:\n  - input: {}", 5, "needs output:"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b/-", 5, "append"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    when: { path: /b, equals: 1 }\n    when: { path: /b, equals: 2 }", 6, "twice"),
        ("source: a@1\ntarget: b@1\nrules: [ {to: /a, from: /b}", 4, "not valid YAML"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    steps: [{ divide: \"0.00\" }]", 6, "divide by 0.00 would fail every translation"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    from: /b\n    steps: [{ divide: { by: 0, scale: 2 } }]", 6, "divide by 0 would fail"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    value: abc\n    because: x\n    steps: [to-number]", 4, "the constant \"abc\" fails its own steps: step to-number: 'abc' is not a decimal number"),
        ("source: a@1\ntarget: b@1\nrules:\n  - to: /a\n    value: \"1\"\n    because: x\n    steps: [to-number, { divide: \"0\" }]", 7, "divide by 0"),
        ("source: a@1\ntarget: b@1\ntables:\n  t:\n    values: { x: y }\n    unmatched: error\nrules:\n  - to: /a\n    each: /list\n    rules:\n      - to: ./b\n        value: z\n        because: x\n        steps: [{ table: t }]", 11, "is not in table t"),
    ])
    func compileErrors(text: String, line: Int, reason: String) {
        let found = diagnostics(text)
        #expect(found.contains { $0.line == line && $0.message.contains(reason) }, "got \(found.map(\.description))")
    }

    @Test func aConstantTheStepsAcceptCompilesAndIsWritten() throws {
        let compiled = try plan("rules:\n  - to: /a\n    value: \"2.50\"\n    because: the unit price\n    steps: [to-number, { multiply: /n }]")
        #expect(try run(compiled, #"{"n": 2}"#) == #"{"a":5.00}"#)
    }

    @Test func aRuleThatALaterRuleAlwaysOverwritesIsRefused() {
        let found = diagnostics("""
            source: a@1
            target: b@1
            rules:
              - to: /unit
                from: /declaredUnit
              - to: /unit
                value: kilogram
                because: every product here is sold by weight
              - to: /list
                each: /items
                rules:
                  - to: ./id
                    from: ./id
                  - to: ./id
                    from: ./code
                    default: none
                    because: an element without code
            """)
        #expect(found.compactMap(\.line).sorted() == [4, 12], "got \(found.map(\.description))")
        #expect(found.first { $0.line == 4 }?.message.contains("the rule at line 6 writes /unit after it, always") == true)
        #expect(found.first { $0.line == 12 }?.message.contains("the rule at line 14 writes ./id after it") == true)
    }

    @Test func layeredRulesForOneTargetCompile() throws {
        let compiled = try plan("""
            rules:
              - to: /unit
                value: kilogram
                because: the unit when the source names none
              - to: /unit
                from: /declaredUnit
              - to: /unit
                value: liter
                because: a liquid
                when: { path: /liquid, equals: true }
            """)
        #expect(try run(compiled, #"{"declaredUnit": "piece"}"#) == #"{"unit":"piece"}"#)
        #expect(try run(compiled, #"{"liquid": true}"#) == #"{"unit":"liter"}"#)
        #expect(try run(compiled, "{}") == #"{"unit":"kilogram"}"#)
    }

    @Test func mapsCannotUseThemselves() {
        let found = diagnostics("source: a@1\ntarget: b@1\nmaps:\n  loop:\n    - to: ./x\n      from: ./x\n      map: loop\nrules: []")
        #expect(found.contains { $0.message.contains("maps cannot be recursive") })
    }

    @Test func requiresWithAReasonNeedsNoRule() throws {
        let compiled = try plan("rules:\n  - to: /a\n    from: /a\nrequires:\n  - /a\n  - path: /b\n    because: only the carry extension fills it")
        let losses = try compiled.translate(json(#"{"a":1}"#)).losses
        #expect(losses.unfilled.map(\.pointer) == [JSONPointer(tokens: ["b"])])
        #expect(losses.unfilled.first?.explanation == "only the carry extension fills it")
    }

    @Test func contentHashIsFNV1a64OfTheBytes() {
        #expect(ContentHash.fnv1a64([UInt8]()) == "cbf29ce484222325")
        #expect(ContentHash.fnv1a64(Array("a".utf8)) == "af63dc4c8601ec8c")
    }
}
