import Foundation
import Testing
import TsunaguCore
@testable import TsunaguMapping

@Suite struct MappingCatalogTests {
    /// A directory of `files`, with a schema for each of the test models x@1, y@1 and z@1 (a model
    /// Tsunagu does not ship is mapped only once its schema is there).
    static func temporaryDirectory(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-catalog-\(UUID().uuidString)")
        let schemas = ["x@1", "y@1", "z@1"].map { ("schemas/\($0).schema.json", #"{"type": "object"}"#) }
        for (name, text) in files.merging(schemas, uniquingKeysWith: { file, _ in file }) {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory.path
    }

    static let toPivot = "source: x@1\ntarget: pact@3.0.0\nrules:\n  - to: /v\n    from: /x\n"
    static let fromPivot = "source: pact@3.0.0\ntarget: y@1\nrules:\n  - to: /y\n    from: /v\n"
    static let direct = "source: x@1\ntarget: y@1\nrules:\n  - to: /direct\n    from: /x\n"

    @Test func composesThroughThePivotAndPrefersADirectMapping() throws {
        let composed = try MappingCatalog.load(directory: Self.temporaryDirectory(["a/x.mapping.yaml": Self.toPivot, "b/y.mapping.yaml": Self.fromPivot]))
        #expect(composed.models.map(\.description) == ["pact@3.0.0", "x@1", "y@1"])
        let x = try #require(ModelID("x@1"))
        let y = try #require(ModelID("y@1"))
        #expect(composed.route(from: x, to: y)?.map(\.description) == ["x@1->pact@3.0.0", "pact@3.0.0->y@1"])
        #expect(composed.route(from: y, to: x) == nil)
        #expect(composed.route(from: x, to: x) == [])
        let translation = try composed.translate(json(#"{"x":"0.10"}"#), from: x, to: y)
        #expect(translation.document.jsonText == #"{"y":"0.10"}"#)
        #expect(translation.steps.map(\.id.description) == ["x@1->pact@3.0.0", "pact@3.0.0->y@1"])
        #expect(translation.steps.allSatisfy { $0.contentHash.count == 16 })

        let withDirect = try MappingCatalog.load(directory: Self.temporaryDirectory([
            "x.mapping.yaml": Self.toPivot, "y.mapping.yaml": Self.fromPivot, "xy.mapping.yaml": Self.direct,
        ]))
        #expect(withDirect.route(from: x, to: y)?.map(\.description) == ["x@1->y@1"])
    }

    @Test func noRouteSaysWhichModelsExist() throws {
        let catalog = try MappingCatalog.load(directory: Self.temporaryDirectory(["x.mapping.yaml": Self.toPivot]))
        #expect { try catalog.translate(.object([:]), from: .pact3, to: .catenaX9) } throws: { error in
            (error as? MappingError)?.message.contains("no mapping from pact@3.0.0 to catenax-pcf@9.0.0") == true
        }
    }

    @Test func aBrokenFileFailsTheLoadWithEveryProblemOfEveryFile() throws {
        let directory = try Self.temporaryDirectory([
            "good.mapping.yaml": Self.toPivot,
            "bad1.mapping.yaml": "source: x@1\ntarget: z@1\nrules:\n  - to: /a\n    value: 1\n",
            "bad2.mapping.yaml": "source: y@1\ntarget: z@1\nrules:\n  - to: /a\n    from: /a\n    steps: [nope]\n",
            "again.mapping.yaml": Self.toPivot,
            "notes.yaml": "this is not a mapping: [",
        ])
        #expect { try MappingCatalog.load(directory: directory) } throws: { error in
            guard let diagnostics = (error as? DiagnosticsError)?.diagnostics else { return false }
            let byFile = Dictionary(grouping: diagnostics) { ($0.file as NSString?)?.lastPathComponent ?? "" }
            return byFile.keys.sorted() == ["bad1.mapping.yaml", "bad2.mapping.yaml", "good.mapping.yaml"]
                && byFile["bad1.mapping.yaml"]?.first?.line == 4
                && byFile["bad2.mapping.yaml"]?.first?.line == 6
                && byFile["good.mapping.yaml"]?.first?.message.contains("a second mapping for x@1->pact@3.0.0") == true
        }
    }

    @Test func aModelWithoutSchemaIsRefusedAtItsLineNamingTheKnownModels() throws {
        let directory = try Self.temporaryDirectory([
            "typo.mapping.yaml": "source: pact@3.0.0\ntarget: catenax-pcf@9.0\nrules:\n  - to: /a\n    from: /id\n",
            "new.mapping.yaml": "source: pact@3.0.0\ntarget: w@2\nrules:\n  - to: /a\n    from: /id\n",
        ])
        #expect { try MappingCatalog.load(directory: directory) } throws: { error in
            guard let diagnostics = (error as? DiagnosticsError)?.diagnostics else { return false }
            let byFile = Dictionary(grouping: diagnostics) { ($0.file as NSString?)?.lastPathComponent ?? "" }
            let typo = byFile["typo.mapping.yaml"]?.first
            return typo?.line == 2 && typo?.message.contains("unknown model 'catenax-pcf@9.0'") == true
                && typo?.message.contains("catenax-pcf@9.0.0") == true && typo?.message.contains("x@1") == true
                && byFile["new.mapping.yaml"]?.first?.message.contains("schemas/w@2.schema.json") == true
        }
        try #"{"type": "object"}"#.write(toFile: directory + "/schemas/w@2.schema.json", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: directory + "/typo.mapping.yaml")
        let catalog = try MappingCatalog.load(directory: directory)
        #expect(catalog.models.map(\.description) == ["pact@3.0.0", "w@2"])
    }

    /// A carry the mapping back restores under another dataSchema never comes back: refused.
    @Test func aCarryTheReverseRestoresUnderAnotherDataSchemaIsRefused() throws {
        let forward = "source: x@1\ntarget: pact@3.0.0\nrules:\n  - to: /v\n    from: /x\ncarry:\n  into: /extensions\n  dataSchema: https://example.com/carry/x.json\n"
        let back = "source: pact@3.0.0\ntarget: x@1\nrules:\n  - to: /x\n    from: /v\nrestore:\n  from: /extensions\n"
        let directory = try Self.temporaryDirectory(["x-to-pact.mapping.yaml": forward, "pact-to-x.mapping.yaml": back])
        #expect { try MappingCatalog.load(directory: directory) } throws: { error in
            guard let diagnostics = (error as? DiagnosticsError)?.diagnostics else { return false }
            return diagnostics.contains {
                ($0.file as NSString?)?.lastPathComponent == "x-to-pact.mapping.yaml" && $0.message.contains("https://example.com/carry/x.json")
                    && $0.message.contains("pact-to-x.mapping.yaml")
            }
        }
        let unrestored = back.replacingOccurrences(of: "restore:\n  from: /extensions\n", with: "")
        try unrestored.write(toFile: directory + "/pact-to-x.mapping.yaml", atomically: true, encoding: .utf8)
        #expect { try MappingCatalog.load(directory: directory) } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.contains { $0.message.contains("has no restore") } == true
        }
        let matching = back.replacingOccurrences(of: "  from: /extensions\n", with: "  from: /extensions\n  dataSchema: https://example.com/carry/x.json\n")
        try matching.write(toFile: directory + "/pact-to-x.mapping.yaml", atomically: true, encoding: .utf8)
        let catalog = try MappingCatalog.load(directory: directory)
        let model = try #require(ModelID("x@1"))
        let there = try catalog.translate(["x": "1", "extra": true], from: model, to: .pact3)
        let back2 = try catalog.translate(there.document, from: .pact3, to: model)
        #expect(back2.document == ["x": "1", "extra": true])
    }
}
