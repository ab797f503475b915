import AsyncHTTPClient
import Foundation
import NIOSSL
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguSchema

/// The conformance suite against the real gateway in demo mode, over HTTPS on loopback, with
/// the suite's own HTTPS receiver registered for callbacks and every footprint checked against
/// its version's schema: every mandatory case must pass.
@Suite(.serialized) struct PACTConformanceTests {
    static let callbackCredentials = PACTCredentials(clientID: "conformance-callback", clientSecret: "conformance-callback-secret")

    @Test(.timeLimit(.minutes(5)), arguments: PACTConformanceSpec.allCases)
    func theDemoGatewayPassesEveryMandatoryCase(spec: PACTConformanceSpec) async throws {
        let registry = try SchemaRegistry.load(directory: RepositoryPaths.mappings)
        let callbacks = try await CallbackEndpoint.start(credentials: Self.callbackCredentials)
        let receiver = callbacks.receiver
        let gateway = try await TestGateway.start(environment: callbacks.demoEnvironment, trustRoots: callbacks.certificatePath)
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        let report: PACTConformanceReport
        do {
            let pin = try NIOSSLCertificate.fromPEMFile(gateway.certificatePath).first.map(PACTTLSTrust.fingerprintSHA256(of:)) ?? ""
            let tls = try await PACTTLSTrust.pinnedSHA256(pin).tlsConfiguration(for: gateway.baseURL)
            report = try await HTTPClient.withHTTPClient(configuration: configuration) { httpClient in
                let suite = PACTConformanceSuite(
                    configuration: .init(
                        baseURL: gateway.baseURL,
                        credentials: PACTCredentials(clientID: gateway.clientID, clientSecret: gateway.clientSecret),
                        spec: spec,
                        tlsConfiguration: tls,
                        callbackTimeout: .seconds(30),
                        callbackReceiver: receiver,
                        footprintValidator: PACTConformanceSuite.schemaValidator(registry),
                        eventValidator: PACTConformanceSuite.eventValidator(registry)
                    ),
                    httpClient: httpClient
                )
                return await suite.run()
            }
        } catch {
            await gateway.stop()
            await receiver.stop()
            throw error
        }
        await gateway.stop()
        await receiver.stop()
        #expect(report.mandatoryFailures.isEmpty, "\(report.table())")
        #expect(report.results.count == PACTConformanceCatalog.entries(for: spec).count)
    }
}
