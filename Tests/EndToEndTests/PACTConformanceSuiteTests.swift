import AsyncHTTPClient
import Foundation
import Logging
import Testing
import TsunaguCore
import TsunaguEcosystems
import TsunaguSchema

/// The conformance suite against real HTTPS hosts on loopback: a conformant one passes every
/// case, a faulty one fails exactly the cases its faults break.
@Suite struct PACTConformanceSuiteTests {
    static let credentials = PACTCredentials(clientID: "suite-client", clientSecret: "suite-secret")
    static let callbackCredentials = PACTCredentials(clientID: "callback-client", clientSecret: "callback-secret")

    private func run(
        spec: PACTConformanceSpec, faults: PACTConformanceFakeHost.Faults = .init(), withReceiver: Bool = true,
        validator: PACTConformanceSuite.FootprintValidator? = nil, eventValidator: PACTConformanceSuite.EventValidator? = Self.eventSchemas
    ) async throws -> PACTConformanceReport {
        var quiet = Logger(label: "conformance-receiver")
        quiet.logLevel = .critical
        let receiver = try PACTCallbackReceiver(configuration: .init(credentials: Self.callbackCredentials), logger: quiet)
        let receiverURL = try await receiver.start()
        let host = try await PACTConformanceFakeHost.start(
            credentials: Self.credentials, faults: faults,
            callbackURL: receiverURL, callbackCredentials: Self.callbackCredentials, callbackCertificate: receiver.certificate
        )
        var clientConfiguration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        let report: PACTConformanceReport
        do {
            let tls = try await PACTTLSTrust.insecureSkipVerification.tlsConfiguration(for: host.baseURL)
            report = try await HTTPClient.withHTTPClient(configuration: clientConfiguration) { httpClient in
                let suite = PACTConformanceSuite(
                    configuration: .init(
                        baseURL: host.baseURL, credentials: Self.credentials, spec: spec, tlsConfiguration: tls,
                        // Generous: under the full parallel test run a call of the fake host has
                        // taken over 5 s, and the cases check answers, not speed.
                        requestTimeout: .seconds(20), officialRequestBudget: .seconds(20), callbackTimeout: .seconds(10),
                        callbackReceiver: withReceiver ? receiver : nil, footprintValidator: validator, eventValidator: eventValidator
                    ),
                    httpClient: httpClient
                )
                return await suite.run()
            }
        } catch {
            await host.stop()
            await receiver.stop()
            throw error
        }
        await host.stop()
        await receiver.stop()
        return report
    }

    /// The PACT event schemas of the repository.
    private static let eventSchemas = try? PACTConformanceSuite.eventValidator(SchemaRegistry.load(directory: RepositoryPaths.mappings))

    private static let requiresID: PACTConformanceSuite.FootprintValidator = { footprint, _ in
        (footprint["id"]?.stringValue == nil ? ["/id is required"] : [], [])
    }

    @Test(.timeLimit(.minutes(5))) func aConformantV3HostPassesEveryCase() async throws {
        let report = try await run(spec: .v3_0, validator: Self.requiresID)
        let failed = report.results.filter { !$0.passed }
        #expect(failed.isEmpty, "\(report.table())")
        #expect(report.conforms)
        #expect(report.results.map(\.id) == PACTConformanceCatalog.entries(for: .v3_0).map(\.id))
        #expect(report.result("13")?.detail.contains("received on /3/events") == true)
        #expect(report.result("14.B")?.detail.contains("rejected with NotFound") == true)
        // A call slower than the official tool's budget is warned about; under the full parallel
        // test run the machine, not the host, makes a call slow, so those warnings are not counted.
        let warnings = report.results.flatMap(\.warnings).filter { !$0.contains("the official tool allows") }
        #expect(warnings.isEmpty, "\(report.table())")
    }

    @Test(.timeLimit(.minutes(5))) func aConformantV2HostPassesEveryCase() async throws {
        let report = try await run(spec: .v2_3, validator: Self.requiresID)
        #expect(report.results.filter { !$0.passed }.isEmpty, "\(report.table())")
        #expect(report.results.map(\.id) == PACTConformanceCatalog.entries(for: .v2_3).map(\.id))
        #expect(report.result("14.B")?.detail.contains("rejected with NotFound") == true)
    }

    @Test(.timeLimit(.minutes(5))) func faultsFailExactlyTheCasesTheyBreak() async throws {
        var faults = PACTConformanceFakeHost.Faults()
        faults.invalidTokenIs403 = true
        faults.noPaginationLink = true
        faults.acceptsFilterInV3 = true
        faults.acceptsAnyPublishedIDs = true
        faults.ignoresProductIDFilter = true
        let report = try await run(spec: .v3_0, faults: faults)
        let failed = Set(report.results.filter { !$0.passed }.map(\.id))
        #expect(failed == ["5", "6", "7", "16", "20", "28", "30", "40", "T2", "T3"], "\(report.table())")
        #expect(!report.conforms)
        #expect(report.result("6")?.detail.contains("accepts only 400 or 401") == true)
        #expect(report.result("5")?.detail.contains("no Link header") == true)
        #expect(report.table().contains("DOES NOT CONFORM"))
    }

    /// A host whose first callback carries a token from an earlier run, refused with 401, and
    /// that sends it again with a fresh token, conforms: the valid attempt counts.
    @Test(.timeLimit(.minutes(5))) func aCallbackRetriedWithAFreshTokenPasses() async throws {
        var faults = PACTConformanceFakeHost.Faults()
        faults.callbackWithStaleTokenFirst = true
        let report = try await run(spec: .v3_0, faults: faults)
        #expect(report.result("13")?.passed == true, "\(report.table())")
        #expect(report.result("14.B")?.passed == true, "\(report.table())")
    }

    /// Callbacks are checked against the PACT event schemas: without `time`, or rejected with a
    /// code PACT does not have, they fail.
    @Test(.timeLimit(.minutes(5))) func callbacksThatBreakTheEventSchemaFail() async throws {
        var faults = PACTConformanceFakeHost.Faults()
        faults.sloppyCallbacks = true
        let report = try await run(spec: .v3_0, faults: faults)
        #expect(Set(report.mandatoryFailures.map(\.id)) == ["13", "14.B"], "\(report.table())")
        #expect(report.result("13")?.detail.contains("event schema") == true, "\(report.table())")
        #expect(report.result("14.B")?.detail.contains("code") == true, "\(report.table())")
    }

    /// The access token goes to the host under test only: a pagination link over plain HTTP is
    /// not followed, and the case fails saying so.
    @Test(.timeLimit(.minutes(5))) func aPaginationLinkToAnotherOriginIsNotFollowed() async throws {
        var faults = PACTConformanceFakeHost.Faults()
        faults.plainHTTPPaginationLink = true
        let report = try await run(spec: .v3_0, faults: faults)
        #expect(report.result("5")?.passed == false, "\(report.table())")
        #expect(report.result("5")?.detail.contains("it was not followed") == true, "\(report.table())")
    }

    @Test(.timeLimit(.minutes(5))) func withoutAReceiverTheCallbackCasesFailAndSaySo() async throws {
        let report = try await run(spec: .v3_0, withReceiver: false)
        #expect(Set(report.mandatoryFailures.map(\.id)) == ["13", "14.B"])
        #expect(report.result("13")?.detail.contains("TSUNAGU_DEMO_CALLBACK_URL") == true)
        #expect(report.result("3")?.warnings.contains { $0.contains("no schema validator") } == true)
    }

    @Test(.timeLimit(.minutes(5))) func schemaProblemsFailTheCasesThatReturnFootprints() async throws {
        let report = try await run(spec: .v3_0) { _, spec in (spec == .v3_0 ? ["/pcf/declaredUnitOfMeasurement is required"] : [], []) }
        #expect(Set(report.mandatoryFailures.map(\.id)) == ["3", "4", "13"])
        #expect(report.result("3")?.detail.contains("does not validate against the PACT 3.0 schema: /pcf/declaredUnitOfMeasurement is required") == true)
    }

    @Test func anUnreachableHostFailsInitializationAndRunsNothingElse() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let report = try await HTTPClient.withHTTPClient(configuration: configuration) { httpClient in
            let suite = PACTConformanceSuite(configuration: .init(baseURL: "https://127.0.0.1:1", credentials: Self.credentials, spec: .v2_3, requestTimeout: .seconds(2)), httpClient: httpClient)
            return await suite.run()
        }
        #expect(report.result("0")?.passed == false)
        #expect(report.results.dropFirst().allSatisfy { !$0.passed && $0.detail.hasPrefix("not run: case 0 failed") })
        #expect(!report.conforms)
    }

    @Test func theSchemaValidatorUsesTheSpecVersionsSchema() throws {
        let validator = PACTConformanceSuite.schemaValidator(try SchemaRegistry.load(directory: RepositoryPaths.mappings))
        let demo = try JSONParser().parse(try String(contentsOfFile: RepositoryPaths.demoFootprints + "/01-steel-coil-jp.json", encoding: .utf8))
        #expect(validator(demo, .v3_0).errors.isEmpty)
        #expect(validator(demo, .v2_3).errors.contains { $0.contains("productCategoryCpc") })
        guard case .object(var members) = demo else { return }
        members["pcf"] = nil
        #expect(validator(.object(members), .v3_0).errors.contains { $0.contains("pcf") })
    }

    /// A GxD block that breaks Tsunagu's extension rules is warned about, not failed: PACT only
    /// requires an extension's data to be an object, and the official tool does not look inside.
    @Test func anExtensionTsunaguRefusesIsAWarningNotAFailure() throws {
        let validator = PACTConformanceSuite.schemaValidator(try SchemaRegistry.load(directory: RepositoryPaths.mappings))
        var gxd = try JSONParser().parse(try String(contentsOfFile: RepositoryPaths.demoFootprints + "/08-gxd-product-based-jp.json", encoding: .utf8))
        let index = try #require(gxd["extensions"]?.arrayValue?.firstIndex { $0["dataSchema"]?.stringValue?.lowercased().contains("gxd") == true })
        gxd.set("not a known calculation method", at: JSONPointer(tokens: ["extensions", String(index), "data", "calcMethod"]))
        let found = validator(gxd, .v3_0)
        #expect(found.errors.isEmpty, "\(found.errors)")
        #expect(found.warnings.contains { $0.contains("data model extension") }, "\(found.warnings)")
    }

    @Test func theCatalogueFollowsTheOfficialNumbering() {
        let v3 = PACTConformanceCatalog.entries(for: .v3_0)
        let v3Mandatory = v3.filter { $0.mandatoryFor.contains(.v3_0) }.map(\.id)
        #expect(v3Mandatory == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14.A", "14.B", "15", "16", "17"] + (20...40).map(String.init))
        let v2 = PACTConformanceCatalog.entries(for: .v2_3)
        #expect(v2.filter { $0.mandatoryFor.contains(.v2_3) }.map(\.id) == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14.A", "14.B", "15", "16", "17", "21"])
        #expect(v2.filter { !$0.mandatoryFor.contains(.v2_3) }.map(\.id) == ["18", "19", "20", "T1", "T2", "T4"])
    }
}
