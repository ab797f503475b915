import Foundation
import TsunaguCore
import TsunaguStore

/// How a gateway runs: where it listens, where its data lives, how it proves who it is.
///
/// Read from a JSON file (`tsunagu serve --config FILE`); command-line options override it.
/// Secrets are never part of it: they come from environment variables named here.
public struct GatewayConfiguration: Codable, Sendable, Equatable {
    /// The address to listen on.
    public var host: String = "127.0.0.1"
    /// The TCP port (0 picks a free one, for tests).
    public var port: Int = 8443
    /// The data folder: the SQLite file, the token signing key, the demo certificate.
    public var dataDirectory: String = "data"
    /// The base URL clients use, when the gateway sits behind a proxy (`https://pcf.example.com`);
    /// when unset, links are built from the `Host` header a client sent.
    public var publicBaseURL: String?
    /// The PEM certificate chain to serve; with `tlsPrivateKeyFile`. Unset in demo mode: a
    /// self-signed certificate is created in the data folder.
    public var tlsCertificateFile: String?
    /// The PEM private key to serve.
    public var tlsPrivateKeyFile: String?
    /// The folder of mapping files and schemas.
    public var mappingsDirectory: String = "Mappings"
    /// The folder of usage policies.
    public var policiesDirectory: String = "Policies"
    /// Extra certificate authorities (PEM) trusted for outbound calls such as callbacks, in
    /// addition to the system's.
    public var outboundTrustRootsFile: String?
    /// How long access tokens live, in seconds.
    public var tokenLifetimeSeconds: Int = 3600
    /// The largest request body accepted, in bytes.
    public var maximumBodyBytes: Int = 4 * 1024 * 1024
    /// The most footprints one PACT RequestCreated event is answered with: a request whose
    /// criteria match more is refused with 400 at once (its answer would be too large to send).
    public var maximumFootprintsPerAnswer: Int = 1000
    /// `text` or `json` log lines.
    public var logFormat: String = "text"
    /// The log level (`trace` … `critical`).
    public var logLevel: String = "info"
    /// The folder of routing files, one per tenant (`<tenant>.yaml`); unset means `<data>/routing`.
    public var routingDirectory: String?
    /// How long a relayed request may take before it is answered with an expiry, in seconds.
    public var relayDeadlineSeconds: Double = 60
    /// How long a relayed request waits for a partner that answers later, through the gateway's
    /// inbound API (a Catena-X supplier's PUT), in seconds from its receipt.
    public var relayLaterAnswerDeadlineSeconds: Double = 86_400
    /// The longest one upstream call of a relay may take, in seconds (the deadline may cut it shorter).
    public var relayAttemptTimeoutSeconds: Double = 10
    /// The most upstream attempts a relay makes for transient failures (the first included).
    public var relayMaxAttempts: Int = 4
    /// Serve `/bench/static`, a fixed body as large as a footprint response, as the baseline of
    /// `tsunagu-bench pact`.
    public var benchmarkRoutes: Bool = false
    /// How the gateway plays the Ouranos data-transaction system (tenants' operators, API key variable).
    public var ouranos: OuranosSettings = OuranosSettings()
    /// The header through which the Catena-X connector's data plane proves that a call came
    /// through it (the `authKey` of the EDC asset's `HttpData` address). Only calls carrying the
    /// secret in it may name their requester with `Edc-Bpn`; see docs/CATENAX.md.
    public var catenaXDataPlaneKeyHeader: String = "X-Data-Plane-Key"
    /// The environment variable holding that secret (the asset's `authCode`, at least 16 bytes);
    /// when it is unset, every Catena-X call is refused with 403.
    public var catenaXDataPlaneKeyVariable: String? = "TSUNAGU_CX_DATA_PLANE_KEY"

    /// How durable a commit to the SQLite store is when a request is acknowledged: `normal`
    /// survives a crash of the gateway process, `full` also power loss and OS crashes (an fsync
    /// per commit).
    public var sqliteDurability: SQLiteDurability = .normal

    /// Seconds after which a connection that sends nothing is closed: one that never finishes
    /// its TLS handshake, or stays open between requests. Without it, idle connections would
    /// hold the gateway's sockets until none were left.
    public var idleConnectionTimeoutSeconds: Int = 60

    /// The defaults.
    public init() {}

    /// Reads a configuration file; members not given keep their defaults.
    /// - Throws: ``DiagnosticsError`` naming the file and what is wrong: not JSON (with line and
    ///   column), a member no setting has, a value of the wrong type.
    public static func load(from path: String) throws -> GatewayConfiguration {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json: JSONValue
        do {
            json = try JSONParser().parse(data)
        } catch {
            throw DiagnosticsError([Diagnostic(file: path, message: "\(error)")])
        }
        let unknown = unknownMembers(of: json)
        guard unknown.isEmpty else { throw DiagnosticsError(unknown.map { $0.located(in: path) }) }
        do {
            return try JSONDecoder().decode(GatewayConfiguration.self, from: data)
        } catch let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context) {
            let pointer = JSONPointer(tokens: context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue })
            throw DiagnosticsError([Diagnostic(file: path, pointer: pointer, message: "expected \(type)")])
        } catch let DecodingError.dataCorrupted(context) {
            let pointer = JSONPointer(tokens: context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue })
            throw DiagnosticsError([Diagnostic(file: path, pointer: pointer, message: context.debugDescription)])
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = GatewayConfiguration()
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        dataDirectory = try container.decodeIfPresent(String.self, forKey: .dataDirectory) ?? defaults.dataDirectory
        publicBaseURL = try container.decodeIfPresent(String.self, forKey: .publicBaseURL)
        tlsCertificateFile = try container.decodeIfPresent(String.self, forKey: .tlsCertificateFile)
        tlsPrivateKeyFile = try container.decodeIfPresent(String.self, forKey: .tlsPrivateKeyFile)
        mappingsDirectory = try container.decodeIfPresent(String.self, forKey: .mappingsDirectory) ?? defaults.mappingsDirectory
        policiesDirectory = try container.decodeIfPresent(String.self, forKey: .policiesDirectory) ?? defaults.policiesDirectory
        outboundTrustRootsFile = try container.decodeIfPresent(String.self, forKey: .outboundTrustRootsFile)
        tokenLifetimeSeconds = try container.decodeIfPresent(Int.self, forKey: .tokenLifetimeSeconds) ?? defaults.tokenLifetimeSeconds
        maximumBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maximumBodyBytes) ?? defaults.maximumBodyBytes
        maximumFootprintsPerAnswer = try container.decodeIfPresent(Int.self, forKey: .maximumFootprintsPerAnswer) ?? defaults.maximumFootprintsPerAnswer
        logFormat = try container.decodeIfPresent(String.self, forKey: .logFormat) ?? defaults.logFormat
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel) ?? defaults.logLevel
        benchmarkRoutes = try container.decodeIfPresent(Bool.self, forKey: .benchmarkRoutes) ?? defaults.benchmarkRoutes
        routingDirectory = try container.decodeIfPresent(String.self, forKey: .routingDirectory)
        relayDeadlineSeconds = try container.decodeIfPresent(Double.self, forKey: .relayDeadlineSeconds) ?? defaults.relayDeadlineSeconds
        relayLaterAnswerDeadlineSeconds =
            try container.decodeIfPresent(Double.self, forKey: .relayLaterAnswerDeadlineSeconds) ?? defaults.relayLaterAnswerDeadlineSeconds
        relayAttemptTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .relayAttemptTimeoutSeconds) ?? defaults.relayAttemptTimeoutSeconds
        relayMaxAttempts = try container.decodeIfPresent(Int.self, forKey: .relayMaxAttempts) ?? defaults.relayMaxAttempts
        ouranos = try container.decodeIfPresent(OuranosSettings.self, forKey: .ouranos) ?? defaults.ouranos
        catenaXDataPlaneKeyHeader = try container.decodeIfPresent(String.self, forKey: .catenaXDataPlaneKeyHeader) ?? defaults.catenaXDataPlaneKeyHeader
        catenaXDataPlaneKeyVariable = try container.decodeIfPresent(String.self, forKey: .catenaXDataPlaneKeyVariable) ?? defaults.catenaXDataPlaneKeyVariable
        sqliteDurability = try container.decodeIfPresent(SQLiteDurability.self, forKey: .sqliteDurability) ?? defaults.sqliteDurability
        idleConnectionTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .idleConnectionTimeoutSeconds) ?? defaults.idleConnectionTimeoutSeconds
    }

    /// The SQLite database file.
    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("tsunagu.sqlite") }

    /// The folder of routing files in force.
    public var routingPath: String { routingDirectory ?? (dataDirectory as NSString).appendingPathComponent("routing") }

    /// The token signing key file.
    public var signingKeyPath: String { (dataDirectory as NSString).appendingPathComponent("keys/token-signing-key.pem") }
}
