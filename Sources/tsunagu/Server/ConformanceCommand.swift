import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import TsunaguCore
import TsunaguEcosystems
import TsunaguSchema

/// `tsunagu conformance`: runs the PACT conformance cases against any PACT host.
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Check a PACT host against the PACT conformance test cases (v2.3 or v3.0) and print a pass/fail table.",
        discussion: """
            The case numbers are those of the PACT conformance service. The exit status is 1 when a mandatory case fails, and 2 when the check could not run (the callback port is taken, the schemas cannot be loaded, the host's certificate cannot be fetched).

            The asynchronous cases (13 and 14.B) need the host to call back. This command runs an HTTPS receiver (/auth/token and /2|3/events) on --callback-host and --callback-port, and the host must have that URL registered for the client. For Tsunagu's demo mode, start the host with:

              TSUNAGU_DEMO_CALLBACK_URL=https://127.0.0.1:8444 TSUNAGU_DEMO_CALLBACK_CLIENT_ID=<id> TSUNAGU_DEMO_CALLBACK_SECRET=<secret> tsunagu serve --demo --trust-roots tsunagu-conformance-callback-cert.pem

            and run this command with the same TSUNAGU_DEMO_CALLBACK_CLIENT_ID and TSUNAGU_DEMO_CALLBACK_SECRET set: the receiver accepts exactly those credentials (any, when they are not set). The receiver's self-signed certificate is kept in --callback-cert and --callback-key (created on first use, and made anew when one this command made has expired, expires within a day or does not name --callback-host and --callback-advertised-host; a certificate made otherwise is refused with exit 2 instead) so that the host can trust it across runs. On a fresh machine, run this command once before starting the host: it creates the two files (and, with no host yet, stops at case 0); then start the host as above and run it again.
            """
    )

    @Option(name: .customLong("base-url"), help: "The host's API base URL, e.g. https://127.0.0.1:8443.")
    var baseURL: String
    @Option(name: .customLong("auth-base-url"), help: "Where /auth/token and the OpenID configuration live, when not under the base URL.")
    var authBaseURL: String?
    @Option(name: .customLong("client-id"), help: "A client id registered at the host.")
    var clientID: String
    @Option(name: .customLong("client-secret"), help: "That client's secret (visible to other users in the process list: prefer --client-secret-env).")
    var clientSecret: String?
    @Option(name: .customLong("client-secret-env"), help: "The name of the environment variable holding that client's secret.")
    var clientSecretVariable: String?
    @Option(help: "The OAuth2 scope to ask for with the client credentials, when the host's identity provider needs one.")
    var scope: String?
    @Option(help: "The PACT version to test: 2.3, 3.0 or all.")
    var spec = "3.0"
    @Flag(help: "Do not verify the host's certificate (test hosts only).")
    var insecure = false
    @Option(name: .customLong("pin-sha256"), help: "Trust exactly the host certificate with this SHA-256 fingerprint (as `tsunagu serve --demo` prints it).")
    var pinSHA256: String?
    @Option(name: .customLong("ca-file"), help: "PEM file of the certificate authorities to trust for the host instead of the system's.")
    var caFile: String?
    @Option(name: .customLong("callback-host"), help: "The address the callback receiver listens on.")
    var callbackHost = "127.0.0.1"
    @Option(name: .customLong("callback-port"), help: "The callback receiver's port.")
    var callbackPort = 8444
    @Option(name: .customLong("callback-advertised-host"), help: "The name the host reaches the receiver by, when not --callback-host.")
    var callbackAdvertisedHost: String?
    @Option(name: .customLong("callback-cert"), help: "PEM file of the receiver's certificate (created when missing).")
    var callbackCertificate = "tsunagu-conformance-callback-cert.pem"
    @Option(name: .customLong("callback-key"), help: "PEM file of the receiver's private key (created when missing).")
    var callbackKey = "tsunagu-conformance-callback-key.pem"
    @Flag(name: .customLong("no-callbacks"), help: "Run without the callback receiver (cases 13 and 14.B then fail).")
    var noCallbacks = false
    @Option(help: "Seconds allowed for each synchronous call.")
    var timeout = 10.0
    @Option(name: .customLong("callback-timeout"), help: "Seconds to wait for each callback.")
    var callbackTimeout = 30.0

    @Option(help: "The folder of JSON Schemas (pact@2.3.0, pact@3.0.0 and extensions) every served footprint is checked against.")
    var schemas = "Mappings"
    @Flag(name: .customLong("no-schemas"), help: "Do not check footprints against the schemas.")
    var noSchemas = false

    /// The schema checks of served footprints and callback events, or `nil` (the suite then
    /// warns) when turned off.
    private func validators() throws -> (footprints: PACTConformanceSuite.FootprintValidator, events: PACTConformanceSuite.EventValidator)? {
        guard !noSchemas else { return nil }
        guard FileManager.default.fileExists(atPath: schemas) else {
            throw ValidationError("no schema folder at '\(schemas)': give --schemas DIR (the repository's Mappings folder) or --no-schemas")
        }
        let registry = try SchemaRegistry.load(directory: schemas)
        return (PACTConformanceSuite.schemaValidator(registry), PACTConformanceSuite.eventValidator(registry))
    }

    func validate() throws {
        guard spec == "all" || PACTConformanceSpec(rawValue: spec) != nil else {
            throw ValidationError("--spec must be 2.3, 3.0 or all, found '\(spec)'")
        }
        guard [insecure, pinSHA256 != nil, caFile != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("use at most one of --insecure, --pin-sha256 and --ca-file")
        }
        guard timeout > 0, callbackTimeout > 0, timeout <= 3600, callbackTimeout <= 3600 else {
            throw ValidationError("timeouts are seconds between 0 and 3600, found --timeout \(timeout) and --callback-timeout \(callbackTimeout)")
        }
        guard (clientSecret == nil) != (clientSecretVariable == nil) else {
            throw ValidationError("give the client's secret with --client-secret-env NAME (or --client-secret), exactly one of them")
        }
    }

    /// The client's secret, from the option or the environment variable it names.
    private func resolvedSecret() throws -> String {
        if let clientSecret { return clientSecret }
        let name = clientSecretVariable ?? ""
        guard let secret = ProcessInfo.processInfo.environment[name], !secret.isEmpty else {
            throw ValidationError("the environment variable \(name) named by --client-secret-env is not set")
        }
        return secret
    }

    func run() async throws {
        let specs = spec == "all" ? PACTConformanceSpec.allCases : PACTConformanceSpec(rawValue: spec).map { [$0] } ?? []
        var logger = Logger(label: "tsunagu.conformance")
        logger.logLevel = .critical
        // Redirects are reported, not followed (plain HTTP must be refused), and a failed TLS
        // handshake is reported at once instead of being retried until the deadline.
        var clientConfiguration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(Int64(timeout.rounded(.up)))))
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        var receiver: PACTCallbackReceiver?
        var conforms = true
        do {
            let validators = try validators()
            let tls = try await trust().tlsConfiguration(for: baseURL, timeout: .milliseconds(Int64(timeout * 1000)))
            if pinSHA256 != nil, tls.certificateVerification == .none {
                // The pin was checked on one connection; the TLS library cannot hold the others to it.
                FileHandle.standardError.write(Data(
                    "warning: the pinned certificate cannot be its own trust anchor (its key usage lacks keyCertSign): it was checked against the pin once, and the run's other connections are not verified, as with --insecure; give the host a certificate that can anchor itself (a new `tsunagu serve --demo` data folder makes one) to have every connection pinned\n".utf8))
            }
            if !noCallbacks {
                receiver = try await startReceiver(logger: logger)
            }
            for spec in specs {
                let suite = PACTConformanceSuite(
                    configuration: PACTConformanceSuite.Configuration(
                        baseURL: baseURL,
                        credentials: PACTCredentials(clientID: clientID, clientSecret: try resolvedSecret()),
                        spec: spec,
                        authBaseURL: authBaseURL,
                        tlsConfiguration: tls,
                        requestTimeout: .milliseconds(Int64(timeout * 1000)),
                        callbackTimeout: .milliseconds(Int64(callbackTimeout * 1000)),
                        callbackReceiver: receiver,
                        footprintValidator: validators?.footprints,
                        eventValidator: validators?.events,
                        scope: scope
                    ),
                    httpClient: httpClient
                )
                let report = await suite.run()
                print(report.table())
                print("")
                conforms = conforms && report.conforms
            }
        } catch {
            await receiver?.stop()
            try? await httpClient.shutdown()
            // A check that could not be made is not a verdict: exit 2, so that a CI job tells it
            // apart from a host that does not conform (exit 1).
            FileHandle.standardError.write(Data("Error: the conformance check could not run: \(error)\n".utf8))
            throw ExitCode(2)
        }
        await receiver?.stop()
        try await httpClient.shutdown()
        if !conforms { throw ExitCode(1) }
    }

    private func trust() throws -> PACTTLSTrust {
        if insecure { return .insecureSkipVerification }
        if let pinSHA256 { return .pinnedSHA256(pinSHA256) }
        if let caFile { return try .roots(pemFile: caFile) }
        return .system
    }

    private func startReceiver(logger: Logger) async throws -> PACTCallbackReceiver {
        let environment = ProcessInfo.processInfo.environment
        let credentials = environment["TSUNAGU_DEMO_CALLBACK_CLIENT_ID"].flatMap { id in
            environment["TSUNAGU_DEMO_CALLBACK_SECRET"].map { PACTCredentials(clientID: id, clientSecret: $0) }
        }
        let configuration = PACTCallbackReceiver.Configuration(
            host: callbackHost, port: callbackPort, advertisedHost: callbackAdvertisedHost, credentials: credentials
        )
        let kept = try SelfSignedCertificate.kept(
            certificatePath: callbackCertificate, keyPath: callbackKey, hostNames: PACTCallbackReceiver.hostNames(for: configuration)
        )
        let receiver = try PACTCallbackReceiver(configuration: configuration, certificate: kept.certificate, logger: logger)
        let url = try await receiver.start()
        let origin = switch kept.origin {
        case .loaded: ""
        case .created: ", created now"
        case .replaced(let reason): ", made anew: the previous one \(reason)"
        }
        let expiry = kept.expiry.formatted(Date.ISO8601FormatStyle())
        print("callback receiver: \(url) (certificate \(callbackCertificate)\(origin), valid until \(expiry), SHA-256 \(try kept.certificate.fingerprintSHA256()))")
        if case .replaced = kept.origin {
            print("callback receiver: a host that trusted the previous certificate must be given \(callbackCertificate) again (restarted with --trust-roots \(callbackCertificate)) before its callbacks can arrive")
        }
        if credentials == nil {
            print("callback receiver: TSUNAGU_DEMO_CALLBACK_CLIENT_ID/SECRET not set, so any client credentials are accepted")
        }
        print("")
        return receiver
    }
}
