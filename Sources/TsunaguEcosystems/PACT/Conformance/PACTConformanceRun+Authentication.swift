import TsunaguCore

extension PACTConformanceRun {
    /// Cases 1, 2, 9, 18, 19 and T1: the token endpoint, OpenID discovery and HTTPS-only authentication.
    func authenticationCases(state: PACTConformanceState) async -> [PACTConformanceResult] {
        var results: [PACTConformanceResult] = []
        results.append(await result("1") { outcome in
            try await expectToken(at: state.tokenEndpoint, &outcome)
        })
        results.append(await result("2") { outcome in
            try await expectRefusedCredentials(at: state.tokenEndpoint, &outcome)
        })
        results.append(await result("9") { outcome in
            await expectRefusedOverPlainHTTP(client.tokenRequest(credentials: configuration.credentials, endpoint: state.tokenEndpoint), &outcome)
        })
        results.append(await result("18") { outcome in
            if !state.discovered { outcome.note("the host offers no OpenID configuration; used \(state.tokenEndpoint)") }
            try await expectToken(at: state.tokenEndpoint, &outcome)
        })
        results.append(await result("19") { outcome in
            try await expectRefusedCredentials(at: state.tokenEndpoint, &outcome)
        })
        results.append(await result("T1") { outcome in
            try await checkDiscoveryDocument(&outcome)
        })
        return results
    }

    private func expectToken(at endpoint: String, _ outcome: inout CaseOutcome) async throws(PACTClientError) {
        let response = try await exchange(client.tokenRequest(credentials: configuration.credentials, endpoint: endpoint), &outcome)
        guard response.status == 200 else {
            outcome.fail("POST \(endpoint) with valid credentials answered \(Self.describe(response)); expected 200")
            return
        }
        guard let json = response.json, let token = json["access_token"]?.stringValue, !token.isEmpty else {
            outcome.fail("POST \(endpoint) answered 200 without an access_token: \(Self.describe(response))")
            return
        }
        if json["token_type"]?.stringValue?.lowercased() != "bearer" {
            outcome.warn("token_type is \(json["token_type"]?.jsonText ?? "missing"), expected \"Bearer\" (RFC 6749 section 5.1)")
        }
        if json["expires_in"] == nil { outcome.warn("no expires_in: PACT says access tokens SHOULD expire") }
        outcome.note("token received from \(endpoint)")
    }

    private func expectRefusedCredentials(at endpoint: String, _ outcome: inout CaseOutcome) async throws(PACTClientError) {
        let wrong = PACTCredentials(clientID: "unknown-client-" + CloudEvent.newID(), clientSecret: "wrong-secret-" + CloudEvent.newID())
        let response = try await exchange(client.tokenRequest(credentials: wrong, endpoint: endpoint), &outcome)
        guard response.status == 400 || response.status == 401 else {
            outcome.fail("POST \(endpoint) with unknown credentials answered \(Self.describe(response)); expected 400 or 401")
            return
        }
        if response.json?["access_token"] != nil { outcome.fail("an access token was issued for unknown credentials") }
        let error = response.json?["error"]?.stringValue
        if error != "invalid_client" {
            outcome.warn("the error body has error \(error.map { "\"\($0)\"" } ?? "missing"); RFC 6749 section 5.2 names invalid_client for unknown clients")
        }
        outcome.note("refused with HTTP \(response.status)" + (error.map { " \($0)" } ?? ""))
    }

    private func checkDiscoveryDocument(_ outcome: inout CaseOutcome) async throws(PACTClientError) {
        let base = configuration.authBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? client.url("")
        let url = base + "/.well-known/openid-configuration"
        let response = try await exchange(get(url, token: nil), &outcome)
        guard response.status == 200, let document = response.json else {
            outcome.fail("GET \(url) answered \(Self.describe(response)); PACT says hosts SHOULD offer an OpenID Provider Configuration Document")
            return
        }
        guard let tokenEndpoint = document["token_endpoint"]?.stringValue, tokenEndpoint.lowercased().hasPrefix("https://") else {
            outcome.fail("the OpenID configuration has no https token_endpoint: \(Self.describe(response))")
            return
        }
        guard let jwksURI = document["jwks_uri"]?.stringValue else {
            outcome.fail("the OpenID configuration has no jwks_uri")
            return
        }
        let keys = try await exchange(get(jwksURI, token: nil), &outcome)
        outcome.check(keys.status == 200 && keys.json?["keys"]?.arrayValue != nil, "GET \(jwksURI) did not return a JWK set {\"keys\": [...]}: \(Self.describe(keys))")
        outcome.note("token_endpoint \(tokenEndpoint), jwks_uri \(jwksURI)")
    }
}
