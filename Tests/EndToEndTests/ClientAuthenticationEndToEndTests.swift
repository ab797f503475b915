import Foundation
import Testing
import TsunaguCore
import TsunaguGateway
@testable import TsunaguStore

/// Why the token endpoint refuses client credentials, as a partner sees it: a wrong secret, a
/// client id locked out after too many wrong secrets, and a store that cannot answer are told
/// apart, each with what to do next.
@Suite(.serialized) struct ClientAuthenticationEndToEndTests {
    func tokenRequest(_ client: PACTTestClient, clientID: String, secret: String) async throws -> PACTTestClient.Reply {
        try await client.call(
            .POST, "/auth/token",
            headers: ["Authorization": "Basic " + Data("\(clientID):\(secret)".utf8).base64EncodedString(), "Content-Type": "application/x-www-form-urlencoded"],
            body: "grant_type=client_credentials"
        )
    }

    /// RFC 6749 §2.3.1: the id and secret are form-encoded before they become Basic credentials,
    /// so a `%`, `+`, `:` or space in them reaches the token endpoint as it is; the same secret
    /// sent unencoded reads as another one (`%41` is `A`, `+` a space).
    @Test func credentialsWithReservedCharactersAreEncodedAndReadBack() async throws {
        let secret = "p%41ss+w:rd é"
        let gateway = try await TestGateway.start(environment: ["TSUNAGU_DEMO_CLIENT_ID": "e2e client+1", "TSUNAGU_DEMO_CLIENT_SECRET": secret])
        try await gateway.withClient { http in
            let client = PACTTestClient(http: http, baseURL: gateway.baseURL)
            let token = try await client.token(clientID: "e2e client+1", secret: secret)
            #expect(!token.isEmpty)
            let unencoded = try await tokenRequest(client, clientID: "e2e client+1", secret: secret)
            #expect(unencoded.status == 401 && unencoded.body?["error"] == "invalid_client", "\(unencoded.text)")
        }
    }

    @Test func aLockedOutClientIsToldToWaitEvenWithTheRightSecret() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.withClient { http in
            let client = PACTTestClient(http: http, baseURL: gateway.baseURL)
            for attempt in 0..<ClientAuthenticator.failureLimit {
                let wrong = try await tokenRequest(client, clientID: gateway.clientID, secret: "wrong-\(attempt)")
                #expect(wrong.status == 401)
                #expect(wrong.body?["error"] == "invalid_client")
                #expect(wrong.body?["error_description"] == "client authentication failed: unknown client id or wrong secret")
            }

            let locked = try await tokenRequest(client, clientID: gateway.clientID, secret: gateway.clientSecret)
            #expect(locked.status == 401)
            #expect(locked.body?["error"] == "invalid_client")
            #expect(locked.body?["access_token"] == nil)
            let retryAfter = try #require(locked.headers["retry-after"].flatMap { Int($0) }, "no Retry-After in seconds: \(locked.headers)")
            #expect((1...Int(ClientAuthenticator.failureWindow)).contains(retryAfter))
            #expect(
                locked.body?["error_description"]?.stringValue
                    == "client authentication failed: too many failed attempts for this client id; try again in \(retryAfter) seconds"
            )
        }
    }

    /// RFC 6749: a parameter given twice and a client authenticated twice are invalid requests; a
    /// Basic header that cannot be read does not fall back to credentials in the body.
    @Test func repeatedParametersAndTwoAuthenticationsAreRefused() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.withClient { http in
            let client = PACTTestClient(http: http, baseURL: gateway.baseURL)
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let basic = ["Authorization": "Basic " + Data("\(gateway.clientID):\(gateway.clientSecret)".utf8).base64EncodedString()]
            let twice = try await client.call(.POST, "/auth/token", headers: form.merging(basic) { $1 }, body: "grant_type=password&grant_type=client_credentials")
            #expect(twice.status == 400 && twice.body?["error"] == "invalid_request", "\(twice.text)")
            #expect(twice.body?["error_description"]?.stringValue?.contains("grant_type is given more than once") == true)
            let inBody = "grant_type=client_credentials&client_id=\(gateway.clientID)&client_secret=\(gateway.clientSecret)"
            let both = try await client.call(.POST, "/auth/token", headers: form.merging(basic) { $1 }, body: inBody)
            #expect(both.status == 400 && both.body?["error"] == "invalid_request", "\(both.text)")
            let garbled = try await client.call(.POST, "/auth/token", headers: form.merging(["Authorization": "Basic !!!"]) { $1 }, body: "grant_type=client_credentials&client_id=\(gateway.clientID)")
            #expect(garbled.status == 401 && garbled.body?["error"] == "invalid_client", "\(garbled.text)")
            let bodyOnly = try await client.call(.POST, "/auth/token", headers: form, body: inBody)
            #expect(bodyOnly.status == 200 && bodyOnly.body?["access_token"]?.stringValue != nil, "\(bodyOnly.text)")
        }
    }

    @Test func aStoreThatCannotAnswerIsTemporarilyUnavailableNotAWrongSecret() async throws {
        let gateway = try await TestGateway.start()
        try await gateway.withClient { http in
            let client = PACTTestClient(http: http, baseURL: gateway.baseURL)
            let other = try SQLiteConnection(path: gateway.dataDirectory + "/tsunagu.sqlite")
            try other.execute("ALTER TABLE clients RENAME TO clients_moved_away")
            let unavailable = try await tokenRequest(client, clientID: gateway.clientID, secret: gateway.clientSecret)
            try other.execute("ALTER TABLE clients_moved_away RENAME TO clients")

            #expect(unavailable.status == 503)
            #expect(unavailable.body?["error"] == "temporarily_unavailable")
            #expect(unavailable.body?["error_description"]?.stringValue?.contains("try again") == true)
            #expect(unavailable.body?["access_token"] == nil)

            let recovered = try await tokenRequest(client, clientID: gateway.clientID, secret: gateway.clientSecret)
            #expect(recovered.status == 200)
            #expect(recovered.body?["access_token"]?.stringValue != nil)
        }
    }
}
