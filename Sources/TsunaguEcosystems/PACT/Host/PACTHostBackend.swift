import TsunaguCore

/// Who is calling the PACT API, as established from a bearer token.
public struct PACTRequester: Sendable, Hashable {
    /// The OAuth2 client id.
    public let clientID: String
    /// The tenant the client belongs to; it sees only that tenant's footprints.
    public let tenant: String

    /// Creates a requester.
    public init(clientID: String, tenant: String) {
        self.clientID = clientID
        self.tenant = tenant
    }
}

/// What the PACT host routes need from the gateway: authentication, released footprints and
/// event handling. The routes own the protocol (paths, parameters, pagination, error bodies);
/// the backend owns the data, the policies and the translation.
public protocol PACTHostBackend: Sendable {
    /// The requester a bearer token belongs to.
    /// - Throws: `BadRequest` for a token that is not valid, `TokenExpired` for an expired one.
    func authenticate(bearerToken: String) async throws(PACTError) -> PACTRequester

    /// The footprints `requester` may use that match `query`, released (policy obligations
    /// applied) and in the shape of `version`, in a stable order.
    func footprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [JSONValue]

    /// One footprint released to `requester` in the shape of `version`.
    /// - Throws: the version's not-found error, or `AccessDenied` when policy refuses it.
    func footprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> JSONValue

    /// ``footprints(matching:for:version:)`` with each document's JSON text, which the routes
    /// send without encoding it again. The default encodes the documents.
    func encodedFootprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [EncodedJSON]

    /// One page of ``encodedFootprints(matching:for:version:)``, how many footprints matching the
    /// page's filter the page and the pages after it hold (a host may stop counting at one more
    /// than the page's limit: that is enough to know a next page exists), and the id of the page's last footprint
    /// as the host lists it (the next page starts after it, whatever the released document says).
    /// Only the footprints on the page are released: a policy that records its releases records
    /// those, not the ones the page skipped. The default selects the page from every released
    /// footprint, and places `after` among the footprints the requester may have now.
    /// - Throws: `BadRequest` when the page starts after a footprint the host cannot place.
    func encodedFootprints(
        matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion, page: FootprintPage
    ) async throws(PACTError) -> (documents: [EncodedJSON], remaining: Int, lastID: String?)

    /// ``footprint(id:for:version:)`` with the document's JSON text. The default encodes the document.
    func encodedFootprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> EncodedJSON

    /// Accepts a validated event. Returns once everything the event requires later (a callback,
    /// say) is durably recorded.
    func accept(_ event: CloudEvent, kind: PACTEventKind, version: PACTVersion, from requester: PACTRequester) async throws(PACTError)
}

extension PACTHostBackend {
    /// Encodes the documents of ``footprints(matching:for:version:)``.
    public func encodedFootprints(matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> [EncodedJSON] {
        try await footprints(matching: query, for: requester, version: version).map(EncodedJSON.init)
    }

    /// Selects the page from every footprint of ``encodedFootprints(matching:for:version:)``.
    public func encodedFootprints(
        matching query: FootprintQuery, for requester: PACTRequester, version: PACTVersion, page: FootprintPage
    ) async throws(PACTError) -> (documents: [EncodedJSON], remaining: Int, lastID: String?) {
        let documents = try await encodedFootprints(matching: query, for: requester, version: version)
        var start = 0
        if let after = page.after {
            guard let found = page.start(after: after, in: documents) else { throw PACTError.unplacedPage(after: after) }
            start = found
        }
        var filling = page.filling
        var taken: [EncodedJSON] = []
        for document in documents[start...] {
            if filling.isComplete { break }
            if filling.take(document) { taken.append(document) }
        }
        let onPage = Array(taken.prefix(page.limit ?? taken.count))
        return (onPage, taken.count, onPage.last?.value["id"]?.stringValue)
    }

    /// Encodes the document of ``footprint(id:for:version:)``.
    public func encodedFootprint(id: String, for requester: PACTRequester, version: PACTVersion) async throws(PACTError) -> EncodedJSON {
        EncodedJSON(try await footprint(id: id, for: requester, version: version))
    }
}
