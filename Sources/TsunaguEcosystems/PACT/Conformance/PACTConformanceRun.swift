import Foundation
import TsunaguCore

/// What a case found: problems fail it, notes and warnings explain it.
struct CaseOutcome {
    var problems: [String] = []
    var notes: [String] = []
    var warnings: [String] = []

    mutating func fail(_ problem: String) { problems.append(problem) }
    mutating func note(_ note: String) { notes.append(note) }
    mutating func warn(_ warning: String) {
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    /// Fails with `problem` unless `condition` holds.
    mutating func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
        if !condition { fail(problem()) }
    }
}

/// What case 0 learned about the host, used by every other case.
struct PACTConformanceState: Sendable {
    /// The token endpoint used (discovered or `/auth/token`).
    let tokenEndpoint: String
    /// Whether it came from the OpenID configuration.
    let discovered: Bool
    /// A valid access token.
    let token: String
    /// The first page of ListFootprints without parameters.
    let footprints: [JSONValue]
    /// The URL of ListFootprints with `limit=1`.
    let limitedURL: String
    /// How many footprints the `limit=1` page held.
    let limitedCount: Int
    /// The links of that page.
    let paginationLinks: PACTLinkHeader
    /// Filter values taken from the first footprint (v3), or why they could not be.
    let filters: Result<PACTFilterParameters, PACTFilterParameters.Problem>

    /// The first footprint, present because case 0 requires two.
    var first: JSONValue { footprints[0] }
    /// The first footprint's id.
    var firstID: String { first["id"]?.stringValue ?? "" }
}

/// One conformance run: the suite's configuration, the client and the helpers every case uses.
struct PACTConformanceRun: Sendable {
    let configuration: PACTConformanceSuite.Configuration
    let client: PACTClient
    /// A unique prefix for this run's event ids.
    let runID: String

    var spec: PACTConformanceSpec { configuration.spec }
    var version: PACTVersion { spec.version }

    /// Runs one case and turns its outcome into a result; a thrown error fails the case.
    func result(_ id: String, _ body: (inout CaseOutcome) async throws -> Void) async -> PACTConformanceResult {
        let entry = PACTConformanceCatalog.entry(id, spec: spec)
        var outcome = CaseOutcome()
        do {
            try await body(&outcome)
        } catch let error as PACTClientError {
            outcome.fail(error.description)
        } catch {
            outcome.fail(String(describing: error))
        }
        let detail = outcome.problems.isEmpty ? outcome.notes.joined(separator: "; ") : outcome.problems.joined(separator: "; ")
        return PACTConformanceResult(
            id: id,
            name: entry?.name ?? id,
            mandatory: entry?.mandatoryFor.contains(spec) ?? false,
            passed: outcome.problems.isEmpty,
            detail: detail.isEmpty ? "ok" : detail,
            warnings: outcome.warnings
        )
    }

    /// Sends `request`, warning when it takes longer than the official tool allows.
    func exchange(_ request: PACTHTTPRequest, _ outcome: inout CaseOutcome) async throws(PACTClientError) -> PACTHTTPResponse {
        let start = ContinuousClock.now
        let response = try await client.send(request)
        let elapsed = ContinuousClock.now - start
        if elapsed > configuration.officialRequestBudget {
            outcome.warn("\(request.method) \(request.url) took \(Self.format(elapsed)); the official tool allows \(Self.format(configuration.officialRequestBudget))")
        }
        return response
    }

    /// A GET with `token` as bearer token (none when `nil`).
    func get(_ url: String, token: String?) -> PACTHTTPRequest {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return PACTHTTPRequest(url: url, headers: headers)
    }

    /// A POST of a CloudEvent to this version's events endpoint.
    func postEvent(_ event: JSONValue, token: String?) -> PACTHTTPRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/cloudevents+json; charset=UTF-8"), ("Accept", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return PACTHTTPRequest(method: "POST", url: client.url(version.pathPrefix + "/events"), headers: headers, body: JSONWriter().bytes(event))
    }

    /// The ListFootprints URL with `items` as query.
    func listURL(_ items: [(name: String, value: String)] = []) -> String {
        let base = client.url(version.pathPrefix + "/footprints")
        return items.isEmpty ? base : base + "?" + PACTQueryEncoding.query(items)
    }

    /// A token that no host issued.
    func invalidToken() -> String { "very-invalid-access-token-" + CloudEvent.newID().replacingOccurrences(of: "-", with: "") }

    /// Checks each footprint with the schema validator, or warns that none is configured.
    func validate(_ footprints: [JSONValue], _ place: String, _ outcome: inout CaseOutcome) {
        guard let validator = configuration.footprintValidator else {
            outcome.warn("footprints not checked against the PACT \(spec) schema: no schema validator configured")
            return
        }
        for (index, footprint) in footprints.enumerated() {
            let (problems, warnings) = validator(footprint, spec)
            let id = footprint["id"]?.stringValue ?? "?"
            if !problems.isEmpty {
                outcome.fail("\(place)[\(index)] (id \(id)) does not validate against the PACT \(spec) schema: " + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : ""))
            }
            if !warnings.isEmpty {
                outcome.warn("\(place)[\(index)] (id \(id)): " + warnings.prefix(3).joined(separator: "; ") + (warnings.count > 3 ? "; and \(warnings.count - 3) more" : ""))
            }
        }
    }

    /// Checks that `request` sent over plain HTTP (same host and port) is refused, not answered or redirected.
    func expectRefusedOverPlainHTTP(_ request: PACTHTTPRequest, _ outcome: inout CaseOutcome) async {
        guard request.url.lowercased().hasPrefix("https://") else {
            outcome.fail("\(request.url) is not an https URL, so refusing plain HTTP cannot be checked")
            return
        }
        var plain = request
        plain.url = "http://" + request.url.dropFirst("https://".count)
        do {
            let response = try await client.send(plain)
            let location = response.headerValues("location").first.map { " to \($0)" } ?? ""
            if (300..<400).contains(response.status) {
                outcome.fail("\(plain.method) \(plain.url) was redirected (HTTP \(response.status)\(location)): plain HTTP must be refused, not redirected (the official tool follows redirects and fails the case)")
            } else if response.isSuccess {
                outcome.fail("\(plain.method) \(plain.url) was answered over plain HTTP with HTTP \(response.status)")
            } else if response.json?["access_token"] != nil || response.json?["data"] != nil {
                outcome.fail("\(plain.method) \(plain.url) returned data over plain HTTP (HTTP \(response.status))")
            } else {
                outcome.note("plain HTTP refused with HTTP \(response.status)")
            }
        } catch {
            outcome.note("plain HTTP refused: \(error.category) (\(error.message))")
        }
    }

    /// Every footprint of ListFootprints at `url`, following `rel="next"` links (at most
    /// ``maximumPages`` pages; `truncated` says a link to more was left, and the case is warned).
    func allPages(_ url: String, token: String, _ outcome: inout CaseOutcome) async throws(PACTClientError) -> (status: Int, footprints: [JSONValue], truncated: Bool)? {
        var next: String? = url
        var footprints: [JSONValue] = []
        var firstStatus: Int?
        var seen: Set<String> = []
        while let current = next, seen.count < Self.maximumPages {
            guard seen.insert(current).inserted else {
                outcome.fail("the pagination link \(current) repeats")
                return nil
            }
            let response = try await exchange(get(current, token: token), &outcome)
            if firstStatus == nil { firstStatus = response.status }
            guard response.status == 200 || response.status == 202 else {
                outcome.fail("GET \(current) answered \(Self.describe(response))")
                return nil
            }
            guard let page = response.json?["data"]?.arrayValue else {
                outcome.fail("GET \(current) did not return {\"data\": [...]}: \(Self.describe(response))")
                return nil
            }
            footprints += page
            guard footprints.count <= Self.maximumFootprints else {
                outcome.fail("the host listed more than \(Self.maximumFootprints) footprints for one case; the suite stops reading there")
                return nil
            }
            next = PACTLinkHeader(values: response.headerValues("link")).next
            // The access token goes to the host under test only.
            if let link = next, let base = try? PACTURL(parsing: configuration.baseURL), (try? PACTURL(parsing: link)).map({ Self.sameOrigin($0, base) }) != true {
                outcome.fail("the pagination link \(link) does not name the host under test (its scheme, host and port); it was not followed")
                return nil
            }
        }
        if next != nil { outcome.warn("stopped following the pagination links after \(Self.maximumPages) pages") }
        return (firstStatus ?? 200, footprints, next != nil)
    }

    /// The most pages a case follows.
    static var maximumPages: Int { 50 }

    /// The most footprints a case reads: a host listing more is not a test host, and holding
    /// them all could exhaust the memory of the machine running the suite.
    static var maximumFootprints: Int { 10_000 }

    /// Whether `link` has the scheme, host and port of `base`.
    static func sameOrigin(_ link: PACTURL, _ base: PACTURL) -> Bool {
        link.scheme == base.scheme && link.host.lowercased() == base.host.lowercased() && link.effectivePort == base.effectivePort
    }

    /// A short description of a response for messages: status and the start of the body.
    static func describe(_ response: PACTHTTPResponse) -> String {
        let body = response.bodyText.prefix(300)
        let described = "HTTP \(response.status)" + (body.isEmpty ? " (empty body)" : " \(body)")
        guard (300..<400).contains(response.status) else { return described }
        // Redirects are not followed (a token must not travel elsewhere, plain HTTP must be refused).
        let location = response.headerValues("location").first.map { " to \($0)" } ?? ""
        return described + ", a redirect\(location) that the suite does not follow: the host must answer at the URL itself"
    }

    static func format(_ duration: Duration) -> String {
        String(format: "%.2f s", duration.seconds)
    }
}
