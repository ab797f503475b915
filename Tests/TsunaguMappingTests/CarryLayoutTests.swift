import Testing
import TsunaguCore
@testable import TsunaguMapping

/// A carry's layout is found once per shape and kept, and so are the pointers of a carry read on
/// the way home: a translation that uses kept ones gives what a fresh catalog gives, whatever
/// shapes came before it.
@Suite struct CarryLayoutTests {
    @Test func keptLayoutsGiveTheCarriesAFreshCatalogGives() async throws {
        let shared = try ReproducedFieldsTests.catalog()
        let fixtures = try ReproducedFieldsTests.fixtures()
        func text(_ catalog: MappingCatalog, _ document: JSONValue, _ id: MappingID) -> String {
            do {
                let result = try catalog.translate(document, from: id.source, to: id.target, context: ReproducedFieldsTests.context)
                return result.document.jsonText + "\n\(result.losses)"
            } catch {
                return "error: \(error)"
            }
        }
        var compared = 0
        var freshTexts: [String: String] = [:]
        // Twice through every fixture: the second round finds layouts kept in the first, or made
        // again after more shapes than are kept came in between.
        for round in 0..<2 {
            for fixture in fixtures {
                // Carries made (a plan with `carry:`) and carries read back (with `restore:`).
                let ids = shared.plans.keys.filter { id in
                    id.source == fixture.model && (shared.plans[id]?.carry != nil || shared.plans[id]?.restore != nil)
                }
                // A catalog that has seen no other document: what it keeps comes from this fixture.
                let fresh = round == 0 ? try ReproducedFieldsTests.catalog() : nil
                for id in ids {
                    let key = "\(fixture.path) with \(id)"
                    if let fresh { freshTexts[key] = text(fresh, fixture.document, id) }
                    #expect(text(shared, fixture.document, id) == freshTexts[key], "round \(round): \(key)")
                    compared += 1
                }
                // This test runs for seconds: let the loopback servers of tests alongside answer.
                await Task.yield()
            }
        }
        #expect(compared >= 60)
    }

    @Test func aLayoutIsKeptForThePointersItWasMadeFor() throws {
        let plan = try #require(try ReproducedFieldsTests.catalog().plans[MappingID(source: .catenaX9, target: .pact3)])
        let layouts = CarryLayouts()
        func patch(_ pointers: [[String]], remove: [[String]] = []) -> CarryPatch {
            var patch = CarryPatch()
            patch.writes = pointers.map { ($0, JSONValue.string("x")) }
            patch.remove = remove
            return patch
        }
        var made = 0
        func layout(_ patch: CarryPatch) -> CarryLayout {
            layouts.layout(of: patch, home: nil, outside: ["extensions"]) {
                made += 1
                return CarryLayout(of: patch, derived: plan.derivedFields, home: nil, outside: ["extensions"])
            }
        }
        let first = layout(patch([["general", "0", "pcfLegalStatement"], ["carbonContent", "0", "carbonContentTotal"]]))
        #expect(first.writeTexts == ["/general/0/pcfLegalStatement", "/carbonContent/0/carbonContentTotal"])
        _ = layout(patch([["general", "0", "pcfLegalStatement"], ["carbonContent", "0", "carbonContentTotal"]]))
        #expect(made == 1, "the same pointers find the kept layout")
        let other = layout(patch([["general", "0", "pcfLegalStatement"], ["carbonContent", "0", "fossilCarbonContent"]]))
        #expect(made == 2, "pointers of the same count but another field make their own layout")
        #expect(other.writeTexts == ["/general/0/pcfLegalStatement", "/carbonContent/0/fossilCarbonContent"])
        _ = layout(patch([["general", "0", "pcfLegalStatement"], ["carbonContent", "0", "carbonContentTotal"]], remove: [["general", "0", "comment"]]))
        #expect(made == 3, "a removal makes another layout")
        for index in 0..<CarryLayouts.capacity {
            _ = layout(patch([["general", "0", "field\(index)"]]))
        }
        _ = layout(patch([["general", "0", "pcfLegalStatement"], ["carbonContent", "0", "carbonContentTotal"]]))
        #expect(made == 4 + CarryLayouts.capacity, "the oldest layout gave way to newer shapes")
    }
}

extension CarryLayoutTests {
    @Test func aReadingIsKeptForTheTextsItWasMadeFrom() throws {
        let readings = CarryReadings()
        let texts = CarryReadings.Texts(writes: ["/a/0/b", "/c"], remove: ["/d"], places: ["/x"], fields: [["/a/0/b"]])
        let first = try #require(readings.reading(of: texts))
        #expect(first.writes == [["a", "0", "b"], ["c"]] && first.remove == [["d"]] && first.places == [["x"]] && first.fields == [[["a", "0", "b"]]])
        #expect(readings.reading(of: texts) === first, "the same texts find the kept reading")
        var other = texts
        other.fields = [["/c"]]
        #expect(readings.reading(of: other) !== first, "another field of a basis place is another reading")
        #expect(readings.reading(of: other)?.fields == [[["c"]]])
        #expect(readings.reading(of: CarryReadings.Texts(writes: ["no-slash"])) == nil, "text that is not a pointer is refused")
    }

    @Test func whatTheBasisDoesNotRecordIsFoundAgainOnlyForAPatchThatLostNothing() throws {
        let catalog = try ReproducedFieldsTests.catalog()
        let source = try #require(try ReproducedFieldsTests.fixtures().first { $0.model == .catenaX9 }).document
        let pivot = try catalog.translate(source, from: .catenaX9, to: .pact3).document
        // The same carry with its basis left out: every field the home rules write from a place is
        // then unrecorded, read after read.
        var bare = pivot
        let extensions = try #require(bare["extensions"]?.arrayValue)
        let index = try #require(extensions.firstIndex { $0["dataSchema"]?.stringValue?.contains("carry") == true })
        var carry = try #require(extensions[index].objectValue)
        var data = try #require(carry["data"]?.objectValue)
        data["basis"] = nil
        carry["data"] = .object(data)
        var edited = extensions
        edited[index] = .object(carry)
        let replaced = bare.set(.array(edited), at: JSONPointer(tokens: ["extensions"]))
        #expect(replaced)
        let once = try catalog.translate(bare, from: .pact3, to: .catenaX9).losses.outdated
        let again = try catalog.translate(bare, from: .pact3, to: .catenaX9).losses.outdated
        #expect(!once.isEmpty)
        #expect(once.map(\.pointer) == again.map(\.pointer))
        // The whole carry again, after the same texts were read without a basis: nothing is
        // unrecorded, as a fresh catalog finds.
        let whole = try catalog.translate(pivot, from: .pact3, to: .catenaX9)
        #expect(whole.losses.outdated.isEmpty)
        #expect(whole.document == source)
        // The same carry after a basis place changed: what that leaves out is found anew.
        var changed = pivot
        let moved = changed.set("FR", at: JSONPointer(tokens: ["pcf", "geographyCountry"]))
        #expect(moved)
        let found = try catalog.translate(changed, from: .pact3, to: .catenaX9).losses.outdated.map(\.pointer)
        let fresh = try ReproducedFieldsTests.catalog().translate(changed, from: .pact3, to: .catenaX9).losses.outdated.map(\.pointer)
        #expect(!found.isEmpty)
        #expect(found == fresh)
    }
}

extension CarryLayoutTests {
    /// Two documents of one shape whose carried member name is spelled with other Unicode code
    /// points (ü as one, or as u and a combining diaeresis): Swift calls the names equal, but each
    /// document's carry, and its way home, keeps its own spelling.
    @Test func eachDocumentKeepsItsOwnSpellingOfACarriedName() throws {
        let catalog = try ReproducedFieldsTests.catalog()
        let seed = try #require(try ReproducedFieldsTests.fixtures().first { $0.model == .catenaX9 }).document
        let spellings = ["Gr\u{FC}n", "Gru\u{308}n"]
        #expect(spellings[0] == spellings[1], "Swift's String calls them equal")
        for round in 0..<2 {
            for spelling in spellings {
                var source = seed
                let added = source.set("kept", at: JSONPointer(tokens: ["general", "0", spelling]))
                #expect(added)
                let pivot = try catalog.translate(source, from: .catenaX9, to: .pact3).document
                let carry = try #require(pivot["extensions"]?.arrayValue?.first { $0["dataSchema"]?.stringValue?.contains("carry") == true })
                let keys = try #require(carry["data"]?["set"]?.objectValue?.keys)
                #expect(keys.contains { Array($0.utf8) == Array("/general/0/\(spelling)".utf8) }, "round \(round): the carry spells \(Array(spelling.unicodeScalars))")
                let home = try catalog.translate(pivot, from: .pact3, to: .catenaX9).document
                let sameBytes = JSONWriter().bytes(home) == JSONWriter().bytes(source)
                #expect(sameBytes, "round \(round): \(Array(spelling.unicodeScalars)) comes home with its own spelling")
            }
        }
    }

    @Test func everyPlanHasAnIdentityOfItsOwn() throws {
        let first = try ReproducedFieldsTests.catalog()
        let second = try ReproducedFieldsTests.catalog()
        let identities = (Array(first.plans.values) + Array(second.plans.values)).map(\.derivedFields.identity)
        #expect(Set(identities).count == identities.count, "no two plans share one, even from two loads of the same files")
        let plan = try #require(first.plans.values.first)
        #expect(plan.derivedFields.identity == plan.derivedFields.identity)
    }

    @Test func aCarryOfMoreEditsThanAreKeptIsLaidOutAnewEachTime() throws {
        let plan = try #require(try ReproducedFieldsTests.catalog().plans[MappingID(source: .catenaX9, target: .pact3)])
        let layouts = CarryLayouts()
        var patch = CarryPatch()
        patch.writes = (0...CarryLayouts.largestKept).map { (["general", "0", "field\($0)"], JSONValue.string("x")) }
        var made = 0
        for _ in 0..<2 {
            let layout = layouts.layout(of: patch, home: nil, outside: ["extensions"]) {
                made += 1
                return CarryLayout(of: patch, derived: plan.derivedFields, home: nil, outside: ["extensions"])
            }
            #expect(layout.writeKeys.count == patch.writes.count)
        }
        #expect(made == 2, "a partner's document of any size is not kept")
        let readings = CarryReadings()
        let texts = CarryReadings.Texts(writes: (0...CarryReadings.largestKept).map { "/general/0/field\($0)" })
        let first = try #require(readings.reading(of: texts))
        #expect(readings.reading(of: texts) !== first)
    }
}
