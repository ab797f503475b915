import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping
import TsunaguSchema
import TsunaguTestSupport

/// Lossless means for any valid document, not only the fixtures: every fixture of a model with
/// mappings both ways, changed at random places in random ways (values of another type, exponents,
/// long digit strings, removed members, unknown members with pointer characters in their names,
/// extra array elements, values wrapped in arrays), either is refused with a ``MappingError`` or
/// comes home from the pivot unchanged when its model's schema accepts it (the gateway refuses
/// the others before translating). A pivot fixture does the same through PACT v2.3. Whatever the
/// schema says, a translation never does anything but answer or throw a ``MappingError``.
@Suite struct RoundTripPropertyTests {
    static let changesPerFixture = 100

    @Test func changedDocumentsComeHomeUnchangedOrAreRefused() throws {
        let catalog = try shippedCatalog()
        let schemas = try shippedSchemas()
        var random = SeededRandom(seed: 0x7473_756E_6167_75)
        var (accepted, refused, invalid, outdated) = (0, 0, 0, 0)
        for fixture in try ReproducedFieldsTests.fixtures() {
            let home = fixture.model == .pact3 ? ModelID.pact23 : fixture.model
            let (out, back) = fixture.model == .pact3 ? (ModelID.pact23, ModelID.pact3) : (MappingCatalog.pivot, fixture.model)
            guard catalog.route(from: fixture.model, to: out) != nil, catalog.route(from: out, to: back) != nil else { continue }
            for round in 0..<Self.changesPerFixture {
                var document = fixture.document
                var changes: [String] = []
                for _ in 0...(random.next() % 3) { changes.append(Self.change(&document, &random)) }
                let there: Translation
                do {
                    there = try catalog.translate(document, from: fixture.model, to: out, context: ReproducedFieldsTests.context)
                } catch {
                    refused += 1
                    continue
                }
                guard !schemas.validateFootprint(document, model: fixture.model).containsErrors else {
                    invalid += 1
                    continue
                }
                accepted += 1
                do {
                    let returned = try catalog.translate(there.document, from: out, to: back, context: ReproducedFieldsTests.context).document
                    // A change of what the way there derived from a field the document's own carry
                    // holds makes that carried field out of date: it is reported, not put back, and
                    // only the carry extension comes home different.
                    if !there.losses.outdated.isEmpty {
                        outdated += 1
                        let rest = Self.withoutCarries(returned) == Self.withoutCarries(document)
                        #expect(rest, "\(fixture.path) change \(round) (\(changes.joined(separator: "; "))): \(Self.first(difference: Self.withoutCarries(document), Self.withoutCarries(returned)))")
                        continue
                    }
                    let unchanged = returned == document
                    #expect(unchanged, "\(fixture.path) change \(round) via \(home) (\(changes.joined(separator: "; "))): \(Self.first(difference: document, returned))")
                } catch {
                    Issue.record("\(fixture.path) change \(round): the way back refused what the way there wrote: \(error)")
                }
            }
        }
        #expect(accepted >= 300, "\(accepted) valid changed documents came home, \(invalid) invalid ones translated, \(refused) refused")
        #expect(invalid >= 500 && refused > 0 && outdated > 0, "the changes reach past the schema, into refusals (\(refused)) and into outdated carries (\(outdated))")
    }

    /// The other direction loses what Catena-X and Ouranos cannot hold, and never silently: a
    /// valid pivot fixture, changed at random, taken to each of them and back, gives back every
    /// leaf (the same value, or the same number in a string) or the loss report of the way there
    /// names it (or a container above it). What a target writes, its own mapping reads back.
    @Test(arguments: [ModelID.catenaX9, .catenaX8, .catenaX10, .catenaX7, .ouranos3])
    func pivotLeavesComeBackOrAreReported(through target: ModelID) throws {
        let catalog = try shippedCatalog()
        let schemas = try shippedSchemas()
        var random = SeededRandom(seed: 0x70_6976_6F74 &+ UInt64(target.description.utf8.count))
        var checked = 0
        // A pivot that holds a carry for the target (the Ouranos stator) puts the carried fields
        // back, except those whose basis a change edited (see Mappings/README.md).
        for fixture in try ReproducedFieldsTests.fixtures() where fixture.model == .pact3 {
            for round in 0..<Self.changesPerFixture / 4 {
                var document = fixture.document
                var changes: [String] = []
                for _ in 0...(random.next() % 2) { changes.append(Self.change(&document, &random)) }
                guard !schemas.validateFootprint(document, model: .pact3).containsErrors,
                    let out = try? catalog.translate(document, from: .pact3, to: target, context: ReproducedFieldsTests.context)
                else { continue }
                let back: JSONValue
                do {
                    back = try catalog.translate(out.document, from: target, to: .pact3, context: ReproducedFieldsTests.context).document
                } catch {
                    Issue.record("\(fixture.path) change \(round) (\(changes.joined(separator: "; "))): \(target) refuses what the pivot gave it: \(error)")
                    continue
                }
                checked += 1
                let reported = out.losses.unmapped.map(\.pointer.tokens)
                // The pivot's carry for the target is consumed on the way there: what it held comes
                // back in the target's fields, or is reported as outdated.
                let silent = CarryPatch.lostLeaves(original: Self.withoutCarries(document, for: target), rebuilt: back).filter { leaf in
                    let pointer = JSONPointer(tokens: leaf.pointer)
                    return !Self.sameAmount(pointer, original: document, returned: back)
                        && !Self.staysInItsArray(leaf.pointer, leaf.value, returned: back)
                        && !reported.contains { MappingPlan.tokens(leaf.pointer, startWith: $0) }
                        && !(target == .ouranos3 && Self.ouranosKeepsElsewhere.contains { pointer.description.hasSuffix($0) })
                }
                #expect(silent.isEmpty, "\(fixture.path) change \(round) (\(changes.joined(separator: "; "))) → \(target): lost and not reported: \(silent.map { JSONPointer(tokens: $0.pointer).description })")
            }
        }
        #expect(checked >= 40, "\(checked) changed pivots went to \(target) and back")
    }

    /// Pivot values that Ouranos receives in fields its way back does not read into the same place:
    /// the DQR values travel as TeR/GeR/TiR, a GxD certificate's type as the certification's
    /// description and the GxD gate-to-gate emissions as the main production stage; they come home
    /// in the carry extension of the Ouranos document, not from the Ouranos document alone.
    static let ouranosKeepsElsewhere = [
        "/pcf/dqi/technologicalDQR", "/pcf/dqi/geographicalDQR", "/pcf/dqi/temporalDQR",
        "/data/certificate/certificateType", "/data/gateToGate/gateToGateFossilGhgEmissions",
    ]

    /// `document` without the carry extensions it holds (only those made for `model`'s fields, when given).
    static func withoutCarries(_ document: JSONValue, for model: ModelID? = nil) -> JSONValue {
        guard let extensions = document["extensions"]?.arrayValue else { return document }
        let prefix = "https://tsunagu.dev/extensions/carry/" + (model.map { "\($0).json" } ?? "")
        let kept = extensions.filter { $0["dataSchema"]?.stringValue?.hasPrefix(prefix) != true }
        var copy = document
        if kept.isEmpty && !extensions.isEmpty {
            _ = copy.remove(at: JSONPointer(tokens: ["extensions"]))
        } else {
            _ = copy.set(.array(kept), at: JSONPointer(tokens: ["extensions"]))
        }
        return copy
    }

    /// Whether a leaf inside an array came back somewhere in the same array: a target that holds
    /// one list where the pivot has several (rule names of several rule sets) or drops an element
    /// it reports (a standard it cannot spell) gives the others back at other indices.
    static func staysInItsArray(_ pointer: [String], _ value: JSONValue, returned: JSONValue) -> Bool {
        guard let index = pointer.firstIndex(where: { Int($0) != nil }) else { return false }
        let array = JSONPointer(tokens: Array(pointer[..<index]))
        guard let elements = returned[pointer: array] else { return false }
        return CarryPatch.lostLeaves(original: elements, rebuilt: nil).contains { $0.value == value }
    }

    /// Whether the value at `pointer` came back as the same amount: the same number in a decimal
    /// string of another scale, or (below `/pcf`) the same amount per declared unit when the
    /// declared unit amount was folded into the values (Ouranos values are per one unit).
    static func sameAmount(_ pointer: JSONPointer, original: JSONValue, returned: JSONValue) -> Bool {
        guard let before = original[pointer: pointer]?.stringValue.flatMap({ ExactDecimal(parsing: $0) }),
            let after = returned[pointer: pointer]?.stringValue.flatMap({ ExactDecimal(parsing: $0) })
        else { return false }
        if before.isNumericallyEqual(to: after) { return true }
        let amount = JSONPointer(tokens: ["pcf", "declaredUnitAmount"])
        guard pointer.tokens.first == "pcf", let unitsBefore = original[pointer: amount]?.stringValue.flatMap({ ExactDecimal(parsing: $0) }),
            let unitsAfter = returned[pointer: amount]?.stringValue.flatMap({ ExactDecimal(parsing: $0) }),
            let perUnitBefore = before.dividedExactly(by: unitsBefore), let perUnitAfter = after.dividedExactly(by: unitsAfter)
        else { return false }
        return perUnitBefore.isNumericallyEqual(to: perUnitAfter)
    }

    /// An empty extensions array is a value like any other: the pivot's comes back from PACT v2.3
    /// and PACT v2.2, and a v2 document's comes back from the pivot, without an empty carry
    /// extension in its place (the random changes found both).
    @Test(arguments: [
        ("pact/examples/solvent-drum.pact@3.0.0.json", ModelID.pact3, ModelID.pact23),
        ("pact/examples/solvent-drum.pact@3.0.0.json", .pact3, .pact22),
        ("pact/examples/battery-module-v2.pact@2.2.0.json", .pact22, .pact3),
        ("pact/examples/battery-module-v2.pact@2.3.0.json", .pact23, .pact3),
    ])
    func anEmptyExtensionsArrayComesHomeEmpty(fixture: String, model: ModelID, through other: ModelID) throws {
        let catalog = try shippedCatalog()
        var document = try JSONParser().parse(Array(try String(contentsOfFile: packageRoot + "/Mappings/" + fixture, encoding: .utf8).utf8))
        _ = document.set(.array([]), at: JSONPointer(tokens: ["extensions"]))
        let there = try catalog.translate(document, from: model, to: other, context: ReproducedFieldsTests.context)
        let back = try catalog.translate(there.document, from: other, to: model, context: ReproducedFieldsTests.context)
        #expect(back.document["extensions"] == .array([]), "\(back.document["extensions"]?.jsonText ?? "no extensions")")
        let unchanged = back.document == document
        #expect(unchanged, "\(Self.first(difference: document, back.document))")
    }

    /// Changes one randomly chosen place of `document` in one randomly chosen way, and says what
    /// it did.
    @discardableResult
    static func change(_ document: inout JSONValue, _ random: inout SeededRandom) -> String {
        // A carry extension is Tsunagu's own record of what a translation could not hold: the way
        // home consumes it, so changing its insides is not a partner's document.
        let all = document.places
        let carries = all.filter { $0.count >= 2 && Self.isCarry(document[pointer: JSONPointer(tokens: $0)]) }
        let places = all.filter { place in !carries.contains { place.starts(with: $0) } }
        let place = places[Int(random.next() % UInt64(places.count))]
        let current = document[pointer: JSONPointer(tokens: place)] ?? .null
        let replacements: [JSONValue] = [
            .null, .bool(true), .string("~/odd value"), .number(JSONNumber(text: "1.5E+3")!), .number(JSONNumber(text: "-0.000123456789012345678901")!),
            .string("42"), .object([:]), .array([]), .array([current]), .object(["x/y~z": current]),
        ]
        // Half the changes keep the type, so that many changed documents stay valid for their schema.
        if random.next() % 2 == 0, let kept = Self.sameType(as: current, &random) {
            _ = document.set(kept, at: JSONPointer(tokens: place))
            return "\(JSONPointer(tokens: place)) = \(kept.jsonText)"
        }
        let choice = Int(random.next() % UInt64(replacements.count + 3))
        let pointer = JSONPointer(tokens: place)
        switch choice {
        case replacements.count:
            guard !place.isEmpty, document.remove(at: pointer) != nil else { return "nothing" }
            return "removed \(pointer)"
        case replacements.count + 1:
            guard case .object = current else { return "nothing" }
            let name = "tsunagu/unknown~\(random.next() % 100)"
            _ = document.set(.string("unknown"), at: JSONPointer(tokens: place + [name]))
            return "added \(JSONPointer(tokens: place + [name]))"
        case replacements.count + 2:
            guard case .array(let elements) = current, let last = elements.last else { return "nothing" }
            _ = document.set(.array(elements + [last]), at: pointer)
            return "repeated the last element of \(pointer)"
        default:
            guard !place.isEmpty else { return "nothing" }
            _ = document.set(replacements[choice], at: pointer)
            return "\(pointer) = \(replacements[choice].jsonText)"
        }
    }

    /// Whether `value` is an extension whose `dataSchema` names a carry.
    static func isCarry(_ value: JSONValue?) -> Bool {
        value?["dataSchema"]?.stringValue?.hasPrefix("https://tsunagu.dev/extensions/carry/") == true
    }

    /// Another value of the type of `value`: a string with pointer characters or a number's text,
    /// a number with an exponent or more digits than a `Double` holds, the other boolean.
    static func sameType(as value: JSONValue, _ random: inout SeededRandom) -> JSONValue? {
        switch value {
        case .string(let text):
            return [.string(text + "~/x"), .string(""), .string("0.10"), .string(String(text.reversed()))][Int(random.next() % 4)]
        case .number:
            return [.number(JSONNumber(text: "2.5e-3")!), .number(JSONNumber(text: "12345678901234567890.123")!), .number(JSONNumber(text: "0")!)][Int(random.next() % 3)]
        case .bool(let flag):
            return .bool(!flag)
        default:
            return nil
        }
    }

    /// The first leaf where `expected` and `actual` differ, for the failure message.
    static func first(difference expected: JSONValue, _ actual: JSONValue) -> String {
        let lost = CarryPatch.lostLeaves(original: expected, rebuilt: actual).first
        let added = CarryPatch.lostLeaves(original: actual, rebuilt: expected).first
        if let lost { return "\(JSONPointer(tokens: lost.pointer)) was \(lost.value.jsonText), came home as \(actual[pointer: JSONPointer(tokens: lost.pointer)]?.jsonText ?? "nothing")" }
        if let added { return "\(JSONPointer(tokens: added.pointer)) came home as \(added.value.jsonText) and was not there" }
        return "the documents differ"
    }
}
