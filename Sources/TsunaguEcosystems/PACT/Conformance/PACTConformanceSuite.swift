import AsyncHTTPClient
import Foundation
import NIOSSL
import TsunaguCore

/// Checks a PACT host against the test cases of the PACT conformance service for v2.3 or
/// v3.0 (see ``PACTConformanceCatalog``), plus a few checks of Tsunagu's own.
///
/// Give it the host's base URL and a client's credentials. For the asynchronous cases (13 and
/// 14.B) pass a started ``PACTCallbackReceiver`` whose URL and credentials are registered at the
/// host for that client. Plain-HTTP cases expect the `HTTPClient` not to follow redirects
/// (`redirectConfiguration: .disallow`): a redirect to HTTPS is reported as a failure. With
/// `connectionPool.retryConnectionEstablishment = false` a TLS failure is reported as such
/// rather than as a timeout.
public struct PACTConformanceSuite: Sendable {
    /// Checks a footprint against the JSON Schema of the spec version; returns what fails a case
    /// (`errors`, empty when it validates) and what is only reported (`warnings`). The seam where
    /// the schema registry is plugged in.
    public typealias FootprintValidator = @Sendable (_ footprint: JSONValue, _ spec: PACTConformanceSpec) -> (errors: [String], warnings: [String])

    /// Checks a callback event (`RequestFulfilled` or `RequestRejected`) against the PACT event
    /// schema of the spec version; returns what fails the case, empty when it validates.
    public typealias EventValidator = @Sendable (_ event: JSONValue, _ kind: PACTEventKind, _ spec: PACTConformanceSpec) -> [String]

    /// What to test and how.
    public struct Configuration: Sendable {
        /// The host's API base URL (`https://host:port[/subpath]`).
        public var baseURL: String
        /// Where the token endpoint and OpenID configuration live, when elsewhere.
        public var authBaseURL: String?
        /// A client registered at the host.
        public var credentials: PACTCredentials
        /// The version tested.
        public var spec: PACTConformanceSpec
        /// TLS trust for the host (see ``PACTTLSTrust``); `nil` keeps the `HTTPClient`'s.
        public var tlsConfiguration: TLSConfiguration?
        /// The deadline of each synchronous call.
        public var requestTimeout: Duration
        /// Calls slower than this get a warning: the official tool gives synchronous calls 2 s.
        public var officialRequestBudget: Duration
        /// How long to wait for each callback (the official tool waits 30 s).
        public var callbackTimeout: Duration
        /// The receiver for `RequestFulfilled` / `RequestRejected`, already started.
        public var callbackReceiver: PACTCallbackReceiver?
        /// Schema validation of every footprint returned; `nil` skips it with a warning.
        public var footprintValidator: FootprintValidator?
        /// Schema validation of every callback event; `nil` checks the envelope alone, with a warning.
        public var eventValidator: EventValidator?
        /// The OAuth2 scope to ask for, if the host needs one.
        public var scope: String?

        /// Creates a configuration with the official timings (10 s deadline, 2 s budget, 30 s for callbacks).
        public init(
            baseURL: String,
            credentials: PACTCredentials,
            spec: PACTConformanceSpec,
            authBaseURL: String? = nil,
            tlsConfiguration: TLSConfiguration? = nil,
            requestTimeout: Duration = .seconds(10),
            officialRequestBudget: Duration = .seconds(2),
            callbackTimeout: Duration = .seconds(30),
            callbackReceiver: PACTCallbackReceiver? = nil,
            footprintValidator: FootprintValidator? = nil,
            eventValidator: EventValidator? = nil,
            scope: String? = nil
        ) {
            self.baseURL = baseURL
            self.credentials = credentials
            self.spec = spec
            self.authBaseURL = authBaseURL
            self.tlsConfiguration = tlsConfiguration
            self.requestTimeout = requestTimeout
            self.officialRequestBudget = officialRequestBudget
            self.callbackTimeout = callbackTimeout
            self.callbackReceiver = callbackReceiver
            self.footprintValidator = footprintValidator
            self.eventValidator = eventValidator
            self.scope = scope
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    private let httpClient: HTTPClient

    /// Creates a suite that calls the host through `httpClient`.
    public init(configuration: Configuration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// Runs every case of the version and returns the results in catalogue order. Never throws:
    /// a failure of the host is a failed case, and when initialization (case 0) fails the other
    /// cases are reported as not run.
    public func run() async -> PACTConformanceReport {
        let spec = configuration.spec
        let entries = PACTConformanceCatalog.entries(for: spec)
        let client: PACTClient
        do {
            client = try PACTClient(
                configuration: PACTClient.Configuration(
                    baseURL: configuration.baseURL,
                    credentials: configuration.credentials,
                    authBaseURL: configuration.authBaseURL,
                    timeout: configuration.requestTimeout,
                    tlsConfiguration: configuration.tlsConfiguration,
                    scope: configuration.scope
                ),
                httpClient: httpClient
            )
        } catch {
            return report(entries.map { notRun($0, because: error.message) })
        }
        let run = PACTConformanceRun(configuration: configuration, client: client, runID: "tsunagu-conformance-\(CloudEvent.newID())")
        let (initialization, state) = await run.initialize()
        guard let state else {
            return report([initialization] + entries.filter { $0.id != "0" }.map { notRun($0, because: "case 0 failed: \(initialization.detail)") })
        }
        var results = [initialization]
        // The asynchronous requests go first so their callbacks arrive while the rest runs.
        results.append(await run.sendRequestCreated(state: state))
        results.append(await run.sendRequestToBeRejected(state: state))
        results += await run.authenticationCases(state: state)
        results += await run.footprintCases(state: state)
        results += await run.filterCases(state: state)
        results += await run.eventCases(state: state)
        results.append(await run.receiveFulfilled(state: state))
        results.append(await run.receiveRejected(state: state))
        let order = Dictionary(entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        return report(results.filter { order[$0.id] != nil }.sorted { order[$0.id, default: 0] < order[$1.id, default: 0] })
    }

    private func report(_ results: [PACTConformanceResult]) -> PACTConformanceReport {
        PACTConformanceReport(spec: configuration.spec, baseURL: configuration.baseURL, results: results)
    }

    private func notRun(_ entry: PACTConformanceCatalog.Entry, because reason: String) -> PACTConformanceResult {
        PACTConformanceResult(id: entry.id, name: entry.name, mandatory: entry.mandatoryFor.contains(configuration.spec), passed: false, detail: "not run: \(reason)")
    }
}
