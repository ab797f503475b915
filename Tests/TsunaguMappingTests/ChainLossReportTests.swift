import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

/// Through the pivot into a model without extensions, what the first step carried does not
/// arrive: the report lists those fields as lost under their own pointers, not as carried, and
/// not as the pivot's extension members.
@Suite struct ChainLossReportTests {
    @Test func fieldsCarriedIntoThePivotAreLostOnTheWayToCatenaX7() throws {
        let catalog = try shippedCatalog()
        let housing = try JSONParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Mappings/catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json"))))
        let toPivot = try catalog.translate(housing, from: .catenaX9, to: .pact3, context: ReproducedFieldsTests.context)
        #expect(toPivot.losses.carried.count == 20)
        let chain = try catalog.translate(housing, from: .catenaX9, to: .catenaX7, context: ReproducedFieldsTests.context)
        #expect(chain.document["extensions"] == nil)
        #expect(chain.losses.carried.isEmpty, "nothing carried arrives: \(chain.losses.carried.map(\.pointer.description))")
        let unmapped = chain.losses.unmapped
        #expect(!unmapped.contains { $0.pointer.description.hasPrefix("/extensions") }, "\(unmapped.map(\.pointer.description))")
        for carried in toPivot.losses.carried {
            let reported = unmapped.filter { $0.pointer.tokens.starts(with: carried.pointer.tokens) }
            #expect(!reported.isEmpty, "\(carried.pointer) is reported lost")
            #expect(reported.allSatisfy { $0.explanation?.contains("has no place for it") == true })
        }
    }
}
