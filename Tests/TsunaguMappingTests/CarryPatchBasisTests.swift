import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

/// A carry records what the translation there derived from its fields; a carried field whose
/// basis was edited since is reported as outdated and not put back over the edit.
@Suite struct CarryPatchBasisTests {
    static let context: [String: JSONValue] = ["now": "2026-01-01T00:00:00Z"]

    static func stator() throws -> JSONValue {
        try JSONParser().parse(Array(try String(contentsOfFile: packageRoot + "/Mappings/ouranos/examples/motor-stator.pact@3.0.0.json", encoding: .utf8).utf8))
    }

    static func stages(_ ouranos: JSONValue) -> [ExactDecimal] {
        (ouranos["cfp"]?.arrayValue ?? []).compactMap { $0["ghgEmission"]?.numberValue?.decimal }
    }

    @Test func anEditedTotalWinsOverTheCarriedStageValues() throws {
        let catalog = try shippedCatalog()
        let original = try Self.stator()
        let unedited = try catalog.translate(original, from: .pact3, to: .ouranos3, context: Self.context)
        #expect(unedited.losses.outdated.isEmpty)
        #expect(Self.stages(unedited.document).reduce(.zero, +).isNumericallyEqual(to: ExactDecimal(parsing: "20.84785")!), "the carried stage values")

        var edited = original
        _ = edited.set("58748.02", at: JSONPointer(tokens: ["pcf", "pcfExcludingBiogenicUptake"]))
        let translation = try catalog.translate(edited, from: .pact3, to: .ouranos3, context: Self.context)
        #expect(Self.stages(translation.document).reduce(.zero, +).isNumericallyEqual(to: ExactDecimal(parsing: "58748.02")!), "the stages follow the new total")
        let outdated = translation.losses.outdated.map(\.pointer.description)
        #expect(outdated == ["/cfp/0/ghgEmission", "/cfp/1/ghgEmission", "/cfp/2/ghgEmission", "/cfp/3/ghgEmission"])
        #expect(translation.losses.outdated.allSatisfy { $0.explanation?.contains("/pcf/pcfExcludingBiogenicUptake changed since it was carried") == true })
        #expect(!translation.losses.isLossless)
    }

    @Test func anEditElsewhereKeepsEveryCarriedField() throws {
        let catalog = try shippedCatalog()
        let original = try Self.stator()
        var edited = original
        _ = edited.set("Deprecated", at: JSONPointer(tokens: ["status"]))
        let before = try catalog.translate(original, from: .pact3, to: .ouranos3, context: Self.context)
        let after = try catalog.translate(edited, from: .pact3, to: .ouranos3, context: Self.context)
        #expect(after.losses.outdated.isEmpty)
        #expect(Self.stages(after.document) == Self.stages(before.document))
        #expect(after.document["parts"]?["partsName"] == before.document["parts"]?["partsName"])
    }

    @Test func theBasisTravelsInTheExtensionAndAMalformedOneIsRefused() throws {
        var patch = CarryPatch()
        patch.writes = [(["cfp", "0", "ghgEmission"], .number(JSONNumber(text: "0.8")!))]
        patch.basis = [CarryPatch.Basis(place: ["pcf", "a/b"], value: "1.50", fields: [["cfp", "0", "ghgEmission"]]), CarryPatch.Basis(place: ["x"], value: nil, fields: [["y~z"]])]
        let read = try #require(CarryPatch(data: patch.data))
        #expect(read.basis == patch.basis)
        #expect(patch.data["basis"]?[1]?["value"] == nil, "an absent value is written as no member")
        for broken: JSONValue in [["basis": "x"], ["basis": [["place": 1, "fields": []]]], ["basis": [["place": "nope", "fields": []]]], ["basis": [["place": "/a"]]]] {
            #expect(CarryPatch(data: broken) == nil, "\(broken.jsonText)")
        }
    }

    @Test func aChangedDocumentLosesTheCarriedValuesItsChangeMadeOutdated() throws {
        let stator = try Self.stator()
        #expect(OutdatedCarries.removed(from: stator).document == stator, "an unchanged document keeps its carry")
        #expect(OutdatedCarries.removed(from: stator).fields.isEmpty)

        var rounded = stator
        _ = rounded.set("21", at: JSONPointer(tokens: ["pcf", "pcfExcludingBiogenicUptake"]))
        let pruned = OutdatedCarries.removed(from: rounded)
        #expect(pruned.fields.map(\.field.description) == ["/cfp/0/ghgEmission", "/cfp/1/ghgEmission", "/cfp/2/ghgEmission", "/cfp/3/ghgEmission"])
        #expect(pruned.fields.allSatisfy { $0.dataSchema == "https://tsunagu.dev/extensions/carry/ouranos-cfp@3.0.0.json" })
        let carried = try #require(pruned.document[pointer: "/extensions/0/data/set"]?.objectValue)
        #expect(carried["/cfp/1/ghgEmission"] == nil)
        #expect(carried["/plant/plantName"] == "刈谷第二工場", "a carried value no change touched stays")
        #expect(pruned.document[pointer: "/pcf/pcfExcludingBiogenicUptake"] == "21")
        // The basis entry of the changed place recorded the exact total: it goes too.
        let places = pruned.document[pointer: "/extensions/0/data/basis"]?.arrayValue?.compactMap { $0["place"]?.stringValue }
        #expect(places == [
            "/id", "/pcf/declaredUnitAmount", "/pcf/dqi", "/pcf/dqi/geographicalDQR", "/pcf/dqi/technologicalDQR", "/pcf/dqi/temporalDQR",
            "/pcf/fossilGhgEmissions", "/pcf/pcfIncludingBiogenicUptake", "/productIds", "/productNameCompany",
        ])
    }

    @Test func aCarryLeftEmptyIsRemovedAndOtherExtensionsStay() throws {
        let carry: JSONValue = [
            "specVersion": "2.0.0", "dataSchema": "https://tsunagu.dev/extensions/carry/ouranos-cfp@3.0.0.json",
            "data": ["set": ["/a": 1], "basis": [["place": "/pcf/x", "value": "1", "fields": ["/a"]]]],
        ]
        let notice: JSONValue = ["specVersion": "2.0.0", "dataSchema": "https://example.com/notice.json", "data": ["notice": "hi"]]
        let malformed: JSONValue = ["specVersion": "2.0.0", "dataSchema": "https://tsunagu.dev/extensions/carry/pact@2.3.0.json", "data": "not a patch"]
        let alone: JSONValue = ["pcf": ["x": "2"], "extensions": [carry]]
        #expect(OutdatedCarries.removed(from: alone).document == ["pcf": ["x": "2"]], "the emptied carry and the array it leaves empty go")
        let shared: JSONValue = ["pcf": ["x": "2"], "extensions": [notice, carry, malformed]]
        #expect(OutdatedCarries.removed(from: shared).document == ["pcf": ["x": "2"], "extensions": [notice, malformed]])
        let kept: JSONValue = ["pcf": ["x": "1"], "extensions": [carry]]
        #expect(OutdatedCarries.removed(from: kept).document == kept, "a basis that still holds keeps the carried value")
        // A basis entry naming no field (a partner's, say) still recorded the earlier value: it goes.
        let fieldless: JSONValue = [
            "specVersion": "2.0.0", "dataSchema": "https://tsunagu.dev/extensions/carry/ouranos-cfp@3.0.0.json",
            "data": ["set": ["/a": 1], "basis": [["place": "/pcf/x", "value": "1.23456", "fields": []]]],
        ]
        let pruned = OutdatedCarries.removed(from: ["pcf": ["x": "1.2"], "extensions": [fieldless]]).document
        #expect(!pruned.jsonText.contains("1.23456"), "\(pruned.jsonText)")
        #expect(pruned[pointer: "/extensions/0/data/set/~1a"] == 1, "the carried value nothing derives from stays")
    }

    /// A document may hold the carry of one model in several extensions (two journeys' carries
    /// joined): the basis of each counts.
    @Test func theBasisOfASecondCarryExtensionCountsToo() throws {
        let catalog = try shippedCatalog()
        var stator = try Self.stator()
        let carry = try #require(stator["extensions"]?[0])
        let set = try #require(carry[pointer: "/data/set"]?.objectValue)
        let stages = set.filter { $0.key.hasSuffix("/ghgEmission") }
        var first = carry
        _ = first.set(["set": .object(set.filter { !$0.key.hasSuffix("/ghgEmission") })], at: "/data")
        var second = carry
        _ = second.set(["set": .object(stages), "basis": carry[pointer: "/data/basis"] ?? []], at: "/data")
        _ = stator.set([first, second], at: "/extensions")
        _ = stator.set("58748.02", at: JSONPointer(tokens: ["pcf", "pcfExcludingBiogenicUptake"]))
        let translation = try catalog.translate(stator, from: .pact3, to: .ouranos3, context: Self.context)
        #expect(translation.losses.outdated.map(\.pointer.description) == ["/cfp/0/ghgEmission", "/cfp/1/ghgEmission", "/cfp/2/ghgEmission", "/cfp/3/ghgEmission"])
        #expect(Self.stages(translation.document).reduce(.zero, +).isNumericallyEqual(to: ExactDecimal(parsing: "58748.02")!), "the stages follow the new total")
    }
}
