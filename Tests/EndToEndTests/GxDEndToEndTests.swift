import Foundation
import Testing
import TsunaguCore
import TsunaguGateway

/// A Green x Digital Consortium footprint imported, then served over v2 and v3 with its extension intact.
@Suite(.serialized) struct GxDEndToEndTests {
    @Test func theGxDExtensionTravelsIntactThroughBothVersions() async throws {
        let gateway = try await TestGateway.start()
        for file in ["08-gxd-product-based-jp.json", "09-gxd-organization-based-jp.json"] {
            let original = try JSONParser().parse(Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.demoFootprints + "/" + file)))
            let id = try #require(original["id"]?.stringValue)
            let extensions = try #require(original["extensions"])
            try await gateway.sessionKeepingGateway { client, token in
                for version in ["2", "3"] {
                    let get = try await client.call(.GET, "/\(version)/footprints/\(id)", headers: ["Authorization": "Bearer \(token)"])
                    #expect(get.status == 200, "\(file) v\(version): \(get.text)")
                    let served = get.body?["data"]?["extensions"]?.arrayValue?.filter { $0["dataSchema"]?.stringValue?.contains("GxD") == true }
                    #expect(served == extensions.arrayValue, "\(file) over v\(version)")
                }
            }
        }
        await gateway.stop()
    }
}
