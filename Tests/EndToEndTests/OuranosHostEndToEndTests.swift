import AsyncHTTPClient
import Foundation
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguGateway
@testable import TsunaguStore

/// The gateway's Ouranos API itself: who may log in, which tokens open which doors, what a buyer
/// may ask about, and that accepted trades outlive a restart.
@Suite(.serialized) struct OuranosHostEndToEndTests {
    static let account = "buyer-gamma"
    static let password = "gamma-password"

    func start(dataDirectory: String? = nil, distribute: Bool = true) async throws -> OuranosTestCompany {
        try await OuranosTestCompany.start(
            name: "alpha", corporateNumber: OuranosCompanies.alpha, environment: ["TSUNAGU_OURANOS_API_KEY": "other-key, \(OuranosCompanies.apiKey)"],
            policies: try OuranosCompanies.policies(distribute: distribute), dataDirectory: dataDirectory
        )
    }

    @Test func onlyLinkedAccountsLogInAndEachTokenOpensOnlyItsDoor() async throws {
        let alpha = try await start()
        try await alpha.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: Self.account, password: Self.password)
        try await alpha.withClient { http in
            let client = OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey)
            await #expect { _ = try await client.login(accountID: Self.account, password: "wrong") } throws: { ($0 as? OuranosClientError)?.status == 401 }
            // The PACT demo client is an API client of the tenant, but no Ouranos partner names it.
            await #expect { _ = try await client.login(accountID: alpha.clientID, password: alpha.clientSecret) } throws: { error in
                let refused = error as? OuranosClientError
                return refused?.status == 403 && refused?.description.contains("--inbound-client-id") == true
            }
            let tokens = try await client.login(accountID: Self.account, password: Self.password)
            let me = try await client.currentOperator(accessToken: tokens.accessToken)
            #expect(me.corporateNumber == OuranosCompanies.gamma)
            let refreshed = try await client.refresh(refreshToken: tokens.refreshToken)
            #expect(try await client.currentOperator(accessToken: refreshed) == me)

            let raw = PACTTestClient(http: http, baseURL: alpha.baseURL)
            let pactToken = try await raw.token(clientID: alpha.clientID, secret: alpha.clientSecret)
            for (token, name) in [(pactToken, "a PACT token"), (tokens.refreshToken, "a refresh token")] {
                let reply = try await raw.call(.GET, "/api/v1/authInfo?dataTarget=operator", headers: ["apiKey": OuranosCompanies.apiKey, "Authorization": "Bearer \(token)"])
                #expect(reply.status == 401, "\(name) opened the Ouranos API: \(reply.text)")
            }
            let ouranosOnPACT = try await raw.call(.GET, "/3/footprints", headers: ["Authorization": "Bearer \(tokens.accessToken)"])
            #expect(ouranosOnPACT.status != 200)

            let supplier = try await client.operatorInfo(corporateNumber: OuranosCompanies.alpha, accessToken: tokens.accessToken)
            #expect(supplier.name == "alpha")
            await #expect { _ = try await client.operatorInfo(corporateNumber: OuranosCompanies.beta, accessToken: tokens.accessToken) } throws: {
                ($0 as? OuranosClientError)?.status == 404
            }
            let unknownPart = OuranosTradeRequest(
                downstreamOperatorID: me.operatorID, upstreamOperatorID: supplier.operatorID, downstreamTraceID: "40b77952-2c89-49be-8ce9-7c64a15e0ae7",
                message: nil, responseDueDate: "2026-12-31"
            )
            await #expect { _ = try await client.putTradeRequest(unknownPart, accessToken: tokens.accessToken) } throws: { ($0 as? OuranosClientError)?.status == 404 }
            #expect(try await client.statuses(accessToken: tokens.accessToken).isEmpty)
        }
    }

    @Test func aLoginIsToldWhenTheStoreCannotAnswerOrTheAccountIsLockedOut() async throws {
        let alpha = try await start()
        try await alpha.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: Self.account, password: Self.password)
        try await alpha.withClient { http in
            let client = OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey)
            let other = try SQLiteConnection(path: alpha.dataDirectory + "/tsunagu.sqlite")
            try other.execute("ALTER TABLE clients RENAME TO clients_moved_away")
            let unavailable = await #expect(throws: OuranosClientError.self) { _ = try await client.login(accountID: Self.account, password: Self.password) }
            try other.execute("ALTER TABLE clients_moved_away RENAME TO clients")
            #expect(unavailable?.status == 503)
            #expect(unavailable?.code == "[auth] ServiceUnavailable")

            for attempt in 0..<ClientAuthenticator.failureLimit {
                let wrong = await #expect(throws: OuranosClientError.self) { _ = try await client.login(accountID: Self.account, password: "wrong-\(attempt)") }
                #expect(wrong?.description.hasSuffix(": Invalid credentials") == true)
            }
            let locked = await #expect(throws: OuranosClientError.self) { _ = try await client.login(accountID: Self.account, password: Self.password) }
            #expect(locked?.status == 401)
            #expect(locked?.code == "[auth] Unauthorized")
            #expect(locked?.description.contains(": Too many failed attempts for this account; try again in ") == true)
        }
    }

    @Test func anAnsweredTradeIsStillReadAfterARestart() async throws {
        let first = try await start()
        try await first.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: Self.account, password: Self.password)
        var answered: OuranosBuyer.Outcome?
        try await first.withClient { http in
            let buyer = OuranosBuyer(client: OuranosClient(httpClient: http, baseURL: first.baseURL, apiKey: OuranosCompanies.apiKey), account: Self.account, password: Self.password)
            let outcome = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:demo:product:al-ingot-99-7")
            #expect(outcome.status.responseStatus == .completed, "\(outcome.status.replyMessage ?? "")")
            answered = outcome
        }
        let outcome = try #require(answered)

        let second = try await start(dataDirectory: first.dataDirectory)
        try await second.withClient { http in
            let client = OuranosClient(httpClient: http, baseURL: second.baseURL, apiKey: OuranosCompanies.apiKey)
            let tokens = try await client.login(accountID: Self.account, password: Self.password)
            let statuses = try await client.statuses(target: nil, statusID: outcome.status.statusID, accessToken: tokens.accessToken)
            #expect(statuses.map(\.responseStatus) == [.completed])
            let values = try await client.cfps(traceIDs: [outcome.traceID], accessToken: tokens.accessToken)
            #expect(values == outcome.values)
            #expect(!values.isEmpty)
        }
    }

    /// The buyer reads a trade's values long after the relay decided: once the owner withdrew the
    /// permission they were released under, the trade reads REJECT (ask again) and gives no values.
    @Test func anAnsweredTradeIsNotReadOnceItsPermissionIsWithdrawn() async throws {
        let first = try await start()
        try await first.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: Self.account, password: Self.password)
        var answered: OuranosBuyer.Outcome?
        try await first.withClient { http in
            let buyer = OuranosBuyer(client: OuranosClient(httpClient: http, baseURL: first.baseURL, apiKey: OuranosCompanies.apiKey), account: Self.account, password: Self.password)
            answered = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:demo:product:al-ingot-99-7")
        }
        let outcome = try #require(answered)
        #expect(outcome.status.responseStatus == .completed && !outcome.values.isEmpty)

        let second = try await start(dataDirectory: first.dataDirectory, distribute: false)
        try await second.withClient { http in
            let client = OuranosClient(httpClient: http, baseURL: second.baseURL, apiKey: OuranosCompanies.apiKey)
            let tokens = try await client.login(accountID: Self.account, password: Self.password)
            let statuses = try await client.statuses(target: nil, statusID: outcome.status.statusID, accessToken: tokens.accessToken)
            #expect(statuses.map(\.responseStatus) == [.reject])
            #expect(statuses.first?.replyMessage?.contains("usage policies changed") == true, "\(statuses.first?.replyMessage ?? "")")
            #expect(try await client.cfps(traceIDs: [outcome.traceID], accessToken: tokens.accessToken).isEmpty)
        }
    }

    /// A store that cannot be read makes a trade's status and values a 503, never a REJECT (which
    /// an Ouranos buyer takes as final) or an empty answer.
    @Test func aStoreThatCannotBeReadIsNotAnAnswer() async throws {
        let alpha = try await start()
        try await alpha.addBuyer(name: "gamma", corporateNumber: OuranosCompanies.gamma, account: Self.account, password: Self.password)
        try await alpha.withClient { http in
            let client = OuranosClient(httpClient: http, baseURL: alpha.baseURL, apiKey: OuranosCompanies.apiKey)
            let buyer = OuranosBuyer(client: client, account: Self.account, password: Self.password)
            let outcome = try await buyer.ask(supplier: OuranosCompanies.alpha, productID: "urn:tsunagu:demo:product:al-ingot-99-7")
            #expect(outcome.status.responseStatus == .completed, "\(outcome.status.replyMessage ?? "")")
            let tokens = try await client.login(accountID: Self.account, password: Self.password)
            let other = try SQLiteConnection(path: alpha.dataDirectory + "/tsunagu.sqlite")
            try other.execute("UPDATE ouranos_trades SET created = created - 60000")
            try other.execute("ALTER TABLE relay_requests RENAME TO relay_requests_moved_away")
            let status = await #expect(throws: OuranosClientError.self) {
                _ = try await client.statuses(target: nil, statusID: outcome.status.statusID, accessToken: tokens.accessToken)
            }
            let values = await #expect(throws: OuranosClientError.self) { _ = try await client.cfps(traceIDs: [outcome.traceID], accessToken: tokens.accessToken) }
            try other.execute("ALTER TABLE relay_requests_moved_away RENAME TO relay_requests")
            #expect(status?.status == 503)
            #expect(values?.status == 503)
            #expect(try await client.statuses(target: nil, statusID: outcome.status.statusID, accessToken: tokens.accessToken).map(\.responseStatus) == [.completed])
        }
    }
}
