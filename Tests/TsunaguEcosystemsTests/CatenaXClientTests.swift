import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TsunaguCore
@testable import TsunaguEcosystems

@Suite struct CatenaXClientTests {
    /// The endpoint as the consumer's data plane presents the provider: here the routes on loopback,
    /// with the headers the provider's data plane would add.
    func endpoint(_ port: Int?, headers: [String: String] = [CatenaXFixtures.secretHeader: CatenaXFixtures.secret, "Edc-Bpn": CatenaXFixtures.customer]) -> CatenaXEndpoint {
        CatenaXEndpoint(baseURL: "http://127.0.0.1:\(port ?? 0)/", headers: headers)
    }

    let client = CatenaXClient(httpClient: .shared, timeout: .seconds(120))

    @Test func requestsAFootprintAndTheHostAccepts() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { test in
            let id = try await client.requestFootprint(from: endpoint(test.port), requestID: "r/1 ü", manufacturerPartID: "mat345", customerPartID: nil, message: "a+b & c", dataModelVersion: .v7)
            #expect(id == "r/1 ü")
            let generated = try await client.requestFootprint(from: endpoint(test.port), manufacturerPartID: nil, customerPartID: "cust-1")
            #expect(UUIDText.isValid(generated))
        }
        let received = backend.requests.withLock { $0 }
        #expect(received.map(\.requestID).first == "r/1 ü")
        #expect(received.first?.message == "a+b & c")
        #expect(received.first?.dataModelVersion == .v7)
        #expect(received.last?.dataModelVersion == .defaultVersion)
    }

    @Test func mapsRefusalsToErrorsWithTheirStatus() async throws {
        try await CatenaXFixtures.withServer(RecordingCatenaXBackend()) { test in
            let unsupported = await #expect(throws: CatenaXClientError.self) {
                try await client.requestFootprint(from: endpoint(test.port), manufacturerPartID: "mat345", customerPartID: nil, dataModelVersion: CatenaXDataModelVersion("10.0.0"))
            }
            #expect(unsupported?.status == 422)
            #expect(unsupported?.isTransient == false)
            #expect(unsupported?.description.contains("10.0.0") == true)
            let untrusted = await #expect(throws: CatenaXClientError.self) {
                try await client.requestFootprint(from: endpoint(test.port, headers: ["Edc-Bpn": CatenaXFixtures.customer]), manufacturerPartID: "mat345", customerPartID: nil)
            }
            #expect(untrusted?.status == 403)
            let unknown = await #expect(throws: CatenaXClientError.self) {
                try await client.deliverFootprint(CatenaXFixtures.document, to: endpoint(test.port), requestID: "never-asked")
            }
            #expect(unknown?.status == 404)
        }
    }

    @Test func deliversAnswersUpdatesAndTheDeprecatedForm() async throws {
        let backend = RecordingCatenaXBackend()
        try await CatenaXFixtures.withServer(backend) { test in
            try await client.deliverFootprint(CatenaXFixtures.document, to: endpoint(test.port), requestID: "req-1", message: "first answer")
            try await client.deliverFootprint(CatenaXFixtures.document, to: endpoint(test.port), requestID: "req-1", isUpdate: true)
            try await client.deliverFootprint(CatenaXFixtures.document, to: endpoint(test.port), requestID: "req-1", form: .productIDs(productID: "mat345"))
            try await client.deliverFootprint(CatenaXFixtures.document, to: endpoint(test.port), requestID: "req-1", isUpdate: true, form: .productIDs(productID: "mat345"))
        }
        let received = backend.deliveries.withLock { $0 }
        // The deprecated form marks an update by leaving the requestId out.
        #expect(received.map(\.isUpdate) == [false, true, false, true])
        #expect(received.map(\.requestID) == ["req-1", "req-1", "req-1", nil])
        #expect(received[0].message == "first answer")
        #expect(received[0].document == CatenaXFixtures.document)
        #expect(received[2].form == .productIDs(productID: "mat345"))
    }

    @Test func aPartnerThatNeverAnswersEndsInATimeoutWithinTheDeadline() async throws {
        let listener = try SilentListener()
        let quick = CatenaXClient(httpClient: .shared, timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await #expect(throws: CatenaXClientError.self) {
            try await quick.requestFootprint(from: endpoint(listener.port), manufacturerPartID: "mat345", customerPartID: nil)
        }
        #expect(error?.isTimeout == true)
        #expect(error?.isTransient == true)
        #expect(ContinuousClock.now - started < .seconds(120), "a 300 ms deadline must end the call, which a hung server never would; the bound is loose because the whole suite starts at once on two cores")
        withExtendedLifetime(listener) {}
    }

    @Test func anUnreachablePartnerAndABadAddressAreReported() async throws {
        let closedPort = try SilentListener().port
        let quick = CatenaXClient(httpClient: .shared, timeout: .seconds(1))
        let unreachable = await #expect(throws: CatenaXClientError.self) {
            try await quick.deliverFootprint(CatenaXFixtures.document, to: endpoint(closedPort), requestID: "req-1")
        }
        #expect(unreachable?.isTransient == true)
        #expect(unreachable?.status == nil)
        let invalid = await #expect(throws: CatenaXClientError.self) {
            try await client.requestFootprint(from: CatenaXEndpoint(baseURL: "ftp://partner"), manufacturerPartID: "x", customerPartID: nil)
        }
        #expect(invalid == .invalidAddress("ftp://partner"))
    }
}
