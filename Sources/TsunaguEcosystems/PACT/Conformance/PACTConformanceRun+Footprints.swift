import TsunaguCore

extension PACTConformanceRun {
    /// Cases 3 to 8, 10, 11 and T2: GetFootprint, ListFootprints, pagination, invalid tokens,
    /// unknown ids and HTTPS-only access.
    func footprintCases(state: PACTConformanceState) async -> [PACTConformanceResult] {
        let footprintURL = client.url(version.pathPrefix + "/footprints/" + PACTQueryEncoding.encode(state.firstID))
        var results: [PACTConformanceResult] = []
        results.append(await result("3") { outcome in
            let response = try await exchange(get(footprintURL, token: state.token), &outcome)
            guard response.status == 200, let document = response.json?["data"], case .object = document else {
                outcome.fail("GET \(footprintURL) answered \(Self.describe(response)); expected 200 with {\"data\": {...}}")
                return
            }
            outcome.check(document["id"]?.stringValue == state.firstID, "the footprint returned has id \(document["id"]?.jsonText ?? "none"), not the requested \(state.firstID)")
            validate([document], "data", &outcome)
        })
        results.append(await result("4") { outcome in
            let response = try await exchange(get(listURL(), token: state.token), &outcome)
            guard response.status == 200 || response.status == 202, let footprints = response.json?["data"]?.arrayValue else {
                outcome.fail("GET \(listURL()) answered \(Self.describe(response)); expected 200 or 202 with {\"data\": [...]}")
                return
            }
            outcome.check(footprints.count == state.footprints.count, "\(footprints.count) footprints listed now, \(state.footprints.count) before: the number does not match")
            validate(footprints, "data", &outcome)
            outcome.note("\(footprints.count) footprints")
        })
        results.append(await result("5") { outcome in
            try await checkPagination(state: state, &outcome)
        })
        results.append(await result("6") { outcome in
            let response = try await exchange(get(listURL(), token: invalidToken()), &outcome)
            expectInvalidTokenRefusal(response, strictCode: false, &outcome)
        })
        results.append(await result("7") { outcome in
            let response = try await exchange(get(footprintURL, token: invalidToken()), &outcome)
            expectInvalidTokenRefusal(response, strictCode: false, &outcome)
        })
        results.append(await result("8") { outcome in
            let url = client.url(version.pathPrefix + "/footprints/00000000-0000-0000-0000-000000000000")
            let response = try await exchange(get(url, token: state.token), &outcome)
            let code = response.json?["code"]?.stringValue
            guard response.status == 404 || response.status == 400 else {
                outcome.fail("GET \(url) answered \(Self.describe(response)); expected 404 with code \(version.notFoundCode)")
                return
            }
            guard code == version.notFoundCode || code == "BadRequest" else {
                outcome.fail("HTTP \(response.status) with code \(code.map { "\"\($0)\"" } ?? "missing"); expected \(version.notFoundCode)")
                return
            }
            if response.status != 404 || code != version.notFoundCode {
                outcome.warn("HTTP \(response.status) \(code ?? ""): the official tool accepts it, but the specification's answer is 404 \(version.notFoundCode)")
            }
            if response.json?["message"]?.stringValue == nil { outcome.warn("the error body has no message") }
            outcome.note("HTTP \(response.status) \(code ?? "")")
        })
        results.append(await result("10") { outcome in
            await expectRefusedOverPlainHTTP(get(listURL(), token: state.token), &outcome)
        })
        results.append(await result("11") { outcome in
            await expectRefusedOverPlainHTTP(get(footprintURL, token: state.token), &outcome)
        })
        results.append(await result("T2") { outcome in
            guard let walk = try await allPages(state.limitedURL, token: state.token, &outcome) else { return }
            let ids = walk.footprints.compactMap { $0["id"]?.stringValue }
            let duplicates = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            outcome.check(duplicates.isEmpty, "footprints listed twice while paging: \(duplicates.joined(separator: ", "))")
            // When the walk stopped at the page limit, only the footprints it could reach count.
            let unpaged = state.footprints.compactMap { $0["id"]?.stringValue }
            let missing = (walk.truncated ? Array(unpaged.prefix(ids.count)) : unpaged).filter { !ids.contains($0) }
            outcome.check(missing.isEmpty, "footprints of the unpaged list never reached by paging: \(missing.joined(separator: ", "))")
            outcome.note("\(ids.count) footprints in \(ids.count) pages of one")
        })
        return results
    }

    /// The answer to an invalid bearer token: 400 or 401 as the official tool accepts; code
    /// `BadRequest` is required when `strictCode`, otherwise only recommended.
    func expectInvalidTokenRefusal(_ response: PACTHTTPResponse, strictCode: Bool, _ outcome: inout CaseOutcome) {
        let code = response.json?["code"]?.stringValue
        guard response.status == 400 || response.status == 401 else {
            let hint = response.status == 403 ? " (PACT's AccessDenied is 403, but the conformance tool accepts only 400 or 401 for an invalid token)" : ""
            outcome.fail("an invalid access token was answered with \(Self.describe(response)); expected 400 or 401\(hint)")
            return
        }
        if code != "BadRequest" {
            let message = "the error code is \(code.map { "\"\($0)\"" } ?? "missing"); the conformance tool expects \"BadRequest\""
            if strictCode { outcome.fail(message) } else { outcome.warn(message) }
        }
        outcome.note("HTTP \(response.status) \(code ?? "")")
    }

    private func checkPagination(state: PACTConformanceState, _ outcome: inout CaseOutcome) async throws(PACTClientError) {
        outcome.check(state.limitedCount <= 1, "GET \(state.limitedURL) returned \(state.limitedCount) footprints; a host MUST NOT return more than the limit")
        guard let next = state.paginationLinks.next else {
            outcome.fail("GET \(state.limitedURL) gave no Link header with rel=\"next\" although \(state.footprints.count) footprints exist")
            return
        }
        guard let link = try? PACTURL(parsing: next) else {
            outcome.fail("the pagination link \(next) is not an absolute URL")
            return
        }
        if let base = try? PACTURL(parsing: configuration.baseURL), !Self.sameOrigin(link, base) {
            // The access token goes to the host under test only.
            outcome.fail("the pagination link \(next) names another origin than the request's (\(base.scheme)://\(base.host):\(base.effectivePort)); it was not followed")
            return
        }
        let response = try await exchange(get(next, token: state.token), &outcome)
        guard response.status == 200, let page = response.json?["data"]?.arrayValue else {
            outcome.fail("GET \(next) answered \(Self.describe(response)); expected 200 with {\"data\": [...]}")
            return
        }
        outcome.check(page.count <= 1, "the second page holds \(page.count) footprints although limit=1")
        let firstPageID = state.first["id"]?.stringValue
        if let id = page.first?["id"]?.stringValue, id == firstPageID, state.limitedCount == 1 {
            outcome.warn("the second page repeats the footprint of the first page (\(id))")
        }
        outcome.note("followed \(next)")
    }
}
