import TsunaguCore

extension PACTConformanceRun {
    /// The id of the `RequestCreated` event answered by `RequestFulfilled` (case 12 → 13):
    /// like the official tool's, it holds a slash, which the host must echo back exactly.
    var fulfilledRequestID: String { runID + "/13" }
    /// The id of the request to be rejected (case 14.A → 14.B).
    var rejectedRequestID: String { runID + "/14.B" }

    /// The `source` of the suite's events: the receiver's events endpoint when there is one.
    func eventSource() async -> String {
        if let base = await configuration.callbackReceiver?.baseURL { return base + version.pathPrefix + "/events" }
        return "https://tsunagu-conformance.invalid" + version.pathPrefix + "/events"
    }

    /// Case 12: a `RequestCreated` for the first footprint's product ids, acknowledged with 200.
    func sendRequestCreated(state: PACTConformanceState) async -> PACTConformanceResult {
        await result("12") { outcome in
            let productIDs = (state.first["productIds"]?.arrayValue ?? []).compactMap(\.stringValue)
            let event = CloudEvent.requestCreated(
                version: version, criteria: PACTFootprintQuery(productIDs: productIDs), comment: "Please send PCF data for this year.",
                id: fulfilledRequestID, source: await eventSource()
            )
            try await expectAccepted(event.json, &outcome)
        }
    }

    /// Case 14.A: a `RequestCreated` for a product nobody has (`urn:pact:null`), acknowledged with 200.
    func sendRequestToBeRejected(state: PACTConformanceState) async -> PACTConformanceResult {
        await result("14.A") { outcome in
            let event = CloudEvent.requestCreated(
                version: version, criteria: PACTFootprintQuery(productIDs: ["urn:pact:null"]), comment: "Please send PCF data for this year.",
                id: rejectedRequestID, source: await eventSource()
            )
            try await expectAccepted(event.json, &outcome)
        }
    }

    /// Cases 15, 16, 17 and 21 (v2) / 40 (v3): published events, invalid token, plain HTTP and malformed ids.
    func eventCases(state: PACTConformanceState) async -> [PACTConformanceResult] {
        let source = await eventSource()
        let published = CloudEvent.published(version: version, footprintIDs: [CloudEvent.newID()], source: source).json
        var results: [PACTConformanceResult] = []
        results.append(await result("15") { outcome in
            try await expectAccepted(published, &outcome)
        })
        results.append(await result("16") { outcome in
            let response = try await exchange(postEvent(published, token: invalidToken()), &outcome)
            expectInvalidTokenRefusal(response, strictCode: version == .v2, &outcome)
        })
        results.append(await result("17") { outcome in
            await expectRefusedOverPlainHTTP(postEvent(published, token: state.token), &outcome)
        })
        results.append(await result(version == .v2 ? "21" : "40") { outcome in
            let malformed = CloudEvent.published(version: version, footprintIDs: ["urn:gtin:4712345060507"], source: source).json
            let response = try await exchange(postEvent(malformed, token: state.token), &outcome)
            outcome.check(response.status == 400, "a Published event with pfIds [\"urn:gtin:4712345060507\"] was answered with \(Self.describe(response)); expected 400 (footprint ids are UUIDs)")
            if response.status == 400, response.json?["code"]?.stringValue != "BadRequest" {
                outcome.warn("the error body has no code BadRequest: \(Self.describe(response))")
            }
            outcome.note("HTTP \(response.status)")
        })
        return results
    }

    /// Case 13: the host posts `RequestFulfilled` with footprints of the requested products to
    /// the receiver's events endpoint of the same version, with a token from the receiver.
    func receiveFulfilled(state: PACTConformanceState) async -> PACTConformanceResult {
        await result("13") { outcome in
            guard let event = await awaitCallback(answering: fulfilledRequestID, &outcome) else { return }
            checkCallbackEnvelope(event, kind: .requestFulfilled, &outcome)
            guard let footprints = event.json?["data"]?["pfs"]?.arrayValue, !footprints.isEmpty else {
                outcome.fail("data.pfs is missing or empty: a RequestFulfilled event carries at least one footprint")
                return
            }
            let requested = Set((state.first["productIds"]?.arrayValue ?? []).compactMap(\.stringValue))
            for footprint in footprints {
                let ids = (footprint["productIds"]?.arrayValue ?? []).compactMap(\.stringValue)
                let foreign = ids.filter { !requested.contains($0) }
                outcome.check(!ids.isEmpty && foreign.isEmpty, "footprint \(footprint["id"]?.stringValue ?? "?") has product ids \(ids) outside the request \(requested.sorted())")
            }
            validate(footprints, "data.pfs", &outcome)
            outcome.note("\(footprints.count) footprint(s) received on \(event.path)")
        }
    }

    /// Case 14.B: the host posts `RequestRejected` with an error code and message.
    func receiveRejected(state: PACTConformanceState) async -> PACTConformanceResult {
        await result("14.B") { outcome in
            guard let event = await awaitCallback(answering: rejectedRequestID, &outcome) else { return }
            checkCallbackEnvelope(event, kind: .requestRejected, &outcome)
            let error = event.json?["data"]?["error"]
            outcome.check(
                error?["code"]?.stringValue?.isEmpty == false && error?["message"]?.stringValue?.isEmpty == false,
                "data.error must be an object with a code and a message, found \(error?.jsonText ?? "nothing")"
            )
            if version == .v2, error?["code"] == "NoSuchFootprint" {
                outcome.warn("rejected with NoSuchFootprint, the v2 REST code: the v2.3 event schema lists NotFound")
            }
            outcome.note("rejected with \(error?["code"]?.stringValue ?? "?") on \(event.path)")
        }
    }

    private func expectAccepted(_ event: JSONValue, _ outcome: inout CaseOutcome) async throws(PACTClientError) {
        let request = postEvent(event, token: nil)
        var authorized = request
        authorized.headers.append(("Authorization", "Bearer \(try await client.accessToken().value)"))
        let response = try await exchange(authorized, &outcome)
        outcome.check(response.status == 200, "POST \(request.url) of a \(event["type"]?.stringValue ?? "?") event answered \(Self.describe(response)); expected 200")
        outcome.note("HTTP \(response.status)")
    }

    private func awaitCallback(answering requestEventID: String, _ outcome: inout CaseOutcome) async -> PACTReceivedEvent? {
        guard let receiver = configuration.callbackReceiver, let base = await receiver.baseURL else {
            outcome.fail("no callback receiver: run with --callback-host and --callback-port and register that URL at the host as this client's callback (TSUNAGU_DEMO_CALLBACK_URL for Tsunagu's demo mode)")
            return nil
        }
        guard let event = await receiver.event(answering: requestEventID, timeout: configuration.callbackTimeout) else {
            let others = await receiver.receivedEvents()
            let seen = others.isEmpty ? "no event at all arrived" : "\(others.count) other event(s) arrived: " + others.suffix(3).map { "\($0.type ?? "?") on \($0.path) answering \($0.requestEventID ?? "?")\($0.authorized ? "" : " without a valid token")" }.joined(separator: "; ")
            outcome.fail("no callback answering requestEventId \"\(requestEventID)\" within \(Self.format(configuration.callbackTimeout)) at \(base) (\(seen)); the host must have \(base) registered as this client's callback URL, reach it and accept its self-signed certificate")
            return nil
        }
        return event
    }

    private func checkCallbackEnvelope(_ event: PACTReceivedEvent, kind: PACTEventKind, _ outcome: inout CaseOutcome) {
        let path = version.pathPrefix + "/events"
        outcome.check(event.path == path, "the callback arrived on \(event.path), expected \(path)")
        outcome.check(event.authorized, "the callback carried no token issued by the receiver's /auth/token")
        guard let json = event.json else {
            outcome.fail("the callback body is not JSON: \(event.bodyText.prefix(200))")
            return
        }
        do {
            _ = try CloudEvent(json: json)
        } catch {
            outcome.fail(error.message)
        }
        if let validator = configuration.eventValidator {
            let problems = validator(json, kind, spec)
            if !problems.isEmpty {
                outcome.fail("the callback does not validate against the PACT \(spec) event schema: " + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : ""))
            }
        } else {
            outcome.warn("the callback's body was not checked against the PACT \(spec) event schema: no schema validator configured")
        }
        let expected = version.eventType(kind)
        outcome.check(event.type == expected, "the callback has type \(event.type.map { "\"\($0)\"" } ?? "none"), expected \"\(expected)\"")
        if let contentType = event.contentType, !contentType.lowercased().hasPrefix("application/cloudevents+json") {
            outcome.warn("the callback was sent as \(contentType), not application/cloudevents+json")
        }
    }
}
