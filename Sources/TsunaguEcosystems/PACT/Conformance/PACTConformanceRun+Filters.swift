import Foundation
import TsunaguCore

extension PACTConformanceRun {
    /// v3: cases 20 to 39 (each query filter positive and negative) and T3 (`$filter` refused);
    /// v2: case 20 (`$filter=created ge ...`) and T4 (the rest of the `$filter` subset).
    func filterCases(state: PACTConformanceState) async -> [PACTConformanceResult] {
        switch version {
        case .v3: await v3FilterCases(state: state)
        case .v2: await v2FilterCases(state: state)
        }
    }

    private func v3FilterCases(state: PACTConformanceState) async -> [PACTConformanceResult] {
        guard case .success(let filter) = state.filters else {
            let reason: String
            if case .failure(let problem) = state.filters { reason = problem.message } else { reason = "unknown" }
            return await (20...39).map(String.init).asyncMap { id in
                await result(id) { outcome in outcome.fail("no filter values: \(reason)") }
            } + [await result("T3") { outcome in try await expectFilterRefused(state: state, &outcome) }]
        }
        typealias Predicate = @Sendable (JSONValue) -> Bool
        let validity: @Sendable (JSONValue) -> (start: Date?, end: Date?) = { footprint in
            let period = PACTFilterParameters.validity(of: footprint)
            return (period?.start, period?.end)
        }
        let validOn = Timestamp.parse(filter.validOn)
        let validAfter = Timestamp.parse(filter.validAfter)
        let validBefore = Timestamp.parse(filter.validBefore)
        let positives: [(id: String, query: [(name: String, value: String)], condition: String, matches: Predicate)] = [
            ("20", [("productId", filter.productID)], "productIds contains \(filter.productID)", { PACTFilterParameters.contains($0, "productIds", filter.productID) }),
            ("21", [("companyId", filter.companyID)], "companyIds contains \(filter.companyID)", { PACTFilterParameters.contains($0, "companyIds", filter.companyID) }),
            ("22", [("geography", filter.geography)], "geography is \(filter.geography)", { filter.geography.isEmpty || PACTFilterParameters.isIn($0, geography: filter.geography) }),
            ("23", [("classification", filter.classification)], "productClassifications contains \(filter.classification)", { filter.classification.isEmpty || PACTFilterParameters.contains($0, "productClassifications", filter.classification) }),
            ("24", [("validOn", filter.validOn)], "valid on \(filter.validOn)", { footprint in
                let period = validity(footprint)
                guard let start = period.start, let end = period.end, let validOn else { return false }
                return start <= validOn && validOn <= end
            }),
            ("25", [("validAfter", filter.validAfter)], "validity starts after \(filter.validAfter)", { footprint in
                guard let start = validity(footprint).start, let validAfter else { return false }
                return start > validAfter
            }),
            ("26", [("validBefore", filter.validBefore)], "validity ends before \(filter.validBefore)", { footprint in
                guard let end = validity(footprint).end, let validBefore else { return false }
                return end < validBefore
            }),
            ("27", [("status", filter.status)], "status is \(filter.status)", { $0["status"]?.stringValue == filter.status }),
            ("28", [("status", filter.status), ("productId", filter.productID)], "status is \(filter.status) and productIds contains \(filter.productID)", {
                $0["status"]?.stringValue == filter.status && PACTFilterParameters.contains($0, "productIds", filter.productID)
            }),
            ("29", [("companyId", filter.companyID), ("companyId", Self.randomWord()), ("companyId", Self.randomWord())], "companyIds contains \(filter.companyID)", {
                PACTFilterParameters.contains($0, "companyIds", filter.companyID)
            }),
        ]
        let negatives: [(id: String, query: [(name: String, value: String)])] = [
            ("30", [("productId", "urn:bogus:product:\(Self.randomWord())")]),
            ("31", [("companyId", "urn:bogus:company:\(Self.randomWord())")]),
            ("32", [("geography", "XX")]),
            ("33", [("classification", "urn:bogus:classification:\(Self.randomWord())")]),
            ("34", [("validOn", "1900-01-01T00:00:00Z")]),
            ("35", [("validAfter", "2099-12-31T23:59:59Z")]),
            ("36", [("validBefore", "1900-01-01T00:00:00Z")]),
            ("37", [("status", "BogusStatus\(Self.randomWord())")]),
            ("38", [("companyId", "urn:bogus:company:\(Self.randomWord())"), ("productId", "urn:bogus:product:\(Self.randomWord())")]),
            ("39", [("companyId", "urn:bogus:company:\(Self.randomWord())"), ("companyId", "urn:bogus:company:\(Self.randomWord())"), ("companyId", "urn:bogus:company:\(Self.randomWord())")]),
        ]
        var results: [PACTConformanceResult] = []
        for positive in positives {
            results.append(await result(positive.id) { outcome in
                let url = listURL(positive.query)
                guard let listed = try await allPages(url, token: state.token, &outcome) else { return }
                guard listed.status == 200 else {
                    outcome.fail("GET \(url) answered \(listed.status); expected 200")
                    return
                }
                let strays = listed.footprints.filter { !positive.matches($0) }.compactMap { $0["id"]?.stringValue }
                outcome.check(strays.isEmpty, "footprints not matching '\(positive.condition)' were returned: \(strays.joined(separator: ", "))")
                let ids = listed.footprints.compactMap { $0["id"]?.stringValue }
                outcome.check(
                    ids.contains(filter.id),
                    "the footprint the filter values come from (\(filter.id)) is missing from the result (\(ids.count) returned); Tsunagu's suite requires it, the official tool would accept this list"
                )
                outcome.note("\(ids.count) footprint(s) for \(PACTQueryEncoding.query(positive.query))")
            })
        }
        for negative in negatives {
            results.append(await result(negative.id) { outcome in
                let url = listURL(negative.query)
                let response = try await exchange(get(url, token: state.token), &outcome)
                guard response.status == 200, let footprints = response.json?["data"]?.arrayValue else {
                    outcome.fail("GET \(url) answered \(Self.describe(response)); expected 200 with {\"data\": []}")
                    return
                }
                outcome.check(footprints.isEmpty, "\(footprints.count) footprint(s) returned for \(PACTQueryEncoding.query(negative.query)); expected an empty list")
                outcome.note("empty list")
            })
        }
        results.append(await result("T3") { outcome in try await expectFilterRefused(state: state, &outcome) })
        return results
    }

    private func expectFilterRefused(state: PACTConformanceState, _ outcome: inout CaseOutcome) async throws(PACTClientError) {
        let url = listURL([("$filter", "productIds/any(productId:(productId eq '\(state.firstID)'))")])
        let response = try await exchange(get(url, token: state.token), &outcome)
        outcome.check(response.status == 400, "$filter in v3 was answered with \(Self.describe(response)); expected 400 (v3 replaced OData filters)")
        if response.status == 400 { outcome.check(response.json?["code"]?.stringValue == "BadRequest", "the error code is not BadRequest: \(Self.describe(response))") }
        outcome.note("HTTP \(response.status)")
    }

    private func v2FilterCases(state: PACTConformanceState) async -> [PACTConformanceResult] {
        let first = state.first
        var results: [PACTConformanceResult] = []
        results.append(await result("20") { outcome in
            guard let created = first["created"]?.stringValue, let instant = Timestamp.parse(created) else {
                outcome.fail("the first footprint has no valid created date")
                return
            }
            try await expectFilter("created ge '\(created)'", state: state, includesFirst: true, &outcome) { footprint in
                guard let text = footprint["created"]?.stringValue, let value = Timestamp.parse(text) else { return false }
                return value >= instant
            }
        })
        results.append(await result("T4") { outcome in
            if let productID = first["productIds"]?[0]?.stringValue {
                try await expectFilter("productIds/any(productId:(productId eq '\(productID)'))", state: state, includesFirst: true, &outcome) {
                    PACTFilterParameters.contains($0, "productIds", productID)
                }
            }
            if let companyID = first["companyIds"]?[0]?.stringValue {
                try await expectFilter("companyIds/any(companyId:(companyId eq '\(companyID)'))", state: state, includesFirst: true, &outcome) {
                    PACTFilterParameters.contains($0, "companyIds", companyID)
                }
            }
            if let country = first["pcf"]?["geographyCountry"]?.stringValue {
                try await expectFilter("pcf/geographyCountry eq '\(country)'", state: state, includesFirst: true, &outcome) {
                    $0["pcf"]?["geographyCountry"]?.stringValue == country
                }
            }
            if let productID = first["productIds"]?[0]?.stringValue, let created = first["created"]?.stringValue {
                try await expectFilter("(created le '\(created)') and (productIds/any(productId:(productId eq '\(productID)')))", state: state, includesFirst: true, &outcome) {
                    PACTFilterParameters.contains($0, "productIds", productID)
                }
            }
            try await expectFilter("productIds/any(productId:(productId eq 'urn:bogus:product:\(Self.randomWord())'))", state: state, includesFirst: false, &outcome) { _ in false }
        })
        return results
    }

    private func expectFilter(_ filter: String, state: PACTConformanceState, includesFirst: Bool, _ outcome: inout CaseOutcome, matches: (JSONValue) -> Bool) async throws(PACTClientError) {
        let url = listURL([("$filter", filter)])
        guard let listed = try await allPages(url, token: state.token, &outcome) else { return }
        let strays = listed.footprints.filter { !matches($0) }.compactMap { $0["id"]?.stringValue }
        outcome.check(strays.isEmpty, "$filter=\(filter) returned footprints that do not match: \(strays.joined(separator: ", "))")
        if includesFirst {
            outcome.check(listed.footprints.contains { $0["id"]?.stringValue == state.firstID }, "$filter=\(filter) left out footprint \(state.firstID), which matches")
        }
        outcome.note("$filter=\(filter): \(listed.footprints.count)")
    }

    static func randomWord() -> String {
        String(CloudEvent.newID().replacingOccurrences(of: "-", with: "").prefix(16))
    }
}

extension Sequence {
    fileprivate func asyncMap<Result>(_ transform: (Element) async -> Result) async -> [Result] {
        var results: [Result] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}
