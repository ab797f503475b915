import Foundation
import Testing
import TsunaguCore
import TsunaguPolicy
import TsunaguRelay
@testable import TsunaguGateway

/// A usage notice is the condition a footprint was released under: rendered into a model without
/// extensions (Catena-X, Ouranos) it would be lost, so the footprint is not released there.
@Suite struct RelayNoticeTests {
    func steps() throws -> RelaySteps { try RelayStepsFixture.steps() }

    func footprint(withNotice: Bool) throws -> RelayDocument {
        var json = try RelayStepsFixture.json("Mappings/catenax/examples/aluminium-housing.pact@3.0.0.json")
        if withNotice {
            var extensions = json["extensions"]?.arrayValue ?? []
            extensions.append([
                "specVersion": "2.0.0", "dataSchema": .string(Obligation.noticeSchemaURL),
                "data": ["notice": "For the recipient's own Scope 3 reporting only.", "policy": "acme-notice"],
            ])
            json.set(.array(extensions), at: "/extensions")
        }
        return RelayDocument(json: json, model: .pact3)
    }

    @Test(arguments: [ModelID.catenaX9, .ouranos3])
    func aNoticeAModelCannotCarryWithholdsTheFootprint(_ model: ModelID) throws {
        let event = try steps().render(footprint(withNotice: true), into: model)
        guard case .reject(let rejection) = event else {
            Issue.record("expected a rejection, got \(event)")
            return
        }
        #expect(rejection.reason == .policyProhibited)
        #expect(rejection.message.contains("has no place for"), "\(rejection.message)")
    }

    @Test func withoutANoticeOrIntoAModelWithExtensionsTheFootprintIsRendered() throws {
        let steps = try steps()
        guard case .rendered = steps.render(try footprint(withNotice: false), into: .catenaX9) else {
            Issue.record("a footprint without a notice should render into Catena-X")
            return
        }
        guard case .rendered(let rendered, _) = steps.render(try footprint(withNotice: true), into: .pact23) else {
            Issue.record("PACT v2.3 has extensions: the notice travels")
            return
        }
        #expect(rendered.json["extensions"]?.arrayValue?.contains { $0["dataSchema"]?.stringValue == Obligation.noticeSchemaURL } == true)
    }
}
