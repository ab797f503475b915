import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct CatenaXRequesterTrustTests {
    let path = "/footprintExchange/r1?manufacturerPartId=mat345"

    @Test func refusesEdcBpnFromAHopWithoutTheDataPlaneSecret() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { client in
            try await client.execute(uri: path, method: .get, headers: [CatenaXRequesterTrust.bpnHeader: CatenaXFixtures.customer]) { response throws in
                #expect(response.status == .forbidden)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("data plane") == true)
            }
            var forged = CatenaXFixtures.dataPlaneHeaders
            forged[HTTPField.Name(CatenaXFixtures.secretHeader)!] = "s3cret-of-the-data-planf"
            try await client.execute(uri: path, method: .get, headers: forged) { response throws in
                #expect(response.status == .forbidden)
            }
            forged[HTTPField.Name(CatenaXFixtures.secretHeader)!] = CatenaXFixtures.secret + "x"
            try await client.execute(uri: "/footprintExchange/r1", method: .put, headers: forged, body: ByteBuffer(string: "{}")) { response throws in
                #expect(response.status == .forbidden)
            }
        }
        #expect(backend.requests.withLock { $0.isEmpty })
    }

    @Test func aTrustedHopMustStillNameAValidBPNL() async throws {
        try await CatenaXFixtures.withServer(RecordingCatenaXBackend()) { client in
            var headers = CatenaXFixtures.dataPlaneHeaders
            headers[CatenaXRequesterTrust.bpnHeader] = nil
            try await client.execute(uri: path, method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("Edc-Bpn") == true)
            }
            headers[CatenaXRequesterTrust.bpnHeader] = "BPNS0000005AMPL3"
            try await client.execute(uri: path, method: .get, headers: headers) { response throws in
                #expect(response.status == .badRequest)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("BPNL") == true)
            }
        }
    }

    @Test func trustsNobodyUntilConfigured() async throws {
        try await CatenaXFixtures.withServer(RecordingCatenaXBackend(), trust: .nobody) { client in
            try await client.execute(uri: path, method: .get, headers: CatenaXFixtures.dataPlaneHeaders) { response throws in
                #expect(response.status == .forbidden)
            }
        }
        #expect(CatenaXRequesterTrust.sharedSecret(headerName: "X-Key", secret: "short") == nil)
    }

    func withPeerAwareServer(_ backend: RecordingCatenaXBackend, trust: CatenaXRequesterTrust, _ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router(context: PeerAwareContext.self)
        CatenaXHostRoutes(backend: backend, trust: trust).register(on: router)
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live, test)
    }

    @Test func trustsListedPeerAddressesOnly() async throws {
        let bpnOnly: HTTPFields = [CatenaXRequesterTrust.bpnHeader: CatenaXFixtures.customer]
        let backend = RecordingCatenaXBackend()
        try await withPeerAwareServer(backend, trust: .trustedPeers(["127.0.0.1", "::1"])) { client in
            try await client.execute(uri: path, method: .get, headers: bpnOnly) { response throws in
                #expect(response.status == .ok)
            }
        }
        #expect(backend.requests.withLock { $0.count } == 1)
        try await withPeerAwareServer(RecordingCatenaXBackend(), trust: .trustedPeers(["10.1.2.3"])) { client in
            try await client.execute(uri: path, method: .get, headers: bpnOnly) { response throws in
                #expect(response.status == .forbidden)
                #expect(try CatenaXFixtures.json(response.body)["message"]?.stringValue?.contains("127.0.0.1") == true)
            }
        }
        let both = CatenaXFixtures.trust.requiringPeers(["127.0.0.1"])
        try await withPeerAwareServer(RecordingCatenaXBackend(), trust: both) { client in
            try await client.execute(uri: path, method: .get, headers: bpnOnly) { response throws in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: path, method: .get, headers: CatenaXFixtures.dataPlaneHeaders) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aPeerListFailsClosedWhenTheContextCannotTellThePeer() async throws {
        try await CatenaXFixtures.withServer(RecordingCatenaXBackend(), trust: .trustedPeers(["127.0.0.1"])) { client in
            try await client.execute(uri: path, method: .get, headers: [CatenaXRequesterTrust.bpnHeader: CatenaXFixtures.customer]) { response throws in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func businessPartnerNumbersAreCheckedForShape() {
        #expect(BusinessPartnerNumber("BPNL0000005AMPL3") != nil)
        #expect(BusinessPartnerNumber("BPNL0000005ampl3") == nil)
        #expect(BusinessPartnerNumber("BPNL0000005AMPL") == nil)
        #expect(BusinessPartnerNumber("BPNA0000005AMPL3") == nil)
    }
}
