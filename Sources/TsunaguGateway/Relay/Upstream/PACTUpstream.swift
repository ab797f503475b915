import AsyncHTTPClient
import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguRelay

/// Fetches footprints from PACT partners: a token with the partner's outbound credentials, then
/// ListFootprints filtered by product id (v3 `productId`, v2 `$filter`), and the newest active
/// match. Clients (and so their cached tokens) are kept per partner.
public actor PACTUpstream: UpstreamFetcher {
    private let httpClient: HTTPClient
    private let environment: [String: String]
    private var clients: [String: (key: String, client: PACTClient)] = [:]

    /// Creates the fetcher.
    /// - Parameter environment: where partners' secrets are read, by the variable names they register.
    public init(httpClient: HTTPClient, environment: [String: String]) {
        self.httpClient = httpClient
        self.environment = environment
    }

    public func fetch(_ query: ProductQuery, from partner: Partner, relayRequestID: String, attempt: Int, deadline: Date) async -> UpstreamFetchOutcome {
        let client: PACTClient
        switch self.client(for: partner) {
        case .success(let made): client = made
        case .failure(let failure): return .failure(failure)
        }
        let version: PACTVersion = partner.model == .pact3 ? .v3 : .v2
        do {
            for productID in query.productIDs {
                let found = try await client.allFootprints(version: version, query: Self.query(productID, version: version))
                // A host may ignore a filter it does not support: only footprints of the product count.
                let active = found.filter { footprint in
                    (footprint["status"]?.stringValue ?? "Active") == "Active"
                        && (footprint["productIds"]?.arrayValue ?? []).contains { $0.stringValue?.lowercased() == productID.lowercased() }
                }
                if let newest = active.max(by: { Self.updated($0) < Self.updated($1) }) {
                    return .document(RelayDocument(json: newest, model: partner.model))
                }
            }
            return .failure(UpstreamFailure(.notFound, "partner '\(partner.name)' lists no active footprint for product \(query.productIDs.joined(separator: ", "))"))
        } catch {
            return .failure(Self.failure(error, partner: partner.name))
        }
    }

    private func client(for partner: Partner) -> Result<PACTClient, UpstreamFailure> {
        let (secret, _) = partner.outbound.resolve(in: environment)
        guard let clientID = partner.outbound.clientID, let secret else {
            return .failure(UpstreamFailure(.notConfigured, "partner '\(partner.name)' has no outbound client id or its secret variable is not set"))
        }
        let key = "\(partner.baseURL.absoluteString)|\(clientID)|\(secret.hashValue)"
        if let cached = clients[partner.name], cached.key == key { return .success(cached.client) }
        do {
            let configuration = PACTClient.Configuration(
                baseURL: partner.baseURL.absoluteString, credentials: PACTCredentials(clientID: clientID, clientSecret: secret), discoversTokenEndpoint: false
            )
            let client = try PACTClient(configuration: configuration, httpClient: httpClient)
            clients[partner.name] = (key, client)
            return .success(client)
        } catch {
            return .failure(UpstreamFailure(.notConfigured, "partner '\(partner.name)' has an unusable base URL: \(error.message)"))
        }
    }

    private static func query(_ productID: String, version: PACTVersion) -> PACTFootprintQuery {
        switch version {
        case .v3: PACTFootprintQuery(productIDs: [productID])
        case .v2: PACTFootprintQuery(odataFilter: "productIds/any(productId:(productId eq '\(productID.replacingOccurrences(of: "'", with: "''"))'))")
        }
    }

    /// When a footprint last changed, as its text (RFC 3339 texts of one host sort by time).
    private static func updated(_ footprint: JSONValue) -> String {
        footprint["updated"]?.stringValue ?? footprint["created"]?.stringValue ?? ""
    }

    static func failure(_ error: PACTClientError, partner: String) -> UpstreamFailure {
        let what = "partner '\(partner)': \(error.message)"
        switch error.category {
        case .timeout, .transport: return UpstreamFailure(.unreachable, what)
        case .authenticationFailed: return UpstreamFailure(.refused, what)
        case .invalidResponse, .invalidURL, .invalidRequest: return UpstreamFailure(.invalidAnswer, what)
        default:
            switch error.status ?? 0 {
            case 404: return UpstreamFailure(.notFound, what)
            case 401, 403: return UpstreamFailure(.refused, what)
            case 429, 500...: return UpstreamFailure(.unavailable, "\(what) (HTTP \(error.status ?? 0))")
            default: return UpstreamFailure(.invalidAnswer, "\(what) (HTTP \(error.status ?? 0))")
            }
        }
    }
}
