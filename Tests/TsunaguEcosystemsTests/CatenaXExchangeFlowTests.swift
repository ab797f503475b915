import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

/// A provider backend that answers every accepted request at once by a PUT to the requester,
/// as the relay will do after fetching and translating the footprint.
final class ReplyingCatenaXBackend: CatenaXHostBackend {
    let customerBaseURL: String
    let provider = "BPNL000000000PRV"
    let replies = Mutex<[Task<Void, any Error>]>([])

    init(customerBaseURL: String) {
        self.customerBaseURL = customerBaseURL
    }

    func replyAddress(for requester: BusinessPartnerNumber) async throws(CatenaXError) -> String? {
        requester.value == CatenaXFixtures.customer ? customerBaseURL : nil
    }

    func accept(_ request: CatenaXFootprintRequest) async throws(CatenaXError) {
        // The data plane in front of the customer adds its secret and the provider's BPN.
        let endpoint = CatenaXEndpoint(baseURL: request.replyAddress, headers: [CatenaXFixtures.secretHeader: CatenaXFixtures.secret, "Edc-Bpn": provider])
        let task = Task {
            try await CatenaXClient(httpClient: .shared, timeout: .seconds(120)).deliverFootprint(CatenaXFixtures.document, to: endpoint, requestID: request.requestID, message: "answer to \(request.manufacturerPartID ?? "")", form: request.form)
        }
        replies.withLock { $0.append(task) }
    }

    func receive(_ delivery: CatenaXFootprintDelivery) async throws(CatenaXError) {
        throw CatenaXError.notFound("this provider asked nobody")
    }
}

@Suite struct CatenaXExchangeFlowTests {
    @Test func aRequestIsAnsweredAsynchronouslyByAPutToTheRequester() async throws {
        let customer = RecordingCatenaXBackend(openRequests: ["flow-1"])
        let customerRouter = Router()
        CatenaXHostRoutes(backend: customer, trust: CatenaXFixtures.trust).register(on: customerRouter)
        try await Application(router: customerRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { customerSide in
            let provider = ReplyingCatenaXBackend(customerBaseURL: "http://127.0.0.1:\(customerSide.port ?? 0)")
            let providerRouter = Router()
            CatenaXHostRoutes(backend: provider, trust: CatenaXFixtures.trust).register(on: providerRouter)
            try await Application(router: providerRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { providerSide in
                let endpoint = CatenaXEndpoint(baseURL: "http://127.0.0.1:\(providerSide.port ?? 0)", headers: [CatenaXFixtures.secretHeader: CatenaXFixtures.secret, "Edc-Bpn": CatenaXFixtures.customer])
                try await CatenaXClient(httpClient: .shared, timeout: .seconds(120)).requestFootprint(from: endpoint, requestID: "flow-1", manufacturerPartID: "mat345", customerPartID: nil)
                for task in provider.replies.withLock({ $0 }) { try await task.value }
            }
        }
        let delivery = try #require(customer.deliveries.withLock { $0.first })
        #expect(delivery.requestID == "flow-1")
        #expect(delivery.sender.value == "BPNL000000000PRV")
        #expect(delivery.isUpdate == false)
        #expect(delivery.message == "answer to mat345")
        #expect(delivery.document == CatenaXFixtures.document)
    }
}
