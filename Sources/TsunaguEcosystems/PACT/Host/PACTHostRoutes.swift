import Foundation
import HTTPTypes
import Hummingbird
import TsunaguCore

/// The PACT host API, versions 2 and 3, served from one backend: `GET /{2,3}/footprints`,
/// `GET /{2,3}/footprints/{id}` and `POST /{2,3}/events`.
///
/// The routes own the protocol: parameters, pagination links, event validation and PACT's
/// error bodies. Every refusal is a `{"code", "message"}` body whose message says what to fix.
public struct PACTHostRoutes<Backend: PACTHostBackend>: Sendable {
    let backend: Backend
    let publicBaseURL: String?
    let maximumBodyBytes: Int

    /// Creates the routes.
    /// - Parameters:
    ///   - publicBaseURL: the base URL clients use (behind a proxy); when `nil`, links are built
    ///     from the `Host` the client used, with the `https` scheme.
    ///   - maximumBodyBytes: the largest event body accepted.
    public init(backend: Backend, publicBaseURL: String? = nil, maximumBodyBytes: Int = 4 * 1024 * 1024) {
        self.backend = backend
        self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Adds the routes of both versions to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        for version in PACTVersion.allCases {
            router.get("\(version.pathPrefix)/footprints") { request, _ in
                await respond { () throws(PACTError) in try await list(request, version: version) }
            }
            router.get("\(version.pathPrefix)/footprints/:id") { request, context in
                await respond { () throws(PACTError) in
                    let id = context.parameters.get("id") ?? ""
                    let requester = try await authenticate(request)
                    return DataEnvelope.response(try await backend.encodedFootprint(id: id, for: requester, version: version))
                }
            }
            router.post("\(version.pathPrefix)/events") { request, _ in
                await respond { () throws(PACTError) in try await receiveEvent(request, version: version) }
            }
        }
    }

    private func respond(_ body: () async throws(PACTError) -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            return .json(["code": .string(error.code), "message": .string(error.message)], status: HTTPResponse.Status(code: error.status))
        }
    }

    private func authenticate(_ request: Request) async throws(PACTError) -> PACTRequester {
        guard let header = request.headers[.authorization] else {
            throw PACTError.badRequest("missing Authorization header: send 'Authorization: Bearer <access token>' obtained from /auth/token")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw PACTError.badRequest("invalid Authorization header: use the Bearer scheme with an access token from /auth/token")
        }
        // Trimmed natively: Foundation's `trimmingCharacters(in:)` goes through NSString and was a
        // tenth of a request's time in the benchmark's profile.
        var token = parts[1].drop { $0 == " " || $0 == "\t" }
        while let last = token.last, last == " " || last == "\t" { token = token.dropLast() }
        return try await backend.authenticate(bearerToken: String(token))
    }

    private func list(_ request: Request, version: PACTVersion) async throws(PACTError) -> Response {
        let requester = try await authenticate(request)
        // Parameter names arrive as sent; `%24filter` is `$filter` percent-encoded.
        let items = request.uri.queryParameters.map { (name: $0.key.percentDecoded, value: String($0.value)) }
        var limit: Int?
        var offset = 0
        var after: String?
        var filter: ODataFilter?
        var filterText: String?
        for (name, value) in items {
            switch name.lowercased() {
            case "limit":
                guard let number = Int(value), number >= 0 else { throw PACTError.badRequest("limit must be a non-negative integer, found '\(value)'") }
                limit = number
            case "offset":
                guard let number = Int(value), number >= 0 else { throw PACTError.badRequest("offset must be a non-negative integer, found '\(value)'") }
                offset = number
            case "after":
                guard !value.isEmpty else { throw PACTError.badRequest("after names the footprint a page starts after; it is empty") }
                after = value
            case "$filter" where version == .v2:
                // The v2.3 OpenAPI allows an empty $filter (allowEmptyValue): it filters nothing.
                let text = rawValue(of: "$filter", in: request).map(ODataFilter.text(ofQueryValue:)) ?? value
                guard !text.allSatisfy(\.isWhitespace) else { break }
                filter = try ODataFilter(parsing: text)
                filterText = text
            default:
                break
            }
        }
        let query = version == .v3 ? try FootprintQuery.parse(queryItems: items) : FootprintQuery()
        // A page holds at most `FootprintPage.maximumSize` footprints, asked for or not (PACT lets a
        // host return fewer than the limit, with a link to the rest): one call never renders and
        // holds a whole tenant.
        let pageSize = min(limit ?? FootprintPage.maximumSize, FootprintPage.maximumSize)
        if after != nil, items.contains(where: { $0.name.lowercased() == "offset" }) {
            throw PACTError.badRequest("give either after (the footprint a page starts after) or offset, not both")
        }
        let (page, remaining, lastID) = try await backend.encodedFootprints(
            matching: query, for: requester, version: version, page: FootprintPage(filter: filter, offset: offset, after: after, limit: pageSize))
        var headers = HTTPFields()
        if pageSize < remaining {
            // The next page starts after this page's last footprint. `limit=0` (the schemas'
            // minimum) returns no footprint; its link asks for the rest from the same place without
            // a limit, so that a client following links does not ask for nothing forever.
            let place: (name: String, value: String)
            if let lastID {
                place = ("after", lastID)
            } else {
                place = after.map { ("after", $0) } ?? ("offset", String(offset))
            }
            let link = nextLink(request, version: version, items: items, filter: filterText, place: place, limit: limit == 0 ? nil : limit)
            headers[.link] = "<\(link)>; rel=\"next\""
        }
        return DataEnvelope.response(page, headers: headers)
    }

    /// The still percent-encoded value of the first query parameter whose decoded name, ignoring
    /// case, is `name`.
    private func rawValue(of name: String, in request: Request) -> Substring? {
        guard let query = request.uri.query else { return nil }
        for item in query.split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0].percentDecoded.lowercased() == name else { continue }
            return parts.count > 1 ? parts[1] : ""
        }
        return nil
    }

    /// The link to the next page: the request's parameters with the next page's place and limit, and the
    /// `$filter` as this page read it (a client's form-encoded `+` for a space becomes `%20`, so
    /// the next page reads the same filter).
    private func nextLink(
        _ request: Request, version: PACTVersion, items: [(name: String, value: String)], filter: String?, place: (name: String, value: String), limit: Int?
    ) -> String {
        let base = publicBaseURL ?? "https://\(request.head.authority ?? "localhost")"
        var components = URLComponents()
        components.queryItems = items.filter { !["limit", "offset", "after"].contains($0.name.lowercased()) }.map { item in
            URLQueryItem(name: item.name, value: item.name.lowercased() == "$filter" ? filter ?? item.value : item.value)
        }
            + (limit.map { [URLQueryItem(name: "limit", value: String($0))] } ?? []) + [URLQueryItem(name: place.name, value: place.value)]
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
        return "\(base)\(version.pathPrefix)/footprints?\(query)"
    }

    private func receiveEvent(_ request: Request, version: PACTVersion) async throws(PACTError) -> Response {
        let requester = try await authenticate(request)
        let body: JSONValue
        switch await request.jsonBody(limit: maximumBodyBytes) {
        case .success(let value): body = value
        case .failure(let problem): throw problem.isTooLarge ? PACTError(code: "BadRequest", status: 413, message: problem.message) : PACTError.badRequest(problem.message)
        }
        let event = try CloudEvent(json: body)
        guard let kind = version.eventKind(ofType: event.type) else {
            let known = PACTEventKind.allCases.map { version.eventType($0) }.joined(separator: ", ")
            throw PACTError.badRequest("unknown event type '\(event.type)' for /\(version.rawValue)/events: expected one of \(known)")
        }
        try Self.check(event, kind: kind, version: version)
        try await backend.accept(event, kind: kind, version: version, from: requester)
        return Response(status: .ok)
    }

    /// Checks the `data` of each event kind beyond the CloudEvents envelope.
    static func check(_ event: CloudEvent, kind: PACTEventKind, version: PACTVersion) throws(PACTError) {
        // v3 requires `time` of every event, v2 of the events that start an exchange; v2's
        // RequestFulfilled and RequestRejected schemas require nothing.
        let answersARequest = kind == .requestFulfilled || kind == .requestRejected
        if event.time == nil, version == .v3 || !answersARequest {
            throw PACTError.badRequest("invalid CloudEvent: 'time' is missing: PACT requires the time the event was created, as an RFC 3339 date-time")
        }
        switch kind {
        case .published:
            guard let ids = event.data["pfIds"]?.arrayValue, !ids.isEmpty else {
                throw PACTError.badRequest("data.pfIds must be a non-empty array of footprint ids (UUIDs)")
            }
            for (index, id) in ids.enumerated() where !(id.stringValue.map(UUIDText.isValid) ?? false) {
                throw PACTError.badRequest("data.pfIds[\(index)] must be a footprint id (a UUID), found \(id.jsonText)")
            }
        case .requestCreated:
            if version == .v2, event.data["pf"]?.objectValue == nil {
                throw PACTError.badRequest("data.pf must be an object naming the requested footprints, e.g. {\"productIds\": [\"urn:...\"]}")
            }
            _ = try FootprintQuery.parse(requestData: event.data)
        case .requestFulfilled:
            guard event.data["requestEventId"]?.stringValue != nil else { throw PACTError.badRequest("data.requestEventId must be a string") }
            guard let footprints = event.data["pfs"]?.arrayValue, !footprints.isEmpty else {
                throw PACTError.badRequest("data.pfs must be a non-empty array of footprints")
            }
            for (index, footprint) in footprints.enumerated() where footprint.objectValue == nil {
                throw PACTError.badRequest("data.pfs[\(index)] must be a footprint (a JSON object), found a \(footprint.typeName)")
            }
        case .requestRejected:
            guard event.data["requestEventId"]?.stringValue != nil else { throw PACTError.badRequest("data.requestEventId must be a string") }
            guard let code = event.data["error"]?["code"]?.stringValue, event.data["error"]?["message"]?.stringValue != nil else {
                throw PACTError.badRequest("data.error must be an object with a code and a message (strings)")
            }
            guard PACTError.rejectionCodes.contains(code) else {
                throw PACTError.badRequest("data.error.code must be one of \(PACTError.rejectionCodes.sorted().joined(separator: ", ")), found '\(code.prefix(40))'")
            }
        }
    }

}
