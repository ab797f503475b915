import Foundation
import NIOCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import TsunaguCore
@testable import TsunaguEcosystems

/// A Catena-X backend over fixed partners and parts, recording what it accepts.
final class RecordingCatenaXBackend: CatenaXHostBackend {
    let partners: [String: String]
    let parts: Set<String>
    let openRequests: Set<String>
    /// Whether the partner registry cannot be read.
    let registryDown: Bool
    let requests = Mutex<[CatenaXFootprintRequest]>([])
    let deliveries = Mutex<[CatenaXFootprintDelivery]>([])

    init(
        partners: [String: String] = [CatenaXFixtures.customer: "https://customer.example/pcf"], parts: Set<String> = ["mat345", "cust-1"],
        openRequests: Set<String> = ["req-1"], registryDown: Bool = false
    ) {
        self.partners = partners
        self.parts = parts
        self.openRequests = openRequests
        self.registryDown = registryDown
    }

    func replyAddress(for requester: BusinessPartnerNumber) async throws(CatenaXError) -> String? {
        if registryDown { throw CatenaXError.serviceUnavailable("the partner registry is not available") }
        return partners[requester.value]
    }

    func accept(_ request: CatenaXFootprintRequest) async throws(CatenaXError) {
        let named = [request.manufacturerPartID, request.customerPartID].compactMap { $0 }
        guard named.contains(where: parts.contains) else {
            throw CatenaXError.notFound("no footprint for part \(named.joined(separator: " / ")): check the part id")
        }
        requests.withLock { $0.append(request) }
    }

    func receive(_ delivery: CatenaXFootprintDelivery) async throws(CatenaXError) {
        guard delivery.isUpdate || delivery.requestID.map(openRequests.contains) == true else {
            throw CatenaXError.notFound("no open request '\(delivery.requestID ?? "")' of \(delivery.sender): send update=true for a later update")
        }
        guard delivery.document["productIds"] != nil || delivery.document["companyAndProductInformation"] != nil else {
            throw CatenaXError.unprocessable("the document does not validate against the PCF aspect schema: productIds is missing")
        }
        deliveries.withLock { $0.append(delivery) }
    }
}

/// A request context that knows the TCP peer, for the peer address trust rule.
struct PeerAwareContext: RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

enum CatenaXFixtures {
    static let customer = "BPNL0000005AMPL3"
    static let secretHeader = "X-Data-Plane-Key"
    static let secret = "s3cret-of-the-data-plane"
    static var trust: CatenaXRequesterTrust { CatenaXRequesterTrust.sharedSecret(headerName: secretHeader, secret: secret) ?? .nobody }

    /// The headers the connector data plane adds.
    static var dataPlaneHeaders: HTTPFields {
        var fields = HTTPFields()
        fields[HTTPField.Name(secretHeader)!] = secret
        fields[CatenaXRequesterTrust.bpnHeader] = customer
        return fields
    }

    /// A small PCF 9.0.0-shaped document with numbers that a Double would change.
    static let document: JSONValue = [
        "companyAndProductInformation": [["productInformation": [["productIds": ["urn:mycompany.com:product-id:401765"], "declaredUnitAmount": .number(JSONNumber(text: "1.000000000000000000001")!)]]]],
        "productIds": ["urn:mycompany.com:product-id:401765"],
        "pcfExcludingBiogenicUptake": .number(JSONNumber(text: "0.10000000000000000001")!),
    ]

    static func withServer(_ backend: RecordingCatenaXBackend, trust: CatenaXRequesterTrust = trust, versions: Set<CatenaXDataModelVersion> = [.defaultVersion, .v7], _ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        CatenaXHostRoutes(backend: backend, trust: trust, servedVersions: versions).register(on: router)
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live, test)
    }

    static func json(_ buffer: ByteBuffer) throws -> JSONValue { try JSONParser().parse(buffer.readableBytesView) }
}
