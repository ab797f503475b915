import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

@Suite struct PlanExecutionTests {
    @Test func copiesAndRenamesKeepingNumberText() throws {
        let compiled = try plan("rules:\n  - to: /pcf/b\n    from: /a\n  - to: /c\n    from: /n")
        #expect(try run(compiled, #"{"a":{"x":[1.50,true,null]},"n":1E+2}"#) == #"{"c":1E+2,"pcf":{"b":{"x":[1.50,true,null]}}}"#)
    }

    @Test func numbersAndDecimalStringsConvertCharacterForCharacter() throws {
        let compiled = try plan("rules:\n  - to: /s\n    from: /n\n    steps: [to-decimal-string]\n  - to: /n\n    from: /s\n    steps: [to-number]")
        #expect(try run(compiled, #"{"n":69.14590545404381000,"s":"-0.000120"}"#) == #"{"n":-0.000120,"s":"69.14590545404381000"}"#)
    }

    @Test func exponentNumbersThatDoNotComeBackAreReportedAsLost() throws {
        let there = try plan("rules:\n  - to: /s\n    from: /n\n    steps: [to-decimal-string]")
        let back = try plan("rules:\n  - to: /n\n    from: /s\n    steps: [to-number]", source: "test-b@1.0.0", target: "test-a@1.0.0")
        let catalog = MappingCatalog(plans: [there, back])
        let exact = try catalog.translate(json(#"{"n":0.50}"#), from: there.id.source, to: there.id.target)
        #expect(exact.document.jsonText == #"{"s":"0.50"}"#)
        #expect(exact.losses.unmapped.isEmpty)
        let expanded = try catalog.translate(json(#"{"n":1.5E+3}"#), from: there.id.source, to: there.id.target)
        #expect(expanded.document.jsonText == #"{"s":"1500"}"#)
        #expect(expanded.losses.unmapped.map(\.pointer.description) == ["/n"])
    }

    @Test func toNumberRejectsTextThatIsNotADecimal() throws {
        let compiled = try plan("rules:\n  - to: /n\n    from: /pcf/s\n    steps: [to-number]")
        #expect { try compiled.translate(json(#"{"pcf":{"s":"12,5"}}"#)) } throws: { error in
            let failure = error as? MappingError
            return failure?.pointer == JSONPointer(tokens: ["pcf", "s"]) && failure?.message.contains("'12,5' is not a decimal") == true
        }
    }

    /// PACT's decimal pattern allows "02.10"; a JSON number cannot start with a zero: the message
    /// says what to write instead.
    @Test func toNumberNamesTheFixForALeadingZero() throws {
        let compiled = try plan("rules:\n  - to: /n\n    from: /pcf/s\n    steps: [to-number]")
        for (text, fixed) in [("02.10", "2.10"), ("-007", "-7"), ("00", "0")] {
            #expect { try compiled.translate(json("{\"pcf\":{\"s\":\"\(text)\"}}")) } throws: { error in
                (error as? MappingError)?.message.contains("'\(text)' has a leading zero, which a JSON number cannot have: write it without (\(fixed))") == true
            }
        }
        #expect(try run(compiled, #"{"pcf":{"s":"0.50"}}"#) == #"{"n":0.50}"#)
    }

    @Test func constantsAndDefaults() throws {
        let compiled = try plan("""
            rules:
              - to: /v
                value: "2.3.0"
                because: the target version
              - to: /c
                from: /comment
                default: ""
                because: the target requires a comment
            """)
        #expect(try run(compiled, "{}") == #"{"c":"","v":"2.3.0"}"#)
        #expect(try run(compiled, #"{"comment":"hi"}"#) == #"{"c":"hi","v":"2.3.0"}"#)
    }

    @Test func tableOutcomes() throws {
        let compiled = try plan("""
            tables:
              strict: { values: { a: A }, unmatched: error }
              lenient: { values: { a: A }, unmatched: { default: Z } }
              carrying: { values: { a: A }, unmatched: carry }
            rules:
              - to: /s
                from: /s
                steps: [{ table: strict }]
              - to: /l
                from: /l
                steps: [{ table: lenient }]
              - to: /c
                from: /c
                steps: [{ table: carrying }]
            """)
        #expect(try run(compiled, #"{"s":"a","l":"q","c":"q"}"#) == #"{"l":"Z","s":"A"}"#)
        #expect(try run(compiled, #"{"c":["a","q","a"]}"#) == #"{"c":["A","A"]}"#)
        #expect { try compiled.translate(json(#"{"s":"b"}"#)) } throws: { error in
            (error as? MappingError)?.pointer == JSONPointer(tokens: ["s"])
        }
    }

    /// A table error inside an array names the element that is not listed, not the first one.
    @Test func aTableErrorInAnArrayNamesTheElement() throws {
        let compiled = try plan("""
            tables:
              strict:
                values: { a: A, b: B }
                unmatched: error
            rules:
              - to: /codes
                from: /items/*/code
                steps: [{ table: strict }]
              - to: /list
                from: /list
                steps: [{ table: strict }]
            """)
        #expect { try compiled.translate(json(#"{"items":[{"code":"a"},{"code":"b"},{"code":"q"}]}"#)) } throws: { error in
            (error as? MappingError)?.pointer == JSONPointer(tokens: ["items", "2", "code"])
        }
        #expect { try compiled.translate(json(#"{"list":["a","q"]}"#)) } throws: { error in
            (error as? MappingError)?.pointer == JSONPointer(tokens: ["list", "1"])
        }
    }

    @Test func arithmeticIsExactAndKeepsTheKind() throws {
        let compiled = try plan("""
            rules:
              - to: /t
                from: /kg
                steps: [{ convert: { from: kg, to: t } }]
              - to: /mj
                from: /kwh
                steps: [{ convert: { from: kWh, to: MJ } }]
              - to: /perUnit
                from: /total
                steps: [{ divide: { by: /amount, scale: 5, rounding: up } }]
              - to: /sum
                sum: [/a, /b]
              - to: /scaled
                from: /a
                steps: [{ multiply: "1000" }, { subtract: "0.5" }, { add: /b }]
            """)
        let output = try run(compiled, #"{"kg":"1.50","kwh":2.5,"total":"10","amount":"3","a":"0.1","b":"0.2"}"#)
        #expect(output == #"{"mj":9.0,"perUnit":"3.33334","scaled":"99.7","sum":"0.3","t":"0.0015"}"#)
    }

    @Test func inexactDivisionWithoutScaleFailsLoudly() throws {
        let compiled = try plan("rules:\n  - to: /x\n    from: /x\n    steps: [{ divide: \"3\" }]")
        #expect(throws: MappingError.self) { try compiled.translate(json(#"{"x":"1"}"#)) }
    }

    @Test func templatesAndConditions() throws {
        let compiled = try plan("""
            rules:
              - to: /source
                template: "{/ef/name} {/ef/version}"
              - to: /mass
                value: "1"
                because: a kilogram weighs a kilogram
                when: { path: /unit, equals: kilogram }
              - to: /region
                value: Global
                because: no geography at all means global
                when: { all: [{ path: /country, present: false }, { not: { path: /region, present: true } }] }
              - to: /listed
                value: true
                because: test
                when: { any: [{ path: /unit, in: [liter, kilogram] }, { path: /id, starts-with: "urn:" }] }
            """)
        #expect(try run(compiled, #"{"ef":{"name":"ecoinvent","version":3.10},"unit":"kilogram"}"#)
            == #"{"listed":true,"mass":"1","region":"Global","source":"ecoinvent 3.10"}"#)
        #expect(try run(compiled, #"{"ef":{"name":"x"},"unit":"piece","country":"JP"}"#) == "{}")
    }

    @Test func corporateNumberCheckDigit() {
        #expect(CorporateNumber.isValid("7000012050002"))
        #expect(!CorporateNumber.isValid("1234567890123"))
        #expect(!CorporateNumber.isValid("700001205000"))
    }

    @Test func eachBuildsArraysOfObjectsAndMapsApplyToObjects() throws {
        let compiled = try plan("""
            maps:
              dqi:
                - to: ./tech
                  from: ./technologicalDQR
                  steps: [to-decimal-string]
            rules:
              - to: /rules
                each: /pcf/productOrSectorSpecificRules
                rules:
                  - to: ./op
                    from: ./operator
                  - to: ./names
                    from: ./ruleNames
                  - to: ./company
                    from: /companyName
              - to: /dqi
                from: /pcf/dqi
                map: dqi
              - to: /allNames
                from: /pcf/productOrSectorSpecificRules/*/ruleNames/*
            """)
        let output = try run(compiled, #"{"companyName":"K","pcf":{"dqi":{"technologicalDQR":1.20},"productOrSectorSpecificRules":[{"operator":"PEF","ruleNames":["a","b"]},{"operator":"Other","ruleNames":["c"]}]}}"#)
        #expect(output == #"{"allNames":["a","b","c"],"dqi":{"tech":"1.20"},"rules":[{"company":"K","names":["a","b"],"op":"PEF"},{"company":"K","names":["c"],"op":"Other"}]}"#)
    }

    @Test func eachOverSomethingElseThanAnArrayFails() throws {
        let compiled = try plan("rules:\n  - to: /r\n    each: /x\n    rules:\n      - to: ./a\n        from: ./a")
        #expect { try compiled.translate(json(#"{"x":{"a":1}}"#)) } throws: { error in
            (error as? MappingError)?.message.contains("expected an array") == true
        }
    }

    @Test func selectorsReadAndWriteArrayElements() throws {
        let compiled = try plan("""
            rules:
              - to: /main
                from: /cfp/[cfpType=mainProduction]/ghgEmission
              - to: /out/[kind=pre]/value
                from: /pre
              - to: /out/[kind=main]/value
                from: /main
              - to: /out/[kind=pre]/unit
                value: kg
                because: test
              - to: /groups/0/inner/0/x
                from: /pre
              - to: /ids/-
                from: /corp
                steps: [{ add-prefix: "urn:corp:" }]
            """)
        let output = try run(compiled, #"{"cfp":[{"cfpType":"pre","ghgEmission":1},{"cfpType":"mainProduction","ghgEmission":2.50}],"pre":"0.1","main":"0.2","corp":"7000012050002"}"#)
        #expect(output == #"{"groups":[{"inner":[{"x":"0.1"}]}],"ids":["urn:corp:7000012050002"],"main":2.50,"out":[{"kind":"pre","unit":"kg","value":"0.1"},{"kind":"main","value":"0.2"}]}"#)
    }

    @Test func stringAndArraySteps() throws {
        let compiled = try plan("""
            rules:
              - to: /cpc
                from: /classes
                steps: [{ find-prefix: "urn:cpc:" }]
              - to: /code
                from: /urn
                steps: [{ strip-prefix: "urn:x:" }]
              - to: /n
                from: /classes
                steps: [count]
              - to: /first
                from: /classes
                steps: [first]
              - to: /joined
                from: /classes
                steps: [{ join: "; " }]
              - to: /wrapped
                from: /urn
                steps: [wrap]
            """)
        #expect(try run(compiled, #"{"classes":["urn:eclass:1","urn:cpc:46410"],"urn":"urn:x:9"}"#)
            == #"{"code":"9","cpc":"46410","first":"urn:eclass:1","joined":"urn:eclass:1; urn:cpc:46410","n":2,"wrapped":["urn:x:9"]}"#)
    }

    @Test func dateTimeFormats() throws {
        let compiled = try plan("""
            rules:
              - to: /utc
                from: /t
                steps: [{ date-time: utc }]
              - to: /millis
                from: /t
                steps: [{ date-time: utc-millis }]
              - to: /date
                from: /t
                steps: [{ date-time: date }]
              - to: /start
                from: /d
                steps: [{ date-time: start-of-day }]
            """)
        #expect(try run(compiled, #"{"t":"2025-01-01T02:30:00.5+09:00","d":"2024-02-29"}"#)
            == #"{"date":"2024-12-31","millis":"2024-12-31T17:30:00.500Z","start":"2024-02-29T00:00:00Z","utc":"2024-12-31T17:30:00.5Z"}"#)
    }

    /// A source field whose value a later rule writes over never reaches the partner: it is
    /// reported as lost, whether or not the later rule's condition held for this document.
    @Test func aValueALaterRuleWritesOverIsReportedAsLost() throws {
        let there = try plan("""
            rules:
              - to: /end
                from: /validTo
              - to: /end
                from: /periodEnd
                when: { path: /periodEnd, present: true }
              - to: /items
                each: /rows
                rules:
                  - to: ./v
                    from: ./a
                  - to: ./v
                    from: ./b
            """)
        let both = try there.translate(json(#"{"validTo":"a","periodEnd":"b","rows":[{"a":1},{"a":2,"b":3}]}"#))
        #expect(both.document.jsonText == #"{"end":"b","items":[{"v":1},{"v":3}]}"#)
        #expect(both.losses.unmapped.map(\.pointer.description) == ["/rows/1/a", "/validTo"])
        let one = try there.translate(json(#"{"validTo":"a","rows":[{"a":1}]}"#))
        #expect(one.losses.unmapped.isEmpty, "the later rules wrote nothing over the first ones")
        let back = try plan("rules:\n  - to: /validTo\n    from: /end", source: "test-b@1.0.0", target: "test-a@1.0.0")
        let exact = try MappingCatalog(plans: [there, back]).translate(json(#"{"validTo":"a","periodEnd":"b","rows":[]}"#), from: there.id.source, to: there.id.target)
        #expect(exact.losses.unmapped.map(\.pointer.description) == ["/validTo"], "the mapping back gives /validTo another value")
    }

    /// The fields an `each:` or `map:` rule's own rules read count with the rule's value: when a
    /// later rule writes over it, they are lost.
    @Test func fieldsReadForAValueALaterRuleWritesOverAreReportedAsLost() throws {
        let compiled = try plan("""
            rules:
              - to: /items
                each: /rows
                rules:
                  - to: ./v
                    from: ./a
              - to: /items
                from: /override
                when: { path: /override, present: true }
              - to: /meta
                from: /m
                rules:
                  - to: ./x
                    from: ./x
              - to: /meta
                from: /reset
                when: { path: /reset, present: true }
            """)
        let kept = try compiled.translate(json(#"{"rows":[{"a":1},{"a":2}],"m":{"x":3}}"#))
        #expect(kept.document.jsonText == #"{"items":[{"v":1},{"v":2}],"meta":{"x":3}}"#)
        #expect(kept.losses.unmapped.isEmpty)
        let replaced = try compiled.translate(json(#"{"rows":[{"a":1},{"a":2}],"override":[],"m":{"x":3},"reset":{}}"#))
        #expect(replaced.document.jsonText == #"{"items":[],"meta":{}}"#)
        #expect(replaced.losses.unmapped.map(\.pointer.description) == ["/m/x", "/rows/0/a", "/rows/1/a"])
    }

    /// A later rule that only adds to what a layered rule wrote (a member inside it, an appended
    /// element) takes nothing away from it: its fields are not reported lost.
    @Test func aValueALaterRuleAddsToIsNotReportedAsLost() throws {
        let compiled = try plan("""
            rules:
              - to: /pcf
                from: /pcf
              - to: /pcf/extra
                value: 1
                because: a test adds a member
              - to: /list
                from: /list
              - to: /list/-
                value: 9
                because: a test appends an element
              - to: /pcf
                from: /legacy
                when: { path: /legacy, present: true }
              - to: /list
                from: /legacy
                when: { path: /legacy, present: true }
            """)
        let added = try compiled.translate(json(#"{"pcf":{"a":1,"b":[2]},"list":[3]}"#))
        #expect(added.document.jsonText == #"{"list":[3,9],"pcf":{"a":1,"b":[2],"extra":1}}"#)
        #expect(added.losses.unmapped.isEmpty)
        let replaced = try compiled.translate(json(#"{"pcf":{"a":1},"list":[3],"legacy":{"z":0}}"#))
        #expect(replaced.losses.unmapped.map(\.pointer.description) == ["/list/0", "/pcf/a"])
    }

    @Test func unmappedFieldsAreReportedWithKindAndDropReason() throws {
        let compiled = try plan("rules:\n  - to: /a\n    from: /a\ndrops:\n  - path: /x/*/y\n    because: the target has no place for it")
        let losses = try compiled.translate(json(#"{"a":1,"b":[],"x":[{"y":"1","z":2}]}"#)).losses
        #expect(losses.unmapped.map(\.pointer.description) == ["/b", "/x/0/y", "/x/0/z"])
        #expect(losses.unmapped.map(\.kind) == ["array", "string", "number"])
        #expect(losses.unmapped.map(\.explanation) == [nil, "the target has no place for it", nil])
        #expect(losses.unexplained.count == 2)
    }
}

@Suite struct DecimalRangeTests {
    @Test func hugeExponentsAreRefusedNotExpanded() throws {
        let compiled = try plan("rules:\n  - to: /s\n    from: /n\n    steps: [to-decimal-string]")
        #expect { try compiled.translate(json(#"{"n":1E+999999}"#)) } throws: { error in
            (error as? MappingError)?.message.contains("out of range") == true
        }
        #expect(try run(compiled, #"{"n":-2.5e-3}"#) == #"{"s":"-0.0025"}"#)
    }
}

@Suite struct StringPartAndContextTests {
    @Test func beforeAndAfterASeparator() throws {
        let compiled = try plan("""
            rules:
              - to: /country
                from: /subdivision
                steps: [{ before: "-" }]
              - to: /code
                from: /subdivision
                steps: [{ after: "-" }]
            """)
        #expect(try run(compiled, #"{"subdivision":"DE-NW"}"#) == #"{"code":"NW","country":"DE"}"#)
        #expect(try run(compiled, #"{"subdivision":"DE"}"#) == "{}")
    }

    @Test func contextValuesComeFromTheCaller() throws {
        let compiled = try plan("rules:\n  - to: /batch\n    context: batch\n    default: \"B0\"\n    because: no batch given\n  - to: /created\n    context: now\n    because: translated now")
        let given = try compiled.translate(.object([:]), context: ["now": "2025-07-01T00:00:00Z", "batch": "B7"])
        #expect(given.document.jsonText == #"{"batch":"B7","created":"2025-07-01T00:00:00Z"}"#)
        #expect(Set(given.losses.defaulted.map(\.pointer.description)) == ["/batch", "/created"], "values the caller supplies are not the partner's")
        let alone = try compiled.translate(.object([:]))
        #expect(alone.document.jsonText.contains(#""batch":"B0""#), "\(alone.document.jsonText)")
        // `now` is always known: without a caller's value it is the current time.
        #expect(alone.document["created"]?.stringValue.flatMap(Timestamp.parse) != nil)
    }

    /// Without a caller's `now`, a translation reads its clock once: a rule at the top, a rule in
    /// a sub-map and both steps of a chain through the pivot write the same instant, though the
    /// clock here moves a second every time it is read. A plan that never reads `now` has no clock.
    @Test func nowIsOneInstantPerTranslation() throws {
        let there = try plan(
            "rules:\n  - to: /created\n    context: now\n  - to: /items\n    each: /list\n    rules:\n      - to: ./at\n        context: now\n      - to: ./name\n        from: ./name",
            target: "pact@3.0.0")
        let onward = try plan("rules:\n  - to: /made\n    from: /created\n  - to: /sent\n    context: now\n  - to: /items\n    from: /items", source: "pact@3.0.0", target: "test-c@1.0.0")
        #expect(there.readsNow && onward.readsNow)
        #expect(try !plan("rules:\n  - to: /a\n    from: /b").readsNow)
        let ticks = Ticks()
        let catalog = MappingCatalog(plans: [there, onward], clock: { ticks.next() })
        let list = JSONValue.array((0..<20).map { .object(["name": .string("n\($0)")]) })
        let document = try catalog.translate(.object(["list": list]), from: ModelID("test-a@1.0.0")!, to: ModelID("test-c@1.0.0")!).document
        let stamps = Set((document["items"]?.arrayValue ?? []).compactMap { $0["at"]?.stringValue })
        #expect(document["made"] != nil && stamps == [document["made"]?.stringValue] && document["sent"] == document["made"], "\(document.jsonText)")
        #expect(ticks.count == 1)
        let given = try catalog.translate(.object([:]), from: ModelID("test-a@1.0.0")!, to: ModelID("test-c@1.0.0")!, context: ["now": "2025-07-01T00:00:00Z"]).document
        #expect(given["sent"] == "2025-07-01T00:00:00Z" && ticks.count == 1, "a caller's now is used and the clock is not read")
    }

    /// A wildcard read keeps its pointers only for marks; an error points at the first match
    /// whether the execution tracks reads or not.
    @Test func aFailingStepOnAWildcardReadPointsAtTheFirstMatch() throws {
        let compiled = try plan("rules:\n  - to: /names\n    from: /items/*/name\n    steps: [{ join: \",\" }]")
        let source = try json(#"{"items":[{"name":1},{"name":"b"}],"other":{"b":{"name":2},"a":{"name":3}}}"#)
        for tracking in [true, false] {
            #expect("tracking \(tracking)", performing: {
                _ = try compiled.translate(source, reverse: nil, carrying: tracking)
            }, throws: { error in
                let failure = error as? MappingError
                return failure?.pointer == JSONPointer(tokens: ["items", "0", "name"]) && failure?.message.contains("found a number") == true
            })
        }
        let objects = try plan("rules:\n  - to: /names\n    from: /other/*/name\n    steps: [{ join: \",\" }]")
        #expect(performing: { _ = try objects.translate(source, reverse: nil, carrying: false) }, throws: { error in
            (error as? MappingError)?.pointer == JSONPointer(tokens: ["other", "a", "name"])
        })
        let joined = try plan("rules:\n  - to: /names\n    from: /items/*/name")
        let read = try joined.translate(json(#"{"items":[{"name":"a"},{"name":"b"},{"x":1}]}"#))
        #expect(read.document.jsonText == #"{"names":["a","b"]}"#)
        #expect(read.losses.unmapped.map(\.pointer.description) == ["/items/2/x"], "the matches are marked with their own pointers")
    }

    /// `before`/`after` find their separator as `String.firstRange(of:)` does, character by character.
    @Test func separatorsAreFoundAsCharactersAre() {
        let texts = ["DE-BY", "DE", "-", "--", "a-b-c", "", "ab", "a\r\n-b", "x\r\ny", "é-x", "e\u{301}-x", "日本-東京", "a\u{301}", "abcabd", "aaab"]
        let separators = ["-", "--", "ab", "abd", "\n", "\r", "\r\n", "e", "é", "東", "", "aab", "x-"]
        for text in texts {
            for separator in separators {
                let fast = PlanExecution.firstRange(of: separator, in: text).map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) }
                let general = text.firstRange(of: separator).map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) }
                #expect(fast?.0 == general?.0 && fast?.1 == general?.1, "\(text.debugDescription) / \(separator.debugDescription)")
            }
        }
    }

    /// Rules gathered under a member write into what an earlier rule put there: a whole element,
    /// an element a selector made, an appended element.
    @Test func groupsWriteIntoWhatEarlierRulesMade() throws {
        let element = try plan("""
            rules:
              - to: /items
                each: /list
                rules:
                  - to: .
                    value: { a: { keep: 1, b: { old: 2 } } }
                    because: every item starts from this shape
                  - to: ./a/b/x
                    from: ./x
                  - to: ./a/b/y
                    from: ./y
                  - to: ./a/c
                    from: ./x
            """)
        #expect(try run(element, #"{"list":[{"x":"p","y":"q"}]}"#) == #"{"items":[{"a":{"b":{"old":2,"x":"p","y":"q"},"c":"p","keep":1}}]}"#)
        let selected = try plan("""
            rules:
              - to: /list/[type=a]/x
                from: /x
              - to: /list/0/y
                from: /y
              - to: /list/0/z
                from: /z
              - to: /more/-
                value: { k: 1 }
                because: the first element is always there
              - to: /more/0/y
                from: /y
              - to: /more/0/z
                from: /z
            """)
        #expect(try run(selected, #"{"x":1,"y":2,"z":3}"#) == #"{"list":[{"type":"a","x":1,"y":2,"z":3}],"more":[{"k":1,"y":2,"z":3}]}"#)
    }
}

/// A clock that moves one second each time it is read, and counts the reads.
final class Ticks: @unchecked Sendable {
    private let lock = NSLock()
    private var reads = 0

    var count: Int { lock.withLock { reads } }

    func next() -> Date {
        lock.withLock {
            reads += 1
            return Date(timeIntervalSince1970: 1_800_000_000 + Double(reads))
        }
    }
}
