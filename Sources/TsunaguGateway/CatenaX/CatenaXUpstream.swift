import AsyncHTTPClient
import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay

/// Asks Catena-X partners for footprints: `GET /footprintExchange/{relay request id}` with the
/// part ids (`manufacturerPartId`, and `customerPartId` when the requester named its own) and
/// the partner's data model version; the partner answers later with a PUT to the
/// gateway's own `/footprintExchange/{relay request id}`, handed to the relay by
/// ``CatenaXGatewayBackend``.
public struct CatenaXUpstream: UpstreamFetcher {
    /// A Catena-X partner answers with a PUT to the gateway, after accepting the request (200, or 202 on the deprecated form).
    public var answersLater: Bool { true }

    let client: CatenaXClient
    let environment: [String: String]

    /// Creates the fetcher.
    /// - Parameters:
    ///   - timeout: the deadline of one GET (the relay's attempt deadline also applies).
    ///   - environment: where partners' header secrets are read, by the variable names they register.
    public init(httpClient: HTTPClient, timeout: Duration = .seconds(10), environment: [String: String]) {
        self.client = CatenaXClient(httpClient: httpClient, timeout: timeout)
        self.environment = environment
    }

    public func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome {
        let endpoint: CatenaXEndpoint
        switch partner.catenaXEndpoint(environment: environment) {
        case .success(let made): endpoint = made
        case .failure(let failure): return .failure(failure)
        }
        // A requester's own part number goes as customerPartId, every other id as the manufacturer's.
        let manufacturerPartID = query.manufacturerPartID
        guard manufacturerPartID != nil || query.customerPartID != nil else {
            return .failure(UpstreamFailure(.notFound, "the request names no part id to ask partner '\(partner.name)' for"))
        }
        do {
            try await client.requestFootprint(
                from: endpoint, requestID: relayRequestID, manufacturerPartID: manufacturerPartID, customerPartID: query.customerPartID,
                message: attempt > 1 ? "attempt \(attempt)" : nil, dataModelVersion: CatenaXDataModelVersion(partner.model.version)
            )
            return .awaitingDelivery
        } catch {
            return .failure(Self.failure(error, partner: partner.name))
        }
    }

    /// The relay's view of a client error: timeouts, unreachable partners, 408, 429 and 5xx are
    /// transient; 404 is "no such footprint"; 401/403 a refusal; anything else an invalid answer.
    static func failure(_ error: CatenaXClientError, partner: String) -> UpstreamFailure {
        let what = "partner '\(partner)': \(error)"
        if error.isTimeout { return UpstreamFailure(.unreachable, what) }
        switch error.status {
        case nil: return UpstreamFailure(error.isTransient ? .unreachable : .invalidAnswer, what)
        case 404?: return UpstreamFailure(.notFound, what)
        case 401?, 403?: return UpstreamFailure(.refused, what)
        case let status? where error.isTransient: return UpstreamFailure(.unavailable, "\(what) (HTTP \(status))")
        default: return UpstreamFailure(.invalidAnswer, what)
        }
    }
}
