import Foundation
import TsunaguEcosystems
import TsunaguRelay

extension Partner {
    /// The partner's PCF exchange endpoint with the headers its outbound credentials give:
    /// the API key variable's value as `Authorization` (an EDR token or a data plane key, sent as
    /// is), and the secret variable's value as the header the outbound client id names (the
    /// `authKey` / `authCode` pair of an EDC `HttpData` address, e.g. `X-Data-Plane-Key`).
    /// - Returns: the endpoint, or what is missing (a variable named but not set).
    func catenaXEndpoint(environment: [String: String]) -> Result<CatenaXEndpoint, UpstreamFailure> {
        var headers: [String: String] = [:]
        let (secret, apiKey) = outbound.resolve(in: environment)
        if let variable = outbound.apiKeyVariable {
            guard let apiKey else { return .failure(UpstreamFailure(.notConfigured, "partner '\(name)': environment variable \(variable) with its API key is not set")) }
            headers["Authorization"] = apiKey
        }
        if let variable = outbound.secretVariable {
            guard let secret, let header = outbound.clientID, !header.isEmpty else {
                return .failure(UpstreamFailure(.notConfigured, "partner '\(name)': environment variable \(variable) with its header secret is not set"))
            }
            headers[header] = secret
        }
        return .success(CatenaXEndpoint(baseURL: baseURL.absoluteString, headers: headers))
    }
}
