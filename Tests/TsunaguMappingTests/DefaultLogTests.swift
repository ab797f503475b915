import Testing
import TsunaguCore
@testable import TsunaguMapping

/// Values the partner did not send: `default:` alone, `fills: true`, and the steps that make ids
/// fit a stricter target (`unique`, `keep`, `add-prefix … unless`), each reported in `defaulted`.
@Suite struct DefaultLogTests {
    @Test func aDefaultAloneIsAlwaysWrittenAndReported() throws {
        let compiled = try plan("rules:\n  - to: /mass/0/used\n    default: false\n    because: the source never states it")
        let result = try compiled.translate(.object([:]))
        #expect(result.document.jsonText == #"{"mass":[{"used":false}]}"#)
        #expect(result.losses.defaulted.map(\.pointer.description) == ["/mass/0/used"])
        #expect(result.losses.defaulted.first?.explanation == "the source never states it")
    }

    /// Layered rules: the default comes first and the source's value replaces it when there is
    /// one, and then the output holds no default to report.
    @Test func aDefaultALaterRuleReplacedWithTheSourcesValueIsNotReported() throws {
        let compiled = try plan("""
            rules:
              - to: /comment
                default: ""
                because: the target requires a comment
              - to: /comment
                from: /note
              - to: /items
                each: /rows
                rules:
                  - to: ./unit
                    default: kg
                    because: rows without a unit are in kilograms
                  - to: ./unit
                    from: ./unit
            """)
        let given = try compiled.translate(json(#"{"note": "hand-checked", "rows": [{"unit": "t"}, {}]}"#))
        #expect(given.document.jsonText == #"{"comment":"hand-checked","items":[{"unit":"t"},{"unit":"kg"}]}"#)
        #expect(given.losses.defaulted.map(\.pointer.description) == ["/items/1/unit"])
        let missing = try compiled.translate(json(#"{"rows": []}"#))
        #expect(missing.losses.defaulted.map(\.pointer.description) == ["/comment"])
    }

    @Test func aDefaultInsideEachIsReportedWithItsElement() throws {
        let compiled = try plan("""
            rules:
              - to: /items
                each: /rows
                rules:
                  - to: ./unit
                    from: ./unit
                    default: kg
                    because: rows without a unit are in kilograms
            """)
        let result = try run(compiled, #"{"rows":[{"unit":"t"},{}]}"#)
        #expect(result == #"{"items":[{"unit":"t"},{"unit":"kg"}]}"#)
        let losses = try compiled.translate(json(#"{"rows":[{"unit":"t"},{}]}"#)).losses
        #expect(losses.defaulted.map(\.pointer.description) == ["/items/1/unit"])
    }

    @Test func fillsReportsADerivedValueAndANonFillDoesNot() throws {
        let compiled = try plan("""
            rules:
              - to: /name
                from: /name
              - to: /attestationId
                template: "urn:tsunagu:attestation:{/id}"
                fills: true
                because: minted from the footprint id
            """)
        let result = try compiled.translate(json(#"{"id":"a1","name":"n"}"#))
        #expect(result.document["attestationId"] == "urn:tsunagu:attestation:a1")
        #expect(result.losses.defaulted.map(\.pointer.description) == ["/attestationId"])
    }

    @Test func fillsAndDefaultAloneNeedAReason() {
        #expect(diagnostics("source: a@1.0.0\ntarget: b@1.0.0\nrules:\n  - to: /x\n    default: 1\n").contains { $0.message.contains("because") })
        #expect(diagnostics("source: a@1.0.0\ntarget: b@1.0.0\nrules:\n  - to: /x\n    from: /y\n    fills: true\n").contains { $0.message.contains("because") })
        #expect(diagnostics("source: a@1.0.0\ntarget: b@1.0.0\nrules:\n  - to: /x\n    from: /y\n    fills: maybe\n    because: z\n").contains { $0.message.contains("fills") })
        #expect(diagnostics("source: a@1.0.0\ntarget: b@1.0.0\nrules:\n  - to: /x\n    from: /y\n    steps: [{ keep: isbn }]\n").contains { $0.message.contains("unknown check 'isbn'") })
    }

    @Test func idsBecomeUniqueURNsAndOnlyUUIDsAreKept() throws {
        let compiled = try plan("""
            rules:
              - to: /ids
                from: /ids
                steps: [{ add-prefix: { prefix: "urn:tsunagu:uri:", unless: "urn:" } }, unique]
              - to: /preceding
                from: /preceding
                steps: [{ keep: uuid }]
              - to: /none
                from: /none
                steps: [{ keep: uuid }]
            """)
        let output = try run(compiled, #"{"ids":["URN:a:b","http://x","http://x"],"preceding":["3fa85f64-5717-4562-b3fc-2c963f66afa6","abc"],"none":["abc"]}"#)
        #expect(output == #"{"ids":["URN:a:b","urn:tsunagu:uri:http://x"],"preceding":["3fa85f64-5717-4562-b3fc-2c963f66afa6"]}"#)
    }

    @Test func checksAcceptWhatTheyName() {
        #expect(ValueCheck.uuid.passes("3FA85F64-5717-4562-b3fc-2c963f66afa6"))
        #expect(!ValueCheck.uuid.passes("3fa85f64-5717-4562-b3fc-2c963f66afa"))
        #expect(!ValueCheck.uuid.passes("eOMtThyhVNLWUZNRcBaQKxI"))
        #expect(ValueCheck.urn.passes("urn:x") && ValueCheck.urn.passes("Urn:x") && !ValueCheck.urn.passes("urn:"))
    }
}
