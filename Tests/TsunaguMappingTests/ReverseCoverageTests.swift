import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

/// The static view of a reverse mapping decides losses exactly as running it would.
@Suite struct ReverseCoverageTests {
    @Test func verdictsFollowWhatTheReverseWrites() throws {
        let reverse = try plan("""
            rules:
              - to: /specVersion
                value: "3.0.0"
                because: the reverse writes its own version
              - to: /name
                from: /label
              - to: /items
                each: /rows
                rules:
                  - to: ./x
                    from: ./x
              - to: /flag
                value: true
                because: only sometimes
                when: { path: /label, present: true }
            """, source: "b@1.0.0", target: "a@1.0.0")
        let coverage = ReverseCoverage(reverse: reverse)
        #expect(coverage.verdict(for: ["specVersion"], value: "3.0.0") == .rebuilt)
        #expect(coverage.verdict(for: ["specVersion"], value: "2.0.0") == .lost)
        #expect(coverage.verdict(for: ["comment"], value: "c") == .lost, "nothing writes there")
        #expect(coverage.verdict(for: ["name"], value: "n") == .unknown, "a copy depends on the document")
        #expect(coverage.verdict(for: ["items", "3", "y"], value: "v") == .unknown, "below an each anything may be written")
        #expect(coverage.verdict(for: ["flag"], value: true, holds: { _ in true }) == .rebuilt, "a constant whose condition holds on the output")
        #expect(coverage.verdict(for: ["flag"], value: true, holds: { _ in false }) == .lost, "a constant whose condition fails writes nothing")
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [
        "catenax/examples/battery-module.pact@3.0.0.json", "examples/gxd-product-based.pact3.json", "examples/gxd-organization-based.pact3.json",
        "catenax/examples/aluminium-housing.pact@3.0.0.json", "catenax/examples/pp-compound.pact@3.0.0.json", "ouranos/examples/motor-stator.pact@3.0.0.json",
    ])
    func theStaticViewGivesTheLossesARunGives(fixture: String) throws {
        let catalog = try MappingCatalog.load(directory: Self.root.appendingPathComponent("Mappings").path)
        let pivot = try JSONParser().parse(Array(Data(contentsOf: Self.root.appendingPathComponent("Mappings/" + fixture))))
        for target in [ModelID.catenaX9, .catenaX7, .catenaX10, .catenaX8, .ouranos3] {
            let id = MappingID(source: .pact3, target: target)
            let forward = try #require(catalog.plans[id])
            let reverse = catalog.plans[MappingID(source: target, target: .pact3)]
            let run = try forward.translate(pivot, reverse: reverse, carrying: true, context: ["now": "2026-01-01T00:00:00Z"]).losses
            let decided = try forward.translate(pivot, reverse: reverse, carrying: true, coverage: catalog.coverages[id], context: ["now": "2026-01-01T00:00:00Z"]).losses
            #expect(decided.unmapped.map(\.pointer) == run.unmapped.map(\.pointer), "\(fixture) → \(target)")
        }
    }
}
