import Foundation
import Testing

/// `tsunagu partners remove` as an operator runs it beside the tenant's routing file.
@Suite struct PartnersCommandTests {
    /// A partner the routing file still names is not removed without --force: every request
    /// routed to it would be refused as not found.
    @Test func aPartnerTheRoutingStillNamesIsKeptUnlessForced() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-partners")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        let added = try await runTsunagu([
            "partners", "add", "--data", data, "--tenant", "acme", "--name", "steel-supplier", "--ecosystem", "pact",
            "--base-url", "https://steel.example", "--model", "pact@3.0.0", "--outbound-client-id", "gateway-a", "--outbound-secret-env", "STEEL_SECRET",
        ])
        #expect(added.status == 0, "\(added.output)")
        try FileManager.default.createDirectory(atPath: data + "/routing", withIntermediateDirectories: true)
        try """
            rules:
              - productIdPrefix: "urn:steel:"
                from: partner:steel-supplier
            """.write(toFile: data + "/routing/acme.yaml", atomically: true, encoding: .utf8)

        let refused = try await runTsunaguCapturingErrors(["partners", "remove", "--data", data, "--tenant", "acme", "steel-supplier"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("still sends requests to partner 'steel-supplier'"), "\(refused.errors)")
        #expect(try await runTsunagu(["partners", "list", "--data", data, "--tenant", "acme"]).output.contains("steel-supplier"))

        let forced = try await runTsunagu(["partners", "remove", "--data", data, "--tenant", "acme", "--force", "steel-supplier"])
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try await runTsunagu(["partners", "list", "--data", data, "--tenant", "acme"]).output.contains("steel-supplier") == false)
    }

    /// A second Catena-X partner with a BPN the tenant already registered is refused, naming the
    /// partner that holds it: the gateway finds a Catena-X sender by its BPN, and answers from the
    /// second would be refused as answering no request.
    @Test func aSecondCatenaXPartnerWithTheSameBPNIsRefused() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-partners-bpn")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        func add(_ name: String) async throws -> (status: Int32, output: String, errors: String) {
            try await runTsunaguCapturingErrors([
                "partners", "add", "--data", data, "--tenant", "acme", "--name", name, "--ecosystem", "catenax",
                "--base-url", "https://\(name).example/pcf", "--model", "catenax-pcf@9.0.0", "--bpn", "BPNL00000003CELL",
            ])
        }
        let first = try await add("cell-supplier")
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        let second = try await add("cell-supplier-eu")
        #expect(second.status != 0)
        #expect(second.errors.contains("'cell-supplier'") && second.errors.contains("BPNL00000003CELL"), "\(second.errors)")
        let listed = try await runTsunagu(["partners", "list", "--data", data, "--tenant", "acme"]).output
        #expect(!listed.contains("cell-supplier-eu"), "\(listed)")
    }

    /// `partners apply` writes the whole file or nothing: a BPN a partner the file leaves in place
    /// still holds is refused before the partners above it in the file are added.
    @Test func aPartnerFileWithATakenBPNChangesNothing() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-partners-apply")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        let added = try await runTsunagu([
            "partners", "add", "--data", data, "--tenant", "acme", "--name", "cell-supplier", "--ecosystem", "catenax",
            "--base-url", "https://cell.example/pcf", "--model", "catenax-pcf@9.0.0", "--bpn", "BPNL00000003CELL",
        ])
        #expect(added.status == 0, "\(added.output)")
        let file = data + "/partners.yaml"
        try """
            partners:
              - name: steel-supplier
                ecosystem: catenax
                baseURL: https://steel.example/pcf
                model: catenax-pcf@9.0.0
                bpn: BPNL00000003STEL
              - name: cell-supplier-eu
                ecosystem: catenax
                baseURL: https://cell-eu.example/pcf
                model: catenax-pcf@9.0.0
                bpn: BPNL00000003CELL
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try await runTsunaguCapturingErrors(["partners", "apply", "--data", data, "--tenant", "acme", file])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("nothing changed") && refused.errors.contains("BPNL00000003CELL"), "\(refused.errors)")
        let listed = try await runTsunagu(["partners", "list", "--data", data, "--tenant", "acme"]).output
        #expect(!listed.contains("steel-supplier"), "the partner before the clash was not added: \(listed)")

        let pruned = try await runTsunagu(["partners", "apply", "--data", data, "--tenant", "acme", "--prune", file])
        #expect(pruned.status == 0, "\(pruned.output)")
        #expect(pruned.output.contains("removed cell-supplier") && pruned.output.contains("added   steel-supplier"), "\(pruned.output)")
    }
}
