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
        catalog = try MappingCatalog.load(directory: Self.root.appendingPathComponent("Mappings").path)
        footprints = try ["08-gxd-product-based-jp.json", "09-gxd-organization-based-jp.json"].map { name in
            try JSONParser().parse(Data(contentsOf: Self.root.appendingPathComponent("Demo/footprints/\(name)")))
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
            let missing = leaves.filter { leaf in !named.contains(where: { leaf.hasPrefix($0) }) }
            #expect(missing.isEmpty, "\(target): GxD fields neither mapped nor reported: \(missing)")
        }
    }
}
