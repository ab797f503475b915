import TsunaguCore

/// One page of ListFootprints.
public struct PACTFootprintPage: Sendable {
    /// The footprints on this page, exactly as the host wrote them.
    public let footprints: [JSONValue]
    /// The absolute URL of the next page (`Link: <...>; rel="next"`), when there are more.
    public let nextLink: String?
    /// Every link of the `Link` header, by relation type.
    public let links: [String: String]
    /// 200 for a complete result; 202 when the host says the result is still incomplete.
    public let status: Int
    /// The URL the page was read from.
    public let url: String
}

extension PACTClient {
    /// The first page of ListFootprints (`GET /2/footprints` or `/3/footprints`).
    /// - Parameters:
    ///   - query: v3 filters or the v2 `$filter`.
    ///   - limit: the most footprints the host may return on the page.
    /// - Throws: ``PACTClientError`` with the host's status and PACT error code when refused.
    public func footprintsPage(version: PACTVersion, query: PACTFootprintQuery = PACTFootprintQuery(), limit: Int? = nil) async throws(PACTClientError) -> PACTFootprintPage {
        var items = try query.queryItems(for: version)
        if let limit { items.append(("limit", String(limit))) }
        let path = version.pathPrefix + "/footprints"
        let url = items.isEmpty ? self.url(path) : self.url(path) + "?" + PACTQueryEncoding.query(items)
        return try await page(at: url)
    }

    /// The page a pagination link points to.
    /// - Throws: ``PACTClientError/Category/invalidURL`` when the link is not absolute or leads
    ///   to another origin than the base URL (the access token is never sent elsewhere).
    public func footprintsPage(at link: String) async throws(PACTClientError) -> PACTFootprintPage {
        let target = try PACTURL(parsing: link)
        guard target.sameOrigin(as: baseURL) else {
            throw PACTClientError.invalidURL(link, reason: "points to another origin than \(baseURL.text); the access token is not sent there")
        }
        return try await page(at: link)
    }

    /// Every footprint of ListFootprints, following pagination links until the last page.
    /// - Parameter pageSize: the `limit` asked for on the first page (the host keeps it in its links).
    /// - Throws: ``PACTClientError/Category/invalidResponse`` when a link repeats or the host
    ///   gives more than ``Configuration/maximumPages`` pages or, together, more than
    ///   ``Configuration/maximumFootprints`` footprints.
    public func allFootprints(version: PACTVersion, query: PACTFootprintQuery = PACTFootprintQuery(), pageSize: Int? = nil) async throws(PACTClientError) -> [JSONValue] {
        var page = try await footprintsPage(version: version, query: query, limit: pageSize)
        var footprints: [JSONValue] = []
        try collect(page, into: &footprints)
        var visited: Set<String> = []
        var pages = 1
        while let next = page.nextLink {
            guard visited.insert(next).inserted else {
                throw PACTClientError.invalidResponse("the pagination link \(next) was given twice: the host's pagination loops", status: page.status, url: next)
            }
            guard pages < configuration.maximumPages else {
                throw PACTClientError.invalidResponse("more than \(configuration.maximumPages) pages; stopped following links", status: page.status, url: next)
            }
            page = try await footprintsPage(at: next)
            try collect(page, into: &footprints)
            pages += 1
        }
        return footprints
    }

    /// One footprint by id (`GET /2/footprints/{id}` or `/3/footprints/{id}`).
    /// - Throws: ``PACTClientError/Category/rejected`` with status 404 and code `NoSuchFootprint`
    ///   (v2) or `NotFound` (v3) when the host does not know the id.
    public func footprint(id: String, version: PACTVersion) async throws(PACTClientError) -> JSONValue {
        let url = self.url(version.pathPrefix + "/footprints/" + PACTQueryEncoding.encode(id))
        let response = try await sendAuthorized(PACTHTTPRequest(url: url, headers: [("Accept", "application/json")]))
        try requireSuccess(response)
        guard let document = response.json?["data"], case .object = document else {
            throw PACTClientError.invalidResponse("the body is not {\"data\": {...footprint...}}", status: response.status, url: url)
        }
        return document
    }

    /// Adds the footprints of `page` to `footprints`, unless that makes more than
    /// ``Configuration/maximumFootprints``.
    private func collect(_ page: PACTFootprintPage, into footprints: inout [JSONValue]) throws(PACTClientError) {
        let limit = configuration.maximumFootprints
        guard page.footprints.count <= limit - footprints.count else {
            throw PACTClientError.invalidResponse(
                "the host lists more than \(limit) footprints (maximumFootprints); stopped following links", status: page.status, url: page.url
            )
        }
        footprints += page.footprints
    }

    private func page(at url: String) async throws(PACTClientError) -> PACTFootprintPage {
        let response = try await sendAuthorized(PACTHTTPRequest(url: url, headers: [("Accept", "application/json")]))
        try requireSuccess(response)
        guard let footprints = response.json?["data"]?.arrayValue else {
            throw PACTClientError.invalidResponse("the body is not {\"data\": [...footprints...]}", status: response.status, url: url)
        }
        let links = PACTLinkHeader(values: response.headerValues("link"))
        return PACTFootprintPage(footprints: footprints, nextLink: links.next, links: links.links, status: response.status, url: url)
    }
}
