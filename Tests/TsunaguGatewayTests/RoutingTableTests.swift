import Foundation
import Testing
import TsunaguCore
import TsunaguGateway
import TsunaguRelay

/// The routing rules are loaded again on `SIGHUP`: a good folder is swapped in whole, a broken
/// file is refused and the rules in force stay.
@Suite struct RoutingTableTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-routing-\(UUID().uuidString)").path
    let query = ProductQuery(productIDs: ["urn:tsunagu:test:cell-1"])

    func write(_ text: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: folder + "/acme.yaml", atomically: true, encoding: .utf8)
    }

    @Test func aReloadSwapsGoodRulesInAndRefusesBrokenOnes() throws {
        try write("""
            rules:
              - productIdPrefix: "urn:tsunagu:test:"
                from: partner:first
            """)
        let table = RoutingTable(try RelayRouting.load(folder: folder))
        #expect(table.current.rules(for: "acme").route(query)?.source == .partner("first"))

        try write("""
            rules:
              - productIdPrefix: "urn:tsunagu:test:"
                from: partner:second
            """)
        #expect(table.reload(folder: folder).isEmpty)
        #expect(table.current.rules(for: "acme").route(query)?.source == .partner("second"))

        try write("""
            rules:
              - productIdPrefix: "urn:tsunagu:test:"
                from: nowhere
                colour: blue
            """)
        let problems = table.reload(folder: folder)
        #expect(problems.containsErrors)
        #expect(problems.contains { $0.file?.hasSuffix("acme.yaml") == true && $0.line != nil }, "\(problems.map(\.description))")
        #expect(table.current.rules(for: "acme").route(query)?.source == .partner("second"), "the last good rules stay in force")
    }

    /// A routing path that exists but is not a readable folder is an error, not "no rules" (which
    /// would serve every footprint from the tenants' own stores).
    @Test func aRoutingPathThatIsNotAFolderIsAnError() throws {
        try FileManager.default.createDirectory(atPath: (folder as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "not a folder".write(toFile: folder, atomically: true, encoding: .utf8)
        #expect(throws: DiagnosticsError.self) { try RelayRouting.load(folder: folder) }
        #expect(try RelayRouting.load(folder: folder + "-missing").rules(for: "acme").route(query)?.source == .tenantStore)
    }
}
