import Foundation
import Testing
import TsunaguCore
import TsunaguMapping
import TsunaguSchema

/// Every official example translated into every other model gives a document that the target's
/// official JSON Schema accepts; whatever the target requires and the source lacks is filled by a
/// stated default that the loss report names (so the partner knows it was not sent).
@Suite("Outputs validate against the target's official schema")
struct TargetSchemaTests {

    /// The official examples and our Catena-X fixtures (our PACT and Ouranos fixtures use `piece`,
    /// which PACT v2 cannot express: the v2 host refuses those, see the conformance work).
    static let sources: [OfficialDocument] = Official.documents + Ours.documents.filter { $0.model != .ouranos3 }

    /// A filled-by-default entry each translation into `target` from `source` must list.
    static func expectedDefaults(from source: ModelID, to target: ModelID) -> [String] {
        var pointers: [String] = []
        if source == .ouranos3 { pointers += ["/created", "/pcf/referencePeriodStart", "/pcf/fossilCarbonContent"] }
        switch target {
        case .ouranos3: pointers += ["/plant/plantName", "/plant/plantAddress", "/parts/plantId"]
        case .catenaX9, .catenaX10:
            pointers += ["/pcfAssessmentAndMethodology/0/pcfMethodology/0/allocationInForeground/0/allocationWasteIncineration"]
            pointers += ["/pcfAssessmentAndMethodology/0/pcfMethodology/0/massBalancingInformation/0/massBalancingUsed"]
        case .catenaX7: pointers += ["/pcf/extTFS_allocationWasteIncineration"]
        default: break
        }
        return pointers
    }

    @Test("every official example → every other model validates against the target's schema", arguments: sources)
    func everyTargetAcceptsTheOutput(_ example: OfficialDocument) throws {
        let catalog = try shippedCatalog()
        let schemas = try shippedSchemas()
        let document = try example.load()
        var checked = 0
        for target in catalog.models where target != example.model {
            let translation = try catalog.translate(document, from: example.model, to: target)
            let losses = translation.losses
            #expect(losses.unfilled.isEmpty, "\(example.name) → \(target): required fields left empty: \(losses.unfilled)")
            #expect(losses.defaulted.allSatisfy { !($0.explanation ?? "").isEmpty }, "\(example.name) → \(target): a default without its reason")
            let defaulted = Set(losses.defaulted.map(\.pointer.description))
            for pointer in Self.expectedDefaults(from: example.model, to: target) {
                #expect(defaulted.contains(pointer), "\(example.name) → \(target): \(pointer) should be reported as filled by default; got \(defaulted.sorted())")
            }
            // Catena-X 8.0.0 has no schema in the reference set.
            guard let problems = schemas.validate(translation.document, model: target) else { continue }
            checked += 1
            #expect(problems.isEmpty, "\(example.name) → \(target): \(problems.map(\.description))")
        }
        #expect(checked >= 5, "\(example.name): only \(checked) targets had a schema")
    }

    @Test("our PACT v3 footprints (piece units, GxD extensions) validate in every Catena-X and Ouranos model", arguments: [
        "catenax/examples/battery-module.pact@3.0.0.json", "examples/gxd-product-based.pact3.json", "examples/gxd-organization-based.pact3.json",
    ])
    func ourPivotFootprintsReachEveryEcosystemModel(fixture: String) throws {
        let catalog = try shippedCatalog()
        let schemas = try shippedSchemas()
        let pivot = try Ours.document(fixture)
        for target in [ModelID.catenaX9, .catenaX10, .catenaX7, .ouranos3] {
            let translation = try catalog.translate(pivot, from: .pact3, to: target)
            let problems = try #require(schemas.validate(translation.document, model: target))
            #expect(problems.isEmpty, "\(fixture) → \(target): \(problems.map(\.description))")
            #expect(translation.losses.unfilled.isEmpty, "\(fixture) → \(target): \(translation.losses.unfilled)")
        }
    }

    @Test("a default that the carry extension overrides is not reported")
    func restoredValuesAreNotDefaults() throws {
        let catalog = try shippedCatalog()
        let example = try Official.catenaX9.load()
        let pivot = try catalog.translate(example, from: .catenaX9, to: .pact3).document
        let home = try catalog.translate(pivot, from: .pact3, to: .catenaX9)
        let pointer = "/pcfAssessmentAndMethodology/0/pcfMethodology/0/massBalancingInformation/0/massBalancingUsed"
        #expect(home.document[pointer: JSONPointer(stringLiteral: pointer)] == example[pointer: JSONPointer(stringLiteral: pointer)])
        #expect(!home.losses.defaulted.contains { $0.pointer.description == pointer }, "the partner's own value came home: \(home.losses.defaulted)")
    }

    @Test("the ids PACT requires are URNs and unique; other URIs are kept behind a prefix and come home unchanged")
    func catenaXIdsBecomePACTURNs() throws {
        let catalog = try shippedCatalog()
        let example = try Official.catenaX7.load()
        let pivot = try catalog.translate(example, from: .catenaX7, to: .pact3).document
        let ids = (pivot["productIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(!ids.isEmpty)
        #expect(ids.allSatisfy { $0.lowercased().hasPrefix("urn:") })
        #expect(Set(ids).count == ids.count, "productIds must be unique: \(ids)")
        #expect(ids.contains("urn:tsunagu:uri:telnet://192.0.2.16:80/"))
        let home = try catalog.translate(pivot, from: .pact3, to: .catenaX7).document
        #expect(home["productIds"] == example["productIds"])
    }
}
