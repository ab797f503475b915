import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

/// Finding the carry extension from the reproduced fields gives exactly what running the whole
/// reverse mapping gives.
@Suite struct ReproducedFieldsTests {
    /// The shipped mappings loaded afresh: a catalog that has kept nothing from earlier translations.
    static func catalog() throws -> MappingCatalog { try MappingCatalog.load(directory: packageRoot + "/Mappings") }

    static let context: [String: JSONValue] = ["now": "2026-01-01T00:00:00Z"]

    /// Every fixture under Mappings/ with the model it is written in.
    static func fixtures() throws -> [(path: String, model: ModelID, document: JSONValue)] {
        let directory = packageRoot + "/Mappings"
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [(String, ModelID, JSONValue)] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.contains("examples/"), relative.hasSuffix(".json") else { continue }
            let name = (relative as NSString).lastPathComponent.dropLast(".json".count)
            let model: ModelID?
            if name.hasSuffix(".pact3") {
                model = .pact3
            } else {
                model = name.split(separator: ".", maxSplits: 1).last.flatMap { ModelID(String($0)) }
            }
            guard let model else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + relative))
            found.append((relative, model, try JSONParser().parse(Array(data))))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// The translation with and without the reproduced fields (an error as its text).
    static func both(_ document: JSONValue, _ plan: MappingPlan, _ reverse: MappingPlan, _ reproduced: ReproducedFields?) -> (String, String) {
        func text(_ run: () throws -> (document: JSONValue, losses: LossReport)) -> String {
            do {
                let result = try run()
                return result.document.jsonText + "\n" + "\(result.losses)"
            } catch {
                return "error: \(error)"
            }
        }
        let full = text { try plan.translate(document, reverse: reverse, carrying: true, context: context) }
        let short = text { try plan.translate(document, reverse: reverse, carrying: true, reproduced: reproduced, context: context) }
        return (full, short)
    }

    @Test func everyShippedMappingCarriesTheSameForEveryFixture() throws {
        let catalog = try shippedCatalog()
        var compared = 0
        for fixture in try Self.fixtures() {
            for (id, reproduced) in catalog.reproductions where id.source == fixture.model {
                let plan = try #require(catalog.plans[id])
                let reverse = try #require(catalog.plans[MappingID(source: id.target, target: id.source)])
                let (full, short) = Self.both(fixture.document, plan, reverse, reproduced)
                #expect(full == short, "\(fixture.path) with \(id)")
                compared += 1
            }
        }
        #expect(compared >= 15)
    }

    @Test func theShippedRoundTripsReproduceMostFieldsAndTakeTheShortcut() throws {
        let catalog = try shippedCatalog()
        // Catena-X 9.0.0's attestation type is no longer a pair: the way home fills a default
        // when PACT states no coverage with a Catena-X type (Catena-X requires one).
        let cases: [(MappingID, String, Int)] = [
            (MappingID(source: .catenaX9, target: .pact3), "catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json", 35),
            (MappingID(source: .pact23, target: .pact3), "pact/examples/battery-module-v2.pact@2.3.0.json", 20),
        ]
        for (id, path, least) in cases {
            let reproduced = try #require(catalog.reproductions[id])
            #expect(reproduced.count >= least, "\(id): \(reproduced.count) fields reproduced")
            let plan = try #require(catalog.plans[id])
            let reverse = try #require(catalog.plans[MappingID(source: id.target, target: id.source)])
            let source = try JSONParser().parse(Array(Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Mappings/" + path))))
            let pivot = try plan.translate(source, reverse: nil, carrying: false, context: Self.context).document
            let patch = try reproduced.carry(source: source, pivot: pivot, reverse: reverse, context: Self.context)
            let rebuilt = try reverse.translate(pivot, reverse: nil, carrying: false, context: Self.context).document
            let expected = CarryPatch.diff(original: source, rebuilt: rebuilt)
            let found = try #require(patch, "\(path) needs the whole reverse run")
            #expect(found.data == expected.data)
        }
    }

    /// Documents changed at every place in the ways that break a reproduction: a field removed,
    /// null, a number with an exponent, a container of another shape, a second array element, an
    /// unknown member.
    @Test(arguments: [
        "catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json", "catenax/examples/battery-module.catenax-pcf@10.0.0.json",
        "pact/examples/battery-module-v2.pact@2.3.0.json", "catenax/examples/pp-compound.catenax-pcf@7.0.0.json",
    ])
    func changedDocumentsCarryTheSame(fixture: String) throws {
        let catalog = try shippedCatalog()
        let found = try #require(try Self.fixtures().first { $0.path == fixture })
        let id = MappingID(source: found.model, target: .pact3)
        let plan = try #require(catalog.plans[id])
        let reverse = try #require(catalog.plans[MappingID(source: .pact3, target: found.model)])
        let reproduced = try #require(catalog.reproductions[id])
        for (index, variant) in Self.variants(of: found.document).enumerated() {
            let (full, short) = Self.both(variant, plan, reverse, reproduced)
            #expect(full == short, "\(fixture) variant \(index): \(variant.jsonText)")
        }
    }

    /// One change per place of `document`, the kind of change taking turns.
    static func variants(of document: JSONValue) -> [JSONValue] {
        var pointers: [[String]] = []
        func collect(_ value: JSONValue, _ pointer: [String]) {
            if !pointer.isEmpty { pointers.append(pointer) }
            switch value {
            case .object(let members): for (key, member) in members { collect(member, pointer + [key]) }
            case .array(let elements): for (index, element) in elements.enumerated() { collect(element, pointer + [String(index)]) }
            default: break
            }
        }
        collect(document, [])
        pointers.sort { $0.lexicographicallyPrecedes($1) }
        var variants: [JSONValue] = []
        for (index, pointer) in pointers.enumerated() {
            let at = JSONPointer(tokens: pointer)
            guard let value = document[pointer: at] else { continue }
            var changed = document
            switch index % 6 {
            case 0:
                OutputWriter.remove(at: pointer[...], from: &changed)
            case 1:
                changed.set(.null, at: at)
            case 2:
                changed.set(.number(JSONNumber(text: "1.5E+2")!), at: at)
            case 3:
                changed.set(.object(["0": value]), at: at)
            case 4:
                changed.set(value.arrayValue.map { .array($0 + $0.prefix(1)) } ?? .array([value]), at: at)
            default:
                changed.set(value.objectValue.map { .object($0.merging(["unknownField": "x"]) { first, _ in first }) } ?? .string("text"), at: at)
            }
            variants.append(changed)
        }
        return variants
    }

    @Test func exponentsOtherShapesAndCarriedFieldsGiveWhatARunGives() throws {
        let forward = try plan("""
            rules:
              - to: /amount
                from: /groups/0/amount
                steps: [to-decimal-string]
              - to: /name
                from: /groups/0/name
            carry:
              into: /extensions
            """, source: "a@1.0.0", target: "b@1.0.0")
        let reverse = try plan("""
            rules:
              - to: /groups/0
                value: {}
                because: the group is always written
              - to: /groups/0/amount
                from: /amount
                steps: [to-number]
              - to: /groups/0/name
                from: /name
            restore:
              from: /extensions
            """, source: "b@1.0.0", target: "a@1.0.0")
        let reproduced = try #require(ReproducedFields(forward: forward, reverse: reverse))
        #expect(reproduced.count == 2, "the empty group above them only makes their container")
        #expect(reproduced.residual.count == 1)
        for text in [
            #"{"groups":[{"amount":1.50,"name":"n"}]}"#, #"{"groups":[{"amount":1.5E+1,"name":"n"}]}"#,
            #"{"groups":{"0":{"amount":1.50,"name":"n"}}}"#, #"{"groups":[{"amount":1.50},{"name":"second"}]}"#,
            #"{"groups":[{"name":null,"extra":true}],"other":[]}"#, #"{"groups":[]}"#, #"{}"#,
        ] {
            let (full, short) = Self.both(try json(text), forward, reverse, reproduced)
            #expect(full == short, "\(text)")
        }
        let shaped = try json(#"{"groups":{"0":{"amount":1.50,"name":"n"}}}"#)
        let pivot = try forward.translate(shaped, reverse: nil, carrying: false).document
        let patch = try #require(try reproduced.carry(source: shaped, pivot: pivot, reverse: reverse, context: [:]))
        #expect(patch.writes.map { PointerText.encode($0.pointer) } == ["/groups"], "an object member named 0 is read but rebuilt in an array")
        var carried = pivot
        carried.set(.array([["dataSchema": "https://tsunagu.dev/extensions/carry/a@1.0.0.json", "specVersion": "2.0.0", "data": ["set": ["/x": 1]]]]), at: JSONPointer(tokens: ["extensions"]))
        #expect(try reproduced.carry(source: shaped, pivot: carried, reverse: reverse, context: [:]) == nil, "carried fields in the pivot need the run")
    }

    /// Carried fields the forward mapping restores keep the shortcut unless they land at, above or
    /// below a pair's pivot field; either way the carry is what the whole reverse run gives.
    @Test func restoredFieldsTakeTheRunOnlyWhereTheyMeetAPairsPivotField() throws {
        let forward = try plan("""
            rules:
              - to: /pcf/amount
                from: /amount
                steps: [to-decimal-string]
              - to: /pcf/name
                from: /name
              - to: /note
                from: /comment
              - to: /pcf/items/0
                value: first
                because: the element before the pair's
              - to: /pcf/items/1
                from: /second
            carry:
              into: /extensions
            restore:
              from: /extensions
            """, source: "a@1.0.0", target: "b@1.0.0")
        let reverse = try plan("""
            rules:
              - to: /amount
                from: /pcf/amount
                steps: [to-number]
              - to: /name
                from: /pcf/name
              - to: /comment
                from: /note
                when: { path: /pcf/name, present: true }
              - to: /second
                from: /pcf/items/1
            carry:
              into: /extensions
            restore:
              from: /extensions
            """, source: "b@1.0.0", target: "a@1.0.0")
        let reproduced = try #require(ReproducedFields(forward: forward, reverse: reverse))
        #expect(reproduced.count == 3)
        let cases: [(data: String, keeps: Bool)] = [
            (#"{"set":{"/pcf/items/0":"x"}}"#, true),
            (#"{"remove":["/pcf/items/0"]}"#, false),
            (#"{"remove":["/pcf/items/+0"]}"#, false),
            (#"{"set":{"/other":1,"/pcf/unit":"kg"}}"#, true),
            (#"{"set":{"/pcf/name":"restored"}}"#, false),
            (#"{"set":{"/pcf":{"name":"whole"}}}"#, false),
            (#"{"set":{"/pcf/amount/x":1}}"#, false),
            (#"{"remove":["/pcf/name"]}"#, false),
            (#"{"remove":["/note"]}"#, true),
            (#"{"set":{"/-":1}}"#, false),
            (#"{"set":{"":{"note":"all"}}}"#, false),
        ]
        for (data, keeps) in cases {
            let patch = try #require(CarryPatch(data: try json(data)))
            #expect(reproduced.keepsPivotFields(restoring: patch) == keeps, "\(data)")
            let document = try json(#"{"amount":1.50,"name":"n","comment":"c","second":2,"extensions":[{"specVersion":"2.0.0","dataSchema":"https://tsunagu.dev/extensions/carry/b@1.0.0.json","data":"# + data + "}]}")
            let (full, short) = Self.both(document, forward, reverse, reproduced)
            #expect(full == short, "\(data)")
        }
    }

    @Test func fieldsAnotherRuleTouchesAreNotReproduced() throws {
        let forward = try plan("""
            rules:
              - to: /a
                from: /x
              - to: /b
                from: /y
              - to: /b
                from: /z
                when: { path: /b, present: false }
              - to: /c
                from: /w
                steps: [{ table: t }]
            tables:
              t:
                values: { p: q }
                unmatched: carry
            carry:
              into: /extensions
            """, source: "a@1.0.0", target: "b@1.0.0")
        let reverse = try plan("""
            rules:
              - to: /x
                from: /a
              - to: /x
                value: 1
                because: a second writer
                when: { path: /a, present: false }
              - to: /y
                from: /b
              - to: /w
                from: /c
            """, source: "b@1.0.0", target: "a@1.0.0")
        #expect(ReproducedFields(forward: forward, reverse: reverse) == nil, "two writers of /x, two of /b, a table step")
    }

    @Test func tablesThatMapEveryValueBackAreReproducedAndUnlistedValuesTakeTheRun() throws {
        let forward = try plan("""
            rules:
              - to: /unit
                from: /product/unit
                steps: [{ table: out }]
              - to: /units
                from: /product/units
                steps: [{ table: out }]
              - to: /name
                from: /product/name
            tables:
              out:
                values: { kg: kilogram, l: liter }
                unmatched: carry
            carry:
              into: /extensions
            """, source: "a@1.0.0", target: "b@1.0.0")
        let reverse = try plan("""
            rules:
              - to: /product/unit
                from: /unit
                steps: [{ table: back }]
              - to: /product/units
                from: /units
                steps: [{ table: back }]
              - to: /product/name
                from: /name
            tables:
              back:
                values: { kilogram: kg, liter: l, megajoule: MJ }
                unmatched: carry
            restore:
              from: /extensions
            """, source: "b@1.0.0", target: "a@1.0.0")
        let reproduced = try #require(ReproducedFields(forward: forward, reverse: reverse))
        #expect(reproduced.count == 3, "both table pairs and the plain copy")
        #expect(reproduced.residual.isEmpty)
        #expect(reproduced.watched.count == 2, "a table pair holds only while the value is listed")
        for text in [
            #"{"product":{"unit":"kg","units":["l","kg"],"name":"n"}}"#, #"{"product":{"unit":"MJ","units":["kg"]}}"#,
            #"{"product":{"unit":"kg","units":["kg","megabit"]}}"#, #"{"product":{"unit":null}}"#,
            #"{"product":{"unit":{"kg":1}}}"#, #"{"product":{"unit":1,"units":[]}}"#, #"{"product":{"units":[["kg"],true]}}"#,
            #"{"product":{"unit":"kg","extra":2}}"#, #"{"product":[]}"#, #"{}"#,
        ] {
            let (full, short) = Self.both(try json(text), forward, reverse, reproduced)
            #expect(full == short, "\(text)")
        }
    }

    @Test func tablesThatDoNotMapBackOrHaveNumberKeysAreLeftToTheRun() throws {
        for (out, back) in [
            ("{ kg: kilogram, l: liter }", "{ kilogram: kg }"),
            ("{ kg: kilogram, l: liter }", "{ kilogram: kg, liter: kg }"),
            ("{ '1': one }", "{ one: '1' }"),
            ("{ 'true': yes }", "{ yes: 'true' }"),
        ] {
            let forward = try plan("""
                rules:
                  - to: /unit
                    from: /unit
                    steps: [{ table: out }]
                tables:
                  out:
                    values: \(out)
                    unmatched: carry
                carry:
                  into: /extensions
                """, source: "a@1.0.0", target: "b@1.0.0")
            let reverse = try plan("""
                rules:
                  - to: /unit
                    from: /unit
                    steps: [{ table: back }]
                tables:
                  back:
                    values: \(back)
                    unmatched: carry
                """, source: "b@1.0.0", target: "a@1.0.0")
            #expect(ReproducedFields(forward: forward, reverse: reverse) == nil, "\(out) back through \(back)")
        }
    }
}
