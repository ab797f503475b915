import Foundation
import Testing
import TsunaguCore

/// `tsunagu map`, run as a user runs it: the translation on standard output, the loss report on
/// standard error or as JSON, and a clear refusal (exit 1, each problem with its JSON Pointer)
/// when the input is not a valid document of its model or the output not one of the target's.
@Suite struct MapCommandTests {
    static let housing = "Mappings/catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json"

    @Test func aValidDocumentIsTranslatedWithItsLossReport() async throws {
        let report = try RepositoryPaths.temporaryDirectory("tsunagu-map") + "/report.json"
        let run = try await runTsunaguCapturingErrors(["map", "--from", "catenax-pcf@9.0.0", "--to", "pact@3.0.0", Self.housing, "--report", report])
        #expect(run.status == 0, "\(run.errors)")
        let pivot = try JSONParser().parse(run.output)
        #expect(pivot["specVersion"] == "3.0.0")
        #expect(pivot[pointer: "/pcf/pcfExcludingBiogenicUptake"]?.stringValue != nil)
        let losses = try JSONParser().parse(Array(try #require(FileManager.default.contents(atPath: report))))
        #expect((losses["carried"]?.arrayValue?.count ?? 0) == 20, "\(losses.jsonText.prefix(300))")
        #expect(!run.errors.contains("error"), "\(run.errors)")
    }

    @Test func anInvalidInputIsRefusedWithItsPointersUnlessLenient() async throws {
        var document = try JSONParser().parse(Array(try #require(FileManager.default.contents(atPath: RepositoryPaths.root.path + "/" + Self.housing))))
        _ = document.remove(at: "/companyAndProductInformation/0/productInformation/0/productIds")
        let refused = try await runTsunaguCapturingErrors(["map", "--from", "catenax-pcf@9.0.0", "--to", "pact@3.0.0"], input: document.jsonText)
        #expect(refused.status == 1)
        #expect(refused.output.isEmpty, "nothing is translated")
        #expect(refused.errors.contains("/companyAndProductInformation/0/productInformation/0: missing required property \"productIds\""), "\(refused.errors)")
        #expect(refused.errors.contains("--lenient"))

        let lenient = try await runTsunaguCapturingErrors(["map", "--from", "catenax-pcf@9.0.0", "--to", "pact@3.0.0", "--lenient"], input: document.jsonText)
        #expect(lenient.errors.contains("warning: /companyAndProductInformation/0/productInformation/0: missing required property"), "\(lenient.errors)")
        #expect((try? JSONParser().parse(lenient.output))?["specVersion"] == "3.0.0")

        let notAnObject = try await runTsunaguCapturingErrors(["map", "--from", "pact@3.0.0", "--to", "catenax-pcf@9.0.0"], input: "[]")
        #expect(notAnObject.status == 1)
        #expect(notAnObject.errors.contains("/: expected an object"), "\(notAnObject.errors)")
    }

    /// PACT v2.3 requires a declared unit from its own list; the stator is declared per piece.
    @Test func anOutputTheTargetRefusesIsPrintedAndReported() async throws {
        let run = try await runTsunaguCapturingErrors(["map", "--from", "pact@3.0.0", "--to", "pact@2.3.0", "Mappings/ouranos/examples/motor-stator.pact@3.0.0.json"])
        #expect(run.status == 1)
        #expect(run.errors.contains("output: error: /pcf: missing required property \"declaredUnit\""), "\(run.errors)")
        #expect(run.errors.contains("not a valid pact@2.3.0 document"))
        #expect((try? JSONParser().parse(run.output))?["specVersion"] == "2.3.0", "the output is still printed")
    }
}

/// `tsunagu mappings test` checks every rule's paths against the models' JSON Schemas.
@Suite struct MappingsTestCommandTests {
    @Test func aRuleWithAPathItsModelDoesNotDefineFailsWithItsLine() async throws {
        let shipped = try await runTsunaguCapturingErrors(["mappings", "test"])
        #expect(shipped.status == 0, "\(shipped.output.suffix(2000))")
        #expect(!shipped.output.contains("SCHEMA"))

        let copy = try RepositoryPaths.temporaryDirectory("tsunagu-mappings") + "/Mappings"
        try FileManager.default.copyItem(atPath: RepositoryPaths.root.path + "/Mappings", toPath: copy)
        let file = copy + "/pact/pact3-to-pact23.mapping.yaml"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let rules = try #require(text.range(of: "rules:\n"))
        text.insert(contentsOf: "  - to: /pcf/notAFieldOfPact23\n    from: /pcf/pcfExcludingBiogenicUptake\n", at: rules.upperBound)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let line = text[..<rules.upperBound].filter { $0 == "\n" }.count + 1

        let broken = try await runTsunaguCapturingErrors(["mappings", "test", copy])
        #expect(broken.status != 0)
        #expect(broken.output.contains("SCHEMA \(file):\(line): the rule writes /pcf/notAFieldOfPact23, which the pact@2.3.0 schema does not define"), "\(broken.output.suffix(3000))")
    }
}
