import Foundation
import Testing
import TsunaguCore
import TsunaguMapping

/// The Green x Digital Consortium extension through the shipped mappings: kept whole by PACT v2.3,
/// and each of its fields named in the loss report towards models without extensions.
@Suite struct GxDMappingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let catalog: MappingCatalog
    let footprints: [JSONValue]

    init() throws {
        catalog = try shippedCatalog()
        footprints = try Self.footprintTexts().map { try JSONParser().parse($0) }
    }

    /// The demo GxD footprints (English and Japanese `dataSchema`, both in GitHub's `blob` form), as text.
    static func footprintTexts() throws -> [String] {
        try ["08-gxd-product-based-jp.json", "09-gxd-organization-based-jp.json"].map { name in
            try String(contentsOf: root.appendingPathComponent("Demo/footprints/\(name)"), encoding: .utf8)
        }
    }

    /// Every leaf under the GxD extension's `data`, as document pointers.
    func gxdLeaves(of footprint: JSONValue) -> [String] {
        func leaves(_ value: JSONValue, _ pointer: JSONPointer) -> [String] {
            switch value {
            case .object(let members): members.flatMap { leaves($0.value, pointer.appending($0.key)) }
            case .array(let elements): elements.enumerated().flatMap { leaves($0.element, pointer.appending($0.offset)) }
            default: [pointer.description]
            }
        }
        return leaves(footprint[pointer: "/extensions/0/data"] ?? .null, "/extensions/0/data")
    }

    @Test func v3ToV23AndBackKeepsTheExtensionExactly() throws {
        for footprint in footprints {
            let v2 = try catalog.translate(footprint, from: .pact3, to: .pact23)
            #expect(v2.document["extensions"]?[0] == footprint["extensions"]?[0])
            let back = try catalog.translate(v2.document, from: .pact23, to: .pact3)
            #expect(back.document == footprint)
        }
    }

    @Test(arguments: [ModelID.catenaX9, .catenaX7, .ouranos3])
    func everyGxDFieldLeftBehindIsNamed(target: ModelID) throws {
        for footprint in footprints {
            let translation = try catalog.translate(footprint, from: .pact3, to: target)
            let named = Set((translation.losses.unmapped + translation.losses.carried).map(\.pointer.description))
            let leaves = gxdLeaves(of: footprint)
            #expect(!leaves.isEmpty)
            let mapped = target == .ouranos3 ? Self.mappedIntoOuranos : []
            let missing = leaves.filter { leaf in !mapped.contains(leaf) && !named.contains(where: { leaf.hasPrefix($0) }) }
            #expect(missing.isEmpty, "\(target): GxD fields neither mapped nor reported: \(missing)")
        }
    }

    /// The GxD fields with an Ouranos place: gate-to-gate emissions (own production) and the
    /// certificate type (the CFP certification). Catena-X has no place for any GxD field.
    static let mappedIntoOuranos: Set<String> = [
        "/extensions/0/data/gateToGate/gateToGateFossilGhgEmissions", "/extensions/0/data/certificate/certificateType",
    ]

    @Test func gateToGateAndCertificatesReachOuranos() throws {
        for footprint in footprints {
            let out = try catalog.translate(footprint, from: .pact3, to: .ouranos3).document
            let data = try #require(footprint[pointer: "/extensions/0/data"])
            let total = try #require(footprint[pointer: "/pcf/pcfExcludingBiogenicUptake"]?.stringValue.flatMap { ExactDecimal(parsing: $0) })
            let amount = try #require(footprint[pointer: "/pcf/declaredUnitAmount"]?.stringValue.flatMap { ExactDecimal(parsing: $0) })
            let gate = try #require(data[pointer: "/gateToGate/gateToGateFossilGhgEmissions"]?.stringValue.flatMap { ExactDecimal(parsing: $0) })
            let cfp = out["cfp"]?.arrayValue ?? []
            func stage(_ type: String) -> ExactDecimal? {
                cfp.first { $0["cfpType"] == .string(type) }?["ghgEmission"]?.numberValue?.decimal
            }
            let own = try #require(stage("mainProduction"))
            let upstream = try #require(stage("mainComponent"))
            #expect(own.isNumericallyEqual(to: try #require(gate.divided(by: amount, scale: 5, .up))), "own production is the gate-to-gate value per unit")
            #expect(upstream.isNumericallyEqual(to: try #require((total - gate).divided(by: amount, scale: 5, .up))), "the rest of the total is upstream")
            #expect(out[pointer: "/cfpCertification/cfpCertificationDescription"] == data[pointer: "/certificate/certificateType"])
            #expect(out[pointer: "/cfpCertification/cfpCertificationId"] == footprint["id"])
        }
    }

    @Test(arguments: [ModelID.catenaX9, .catenaX7, .catenaX10, .ouranos3])
    func theLossReportNamesExactlyTheGxDFieldsLeftBehind(target: ModelID) throws {
        for footprint in footprints {
            let translation = try catalog.translate(footprint, from: .pact3, to: target)
            let named = Set(translation.losses.unmapped.map(\.pointer.description).filter { $0.hasPrefix("/extensions/0/data/") })
            let mapped = target == .ouranos3 ? Self.mappedIntoOuranos : []
            #expect(named == Set(gxdLeaves(of: footprint)).subtracting(mapped), "\(target): named \(named.sorted())")
        }
    }

    /// Every `dataSchema` form the GxD index registers for a language (GitHub `blob`, both
    /// `raw.githubusercontent.com` forms) reaches Ouranos as the `blob` form does: the same split
    /// into own production and components, the same certification, the same losses.
    @Test func everyRegisteredSchemaURLGivesTheSameOuranosDocument() throws {
        let index = try JSONParser().parse(Data(contentsOf: Self.root.appendingPathComponent("Mappings/extensions/gxd/index.json")))
        for text in try Self.footprintTexts() {
            let footprint = try JSONParser().parse(text)
            let blob = try #require(footprint[pointer: "/extensions/0/dataSchema"]?.stringValue)
            let entry = try #require(index["schemas"]?.arrayValue?.first { $0["dataSchema"]?.arrayValue?.contains(.string(blob)) == true })
            let forms = (entry["dataSchema"]?.arrayValue ?? []).compactMap { $0.stringValue }
            #expect(forms.count == 3)
            let expected = try catalog.translate(footprint, from: .pact3, to: .ouranos3)
            for form in forms where form != blob {
                let variant = try JSONParser().parse(text.replacingOccurrences(of: blob, with: form))
                let translation = try catalog.translate(variant, from: .pact3, to: .ouranos3)
                #expect(translation.document == expected.document, "\(form)")
                #expect(Set(translation.losses.unmapped.map(\.pointer)) == Set(expected.losses.unmapped.map(\.pointer)), "\(form)")
                #expect(Set(translation.losses.defaulted.map(\.pointer)) == Set(expected.losses.defaulted.map(\.pointer)), "\(form)")
            }
        }
    }
}
