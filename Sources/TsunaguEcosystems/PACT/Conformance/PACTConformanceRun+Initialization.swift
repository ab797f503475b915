import TsunaguCore

extension PACTConformanceRun {
    /// Case 0: finds the token endpoint, obtains a token, lists the footprints (at least two are
    /// needed) and reads the pagination link of `limit=1`, as the official tool does first.
    func initialize() async -> (PACTConformanceResult, PACTConformanceState?) {
        var state: PACTConformanceState?
        let result = await result("0") { outcome in
            var discovered = false
            var tokenEndpoint = client.url("/auth/token")
            if let endpoint = try? await client.discoveredTokenEndpoint() {
                tokenEndpoint = endpoint
                discovered = true
                outcome.note("token endpoint \(endpoint) from the OpenID configuration")
            } else {
                tokenEndpoint = (configuration.authBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? client.url("")) + "/auth/token"
                outcome.note("no OpenID configuration; token endpoint \(tokenEndpoint)")
            }
            let tokenResponse = try await exchange(client.tokenRequest(credentials: configuration.credentials, endpoint: tokenEndpoint), &outcome)
            guard tokenResponse.status == 200, let token = tokenResponse.json?["access_token"]?.stringValue, !token.isEmpty else {
                outcome.fail("no access token from \(tokenEndpoint): \(Self.describe(tokenResponse))")
                return
            }
            let list = try await exchange(get(listURL(), token: token), &outcome)
            guard list.status == 200 || list.status == 202, let footprints = list.json?["data"]?.arrayValue else {
                outcome.fail("GET \(listURL()) answered \(Self.describe(list))")
                return
            }
            guard footprints.count >= 2 else {
                outcome.fail("the host listed \(footprints.count) footprint(s) to this client; the conformance tests need at least two")
                return
            }
            let limitedURL = listURL([("limit", "1")])
            let limited = try await exchange(get(limitedURL, token: token), &outcome)
            guard limited.status == 200 || limited.status == 202 else {
                outcome.fail("GET \(limitedURL) answered \(Self.describe(limited))")
                return
            }
            let filters = Result { () throws(PACTFilterParameters.Problem) in try PACTFilterParameters(footprint: footprints[0]) }
            outcome.note("\(footprints.count) footprints listed")
            state = PACTConformanceState(
                tokenEndpoint: tokenEndpoint,
                discovered: discovered,
                token: token,
                footprints: footprints,
                limitedURL: limitedURL,
                limitedCount: limited.json?["data"]?.arrayValue?.count ?? 0,
                paginationLinks: PACTLinkHeader(values: limited.headerValues("link")),
                filters: filters
            )
        }
        return (result, state)
    }
}
