import AsyncHTTPClient
import Foundation
import TsunaguCore
import TsunaguEcosystems
import TsunaguStore

/// Sends the queued Catena-X answers and updates (`catenax.exchange` messages): one PUT to the
/// requester's PCF exchange endpoint, with the headers of the requester's partner record read
/// at sending time (so a rotated token is used at once). The outbox retries failures.
public struct CatenaXExchangeDeliverer: OutboxDeliverer {
    let client: CatenaXClient
    let partners: CatenaXPartnerDirectory
    let environment: [String: String]

    /// Creates the deliverer.
    /// - Parameter environment: where requesters' header secrets are read, by the variable names they register.
    public init(store: any GatewayStore, httpClient: HTTPClient, timeout: Duration = .seconds(10), environment: [String: String]) {
        self.client = CatenaXClient(httpClient: httpClient, timeout: timeout)
        self.partners = CatenaXPartnerDirectory(store: store)
        self.environment = environment
    }

    public var kind: String { CatenaXExchangeMessage.kind }

    public func prepare(_ message: NewOutboxMessage) async throws -> OutboxAttempt {
        guard let exchange = message.prepared.content as? CatenaXExchangeMessage ?? CatenaXExchangeMessage(body: message.body) else {
            throw DeliveryFailure("the message to \(message.clientID) is not a Catena-X exchange message")
        }
        guard let partner = try await partners.partner(bpn: message.clientID, tenant: message.tenant) else {
            throw DeliveryFailure("\(message.clientID) is no longer a Catena-X partner of tenant '\(message.tenant)'", isPermanent: true)
        }
        // The partner's address and credentials as registered now, together: a partner whose
        // connector moved while an answer waited gets it at its new address, and its current
        // secrets never go to the address it left.
        let endpoint: CatenaXEndpoint
        switch partner.catenaXEndpoint(environment: environment) {
        case .success(let current): endpoint = current
        case .failure(let failure): throw DeliveryFailure(failure.message)
        }
        return OutboxAttempt { [client] in
            do {
                try await client.deliverFootprint(
                    encoded: exchange.encodedDocument, to: endpoint,
                    requestID: exchange.address.requestID, isUpdate: exchange.isUpdate, message: exchange.message, form: exchange.address.form
                )
            } catch let error as CatenaXClientError {
                // A connector that refuses the PUT for good (400, 404, 410, 422) refuses it again:
                // the outbox gives it up at once. A 403 is tried again: an EDC data plane answers
                // it when the connector's access token has expired, and a renewed one passes.
                throw DeliveryFailure(error.description, isPermanent: error.isRefusalForGood)
            }
        }
    }
}
