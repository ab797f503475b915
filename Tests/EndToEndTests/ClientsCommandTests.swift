import Foundation
import Testing

/// `tsunagu clients add` as an operator runs it.
@Suite struct ClientsCommandTests {
    /// The callback secret is given by the name of a variable: a secret pasted there instead is
    /// refused, not stored, listed and logged as a name.
    @Test func aSecretGivenWhereItsVariableNameGoesIsRefused() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-clients")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        let callback = ["--callback-url", "https://requester.example", "--callback-client-id", "gateway"]
        let pasted = try await runTsunaguCapturingErrors(["clients", "add", "--tenant", "acme", "--data", data] + callback + ["--callback-secret-env", "p@ss-w0rd!"])
        #expect(pasted.status != 0)
        #expect(pasted.errors.contains("name of an environment variable"), "\(pasted.errors)")
        let listed = try await runTsunagu(["clients", "list", "--tenant", "acme", "--data", data])
        #expect(!listed.output.contains("p@ss-w0rd!"), "\(listed.output)")
        let named = try await runTsunaguCapturingErrors(["clients", "add", "--tenant", "acme", "--data", data] + callback + ["--callback-secret-env", "REQUESTER_SECRET"])
        #expect(named.status == 0, "\(named.errors)")
    }
}
