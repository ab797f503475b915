import Foundation
import Testing
import TsunaguCore
import TsunaguStore

/// `tsunagu footprints import`, run as a user runs it: PACT footprints by their `specVersion`,
/// Catena-X and Ouranos documents by `--model`, stored in their PACT v3.0 form.
@Suite struct FootprintsImportCommandTests {
    static let stator = "Mappings/ouranos/examples/motor-stator.ouranos-cfp@3.0.0.json"
    static let housing = "Mappings/catenax/examples/aluminium-housing.catenax-pcf@9.0.0.json"

    func dataDirectoryWithTenant() async throws -> String {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-import")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        return data
    }

    @Test func catenaXAndOuranosDocumentsAreStoredInTheirPACTForm() async throws {
        let data = try await dataDirectoryWithTenant()
        let ouranos = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, "--model", "ouranos-cfp@3.0.0", Self.stator])
        #expect(ouranos.status == 0)
        #expect(ouranos.output.contains("created 4b6d8f0a-2c4e-4a6b-8d0f-1a3c5e7b9d2f"), "\(ouranos.output)")
        let catenaX = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, "--model", "catenax-pcf@9.0.0", Self.housing])
        #expect(catenaX.status == 0)
        #expect(catenaX.output.contains("created 7d0f5c2e-91b4-4c7a-a3e8-5f2b6c9d1e04"), "\(catenaX.output)")

        let listed = try await runTsunagu(["footprints", "list", "--tenant", "acme", "--data", data, "--json"])
        let documents = try JSONParser().parse(listed.output).arrayValue ?? []
        let stator = try #require(documents.first { $0["id"] == "4b6d8f0a-2c4e-4a6b-8d0f-1a3c5e7b9d2f" })
        #expect(stator["specVersion"] == "3.0.0")
        #expect(stator[pointer: "/pcf/pcfExcludingBiogenicUptake"] == "20.84785", "the four stage values add up to the PACT total")
        let carry = stator["extensions"]?.arrayValue?.first { $0["dataSchema"] == "https://tsunagu.dev/extensions/carry/ouranos-cfp@3.0.0.json" }
        #expect(carry?[pointer: "/data/set"]?["/cfp/1/ghgEmission"] != nil, "the stage split travels in the carry")
        #expect(carry?[pointer: "/data/basis"]?.arrayValue?.isEmpty == false, "with the basis it was carried against")
        #expect(documents.contains { $0["id"] == "7d0f5c2e-91b4-4c7a-a3e8-5f2b6c9d1e04" && $0["specVersion"] == "3.0.0" })
    }

    /// What the checks warn of, though they let a footprint in (a GxD extension a strict receiver
    /// would refuse), is printed beside the import's outcome.
    @Test func warningsAreShownOnImport() async throws {
        let data = try await dataDirectoryWithTenant()
        var document = try JSONParser().parse(try Data(contentsOf: RepositoryPaths.root.appendingPathComponent("Demo/footprints/09-gxd-organization-based-jp.json")))
        _ = document.remove(at: "/extensions/0/data/organization/declaredUnit")
        let file = data + "/gxd-without-unit.json"
        try JSONWriter().string(document).write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, file])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("created"), "\(imported.output)")
        #expect(imported.output.contains("warning") && imported.output.contains("declaredUnit"), "\(imported.output)")
    }

    @Test func aDocumentOfAnotherModelWithoutModelIsRefusedWithTheHint() async throws {
        let data = try await dataDirectoryWithTenant()
        let refused = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, Self.stator])
        #expect(refused.status != 0)
        #expect(refused.output.contains("refused"))
        #expect(refused.output.contains("--model"), "\(refused.output)")
        let unknown = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, "--model", "ouranos-cfp@9.9.9", Self.stator])
        #expect(unknown.status != 0)
        let listed = try await runTsunagu(["footprints", "list", "--tenant", "acme", "--data", data, "--json"])
        #expect(try JSONParser().parse(listed.output).arrayValue?.isEmpty == true, "nothing was stored")
    }

    /// A mistyped data folder or tenant is said, not answered with an empty list and exit 0; and
    /// a file imported again is unchanged.
    @Test func aWrongDataFolderOrTenantIsAnErrorAndAReimportChangesNothing() async throws {
        let data = try await dataDirectoryWithTenant()
        let nowhere = data + "-typo"
        let missing = try await runTsunaguCapturingErrors(["clients", "list", "--tenant", "acme", "--data", nowhere])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("no gateway store at"), "\(missing.errors)")
        #expect(!FileManager.default.fileExists(atPath: nowhere), "the mistyped folder was created")
        let typo = try await runTsunaguCapturingErrors(["footprints", "list", "--tenant", "acmee", "--data", data])
        #expect(typo.status != 0)
        #expect(typo.errors.contains("no tenant 'acmee'") && typo.errors.contains("tenants: acme"), "\(typo.errors)")

        let first = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, "--model", "catenax-pcf@9.0.0", Self.housing])
        #expect(first.output.contains("created"), "\(first.output)")
        let again = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, "--model", "catenax-pcf@9.0.0", Self.housing])
        #expect(again.status == 0)
        #expect(again.output.contains("unchanged"), "\(again.output)")
    }

    /// An Ouranos CFP has no creation time, so its PACT form is created when translated: the same
    /// file imported again a second later is unchanged, and keeps the times of its first import.
    @Test func anOuranosFileImportedAgainLaterIsUnchanged() async throws {
        let data = try await dataDirectoryWithTenant()
        let arguments = ["footprints", "import", "--tenant", "acme", "--data", data, "--model", "ouranos-cfp@3.0.0", Self.stator]
        let first = try await runTsunagu(arguments)
        #expect(first.output.contains("created"), "\(first.output)")
        let listed = try await runTsunagu(["footprints", "list", "--tenant", "acme", "--data", data, "--json"])
        let created = try JSONParser().parse(listed.output).arrayValue?.first?["created"]
        // The translation time is written to the second: the second import runs in a later one.
        try await Task.sleep(for: .milliseconds(1_100))
        let again = try await runTsunagu(arguments)
        #expect(again.status == 0)
        #expect(again.output.contains("unchanged"), "\(again.output)")
        let relisted = try JSONParser().parse(try await runTsunagu(["footprints", "list", "--tenant", "acme", "--data", data, "--json"]).output).arrayValue ?? []
        #expect(relisted.count == 1)
        #expect(relisted.first?["created"] == created)
        #expect(relisted.first?["status"] == "Active")
    }

    /// A file larger than the importer reads is refused before it is read, saying so.
    @Test func aFileTooLargeIsRefusedForItsSize() async throws {
        let data = try await dataDirectoryWithTenant()
        let file = data + "/huge.json"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("[".utf8)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.truncate(atOffset: 17 * 1024 * 1024)
        try handle.close()
        let refused = try await runTsunagu(["footprints", "import", "--tenant", "acme", "--data", data, file])
        #expect(refused.status != 0)
        #expect(refused.output.contains("16 MiB") && refused.output.contains("split"), "\(refused.output)")
        #expect(!refused.output.contains("invalid JSON"), "\(refused.output)")
    }
}
