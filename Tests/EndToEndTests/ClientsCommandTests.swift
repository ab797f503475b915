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

    /// A removed client's tokens stop working at once in a running gateway (a leaked secret is
    /// revoked by removing its client).
    @Test func aRemovedClientsTokenIsRefusedByTheRunningGateway() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.session { client, token in
            let before = try await client.call(.GET, "/3/footprints?limit=1", headers: ["Authorization": "Bearer \(token)"])
            #expect(before.status == 200)
            let removed = try await runTsunaguCapturingErrors(["clients", "remove", "--tenant", "demo", "--data", gateway.dataDirectory, gateway.clientID])
            #expect(removed.status == 0, "\(removed.errors)")
            let after = try await client.call(.GET, "/3/footprints?limit=1", headers: ["Authorization": "Bearer \(token)"])
            #expect(after.status == 400)
            #expect(after.body?["message"]?.stringValue?.contains("no longer registered") == true, "\(after.text)")
            let again = try await runTsunaguCapturingErrors(["clients", "remove", "--tenant", "demo", "--data", gateway.dataDirectory, gateway.clientID])
            #expect(again.status != 0 && again.errors.contains("has no client"), "\(again.errors)")
            // Added again under its id (its secret replaced) at once, as a rotation script does,
            // the client does not take the tokens of its earlier registration.
            let added = try await runTsunagu(["clients", "add", "--tenant", "demo", "--data", gateway.dataDirectory, "--client-id", gateway.clientID])
            #expect(added.status == 0)
            let readded = try await client.call(.GET, "/3/footprints?limit=1", headers: ["Authorization": "Bearer \(token)"])
            #expect(readded.status == 400, "a token of the removed registration: \(readded.text)")
            let secret = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("client_secret:") }?.split(separator: " ").last)
            let fresh = try await client.token(clientID: gateway.clientID, secret: String(secret))
            #expect(try await client.call(.GET, "/3/footprints?limit=1", headers: ["Authorization": "Bearer \(fresh)"]).status == 200)
        }
    }

    /// The store holds every tenant's footprints, the audit trail and secret hashes: a new data
    /// folder and its database are the owner's alone.
    @Test func aNewStoreIsReadableByItsOwnerOnly() async throws {
        let parent = try RepositoryPaths.temporaryDirectory("tsunagu-modes")
        let data = parent + "/data"
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        let folder = try FileManager.default.attributesOfItem(atPath: data)[.posixPermissions] as? Int
        let database = try FileManager.default.attributesOfItem(atPath: data + "/tsunagu.sqlite")[.posixPermissions] as? Int
        #expect(folder == 0o700)
        #expect(database == 0o600)
        #expect(try await runTsunagu(["store", "backup", "--data", data, "--to", parent + "/backup.sqlite"]).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: parent + "/backup.sqlite")[.posixPermissions] as? Int == 0o600)
    }
}
