import Foundation
import Testing
import TsunaguCore
@testable import TsunaguRelay

@Suite struct RoutingRulesFileTests {
    @Test func readsYAMLWithOriginsAndFallback() throws {
        let yaml = """
            fallback: none
            rules:
              - productIdPrefix: "urn:gtin:4012345"
                from: partner:pact-supplier
              - companyId: "1234567890123"
                classification: "un-cpc:4710"
                from: store
            """
        let rules = try RoutingRules.parse(yaml, file: "routing.yaml", knownPartners: ["pact-supplier"])
        #expect(rules.fallback == nil)
        #expect(rules.rules.map(\.source) == [.tenantStore, .partner("pact-supplier")])
        #expect(rules.rules.map(\.origin) == ["routing.yaml:5", "routing.yaml:3"])
        #expect(rules.route(ProductQuery(productIDs: ["urn:gtin:40123450001"]))?.source == .partner("pact-supplier"))
    }

    @Test func readsJSONToo() throws {
        let json = #"{"rules": [{"productIdPrefix": "urn:mpn:", "from": "partner:cx"}], "fallback": "partner:hub"}"#
        let rules = try RoutingRules.parse(json, file: "routing.json")
        #expect(rules.rules.first?.source == .partner("cx"))
        #expect(rules.fallback == .partner("hub"))
    }

    @Test func reportsEveryProblemWithItsLineAndPointer() {
        let yaml = """
            rules:
              - productIdPrefix: "urn:a"
              - from: store
              - productIdPrefix: ""
                from: warehouse
              - companyId: X
                from: partner:ghost
                colour: blue
            extra: 1
            """
        do {
            _ = try RoutingRules.parse(yaml, file: "r.yaml", knownPartners: ["real"])
            Issue.record("a broken file was accepted")
        } catch {
            let found = error.diagnostics.map { "\($0.line ?? 0) \($0.pointer?.description ?? "")" }
            #expect(found.contains("2 /rules/0"))
            #expect(found.contains("3 /rules/1"))
            #expect(found.contains("4 /rules/2/productIdPrefix"))
            #expect(found.contains("5 /rules/2/from"))
            #expect(found.contains("7 /rules/3/from"))
            #expect(found.contains("8 /rules/3/colour"))
            #expect(found.contains("9 /extra"))
            #expect(error.diagnostics.allSatisfy { $0.file == "r.yaml" })
            #expect(error.diagnostics.contains { $0.message.contains("no partner named 'ghost'") })
        }
    }

    @Test func aSyntaxErrorNamesItsLine() {
        do {
            _ = try RoutingRules.parse("rules:\n  - from: store\n    productIdPrefix: [unclosed\n", file: "bad.yaml")
            Issue.record("a broken file was accepted")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.line != nil)
            #expect(error.diagnostics.first?.message.hasPrefix("not valid YAML or JSON") == true)
        }
    }

    @Test func aMissingFileIsReportedWithItsPath() {
        do {
            _ = try RoutingRules.load(path: "/nonexistent/routing.yaml")
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.diagnostics.first?.file == "/nonexistent/routing.yaml")
        }
    }

    @Test func loadsAFileFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("routing-\(UUID().uuidString).yaml").path
        try "rules:\n  - classification: k\n    from: store\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rules = try RoutingRules.load(path: path)
        #expect(rules.rules.first?.origin == "\(path):2")
    }
}
