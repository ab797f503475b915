import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

/// A carried field stands in for what the home rules would write; it is put back only while the
/// pivot places those rules read still hold what the carry recorded. An edit of any of them (not
/// only of the fields derived from the carried one) wins, and a carry that recorded nothing for a
/// place its field is written from (an old carry, or one not made by a translation) is not trusted.
@Suite struct CarryBasisOfHomeRulesTests {
    static let context: [String: JSONValue] = ["now": "2026-01-01T00:00:00Z"]

    static func document(_ relative: String) throws -> JSONValue {
        try JSONParser().parse(Array(try String(contentsOfFile: packageRoot + "/Mappings/" + relative, encoding: .utf8).utf8))
    }

    /// Ouranos states each stage per unit: the home rules divide the total by the declared amount.
    /// Doubling the amount must halve what comes back, not restore the stage values carried for
    /// one unit.
    @Test func anEditedDeclaredAmountWinsOverTheCarriedStageValues() throws {
        let catalog = try shippedCatalog()
        let ouranos = try Self.document("ouranos/examples/motor-stator.ouranos-cfp@3.0.0.json")
        var pivot = try catalog.translate(ouranos, from: .ouranos3, to: .pact3, context: Self.context).document
        let places = (pivot[pointer: "/extensions/0/data/basis"]?.arrayValue ?? []).compactMap { $0["place"]?.stringValue }
        #expect(places.contains("/pcf/declaredUnitAmount"), "the home rules read the amount: \(places)")
        let amount = try #require(pivot[pointer: "/pcf/declaredUnitAmount"]?.stringValue.flatMap { ExactDecimal(parsing: $0) })

        _ = pivot.set(.string((amount * ExactDecimal(parsing: "2")!).description), at: "/pcf/declaredUnitAmount")
        let home = try catalog.translate(pivot, from: .pact3, to: .ouranos3, context: Self.context)
        let outdated = home.losses.outdated.filter { $0.pointer.description.hasSuffix("/ghgEmission") }
        #expect(!outdated.isEmpty)
        #expect(outdated.allSatisfy { $0.explanation?.contains("/pcf/declaredUnitAmount changed since it was carried") == true })
        let total = try #require(pivot[pointer: "/pcf/pcfExcludingBiogenicUptake"]?.stringValue.flatMap { ExactDecimal(parsing: $0) })
        let stages = (home.document["cfp"]?.arrayValue ?? []).compactMap { $0["ghgEmission"]?.numberValue?.decimal }
        let perUnit = stages.reduce(ExactDecimal.zero, +)
        // The rules round each stage up to five decimals: the sum is the total per unit, or just above.
        let exact = try #require(total.divided(by: amount * ExactDecimal(parsing: "2")!, scale: 5, .up))
        #expect(perUnit.isNumericallyEqual(to: exact), "per unit: \(perUnit), expected \(exact)")
        #expect(!home.losses.isLossless)
    }

    /// An extension that claims to be a Catena-X carry but recorded no basis cannot replace the
    /// headline value the rules write from the pivot's own PCF.
    @Test func aCarryWithoutABasisDoesNotReplaceWhatTheRulesWrite() throws {
        let catalog = try shippedCatalog()
        var pivot = try Self.document("catenax/examples/aluminium-housing.pact@3.0.0.json")
        let headline = "/productLifeCycleStagesAndEmissions/0/productionStage/0/pcfExcludingBiogenicUptake"
        let honest = try catalog.translate(pivot, from: .pact3, to: .catenaX9, context: Self.context)
        #expect(honest.losses.outdated.isEmpty, "a carry made by a translation is trusted")
        let written = honest.document[pointer: JSONPointer(stringLiteral: headline)]

        _ = pivot.set(.object(["set": .object([headline: .number(JSONNumber(text: "0.0001")!)])]), at: "/extensions/0/data")
        let forged = try catalog.translate(pivot, from: .pact3, to: .catenaX9, context: Self.context)
        #expect(forged.document[pointer: JSONPointer(stringLiteral: headline)] == written)
        let entry = try #require(forged.losses.outdated.first { $0.pointer.description == headline })
        #expect(entry.explanation?.contains("did not record /pcf/pcfExcludingBiogenicUptake") == true, "\(entry.explanation ?? "")")
    }
}
