import ArgumentParser
import Foundation
import Logging
import TsunaguGateway

/// `tsunagu serve`: runs the gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway (HTTPS): PACT host API v2 and v3, token endpoint, health and metrics.",
        discussion: """
            With --demo it needs nothing else: a self-signed certificate is created in the data folder, and
            tenant 'demo' gets a demo client and the footprints in Demo/footprints. Stop with Ctrl-C (SIGINT)
            or SIGTERM: in-flight requests are drained first. SIGHUP reloads mappings and policies.
            """
    )

    @Option(help: "A JSON configuration file (see README); options below override it.")
    var config: String?
    @Option(help: "The address to listen on.")
    var host: String?
    @Option(help: "The port to listen on.")
    var port: Int?
    @Option(name: .customLong("data"), help: "The data folder (SQLite file, keys, demo certificate).")
    var dataDirectory: String?
    @Option(name: .customLong("public-url"), help: "The base URL clients use, when behind a proxy.")
    var publicURL: String?
    @Option(help: "The folder of mapping files and schemas.")
    var mappings: String?
    @Option(help: "The folder of usage policies.")
    var policies: String?
    @Option(help: "The folder of routing files, one per tenant (<tenant>.yaml); default <data>/routing.")
    var routing: String?
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain to serve.")
    var tlsCertificate: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key to serve.")
    var tlsKey: String?
    @Option(name: .customLong("trust-roots"), help: "PEM certificate authorities trusted for outbound calls (callbacks), besides the system's.")
    var trustRoots: String?
    @Option(name: .customLong("log-format"), help: "text or json.")
    var logFormat: String?
    @Flag(name: .customLong("bench-routes"), help: .hidden)
    var benchmarkRoutes = false
    @Flag(help: "Run with the demo tenant, client and footprints and a self-signed certificate.")
    var demo = false
    @Option(name: .customLong("demo-footprints"), help: "The folder of demo footprint files.")
    var demoFootprints = "Demo/footprints"

    func run() async throws {
        let started = Date()
        ServeMemory.limitArenas()
        var settings = try config.map(GatewayConfiguration.load(from:)) ?? GatewayConfiguration()
        if let host { settings.host = host }
        if let port { settings.port = port }
        if let dataDirectory { settings.dataDirectory = dataDirectory }
        if let publicURL { settings.publicBaseURL = publicURL }
        if let mappings { settings.mappingsDirectory = mappings }
        if let policies { settings.policiesDirectory = policies }
        if let routing { settings.routingDirectory = routing }
        if let tlsCertificate { settings.tlsCertificateFile = tlsCertificate }
        if let tlsKey { settings.tlsPrivateKeyFile = tlsKey }
        if let trustRoots { settings.outboundTrustRootsFile = trustRoots }
        if let logFormat { settings.logFormat = logFormat }
        if benchmarkRoutes { settings.benchmarkRoutes = true }
        let problems = settings.problems
        guard problems.isEmpty else { throw ValidationError(problems.map(\.description).joined(separator: "\n")) }
        // Said before anything is created in the data folder.
        guard demo || (settings.tlsCertificateFile != nil && settings.tlsPrivateKeyFile != nil) else {
            throw ValidationError("HTTPS needs a certificate: pass --tls-cert and --tls-key (or tlsCertificateFile/tlsPrivateKeyFile in the config), or use --demo")
        }
        let logger = LogSetup.bootstrap(format: settings.logFormat, level: settings.logLevel)

        let gateway = try await Gateway.open(configuration: settings, logger: logger)
        let tls: TLSMaterial
        if let certificate = settings.tlsCertificateFile, let key = settings.tlsPrivateKeyFile {
            tls = TLSMaterial(certificatePath: certificate, privateKeyPath: key)
        } else if demo {
            let (material, created) = try TLSMaterial.selfSigned(in: settings.dataDirectory)
            tls = material
            announce("\(created ? "Created" : "Using") self-signed certificate \(material.certificatePath)")
            announce("  SHA-256 fingerprint: \(try material.fingerprint())")
        } else {
            throw ValidationError("HTTPS needs a certificate: pass --tls-cert and --tls-key (or tlsCertificateFile/tlsPrivateKeyFile in the config), or use --demo")
        }
        if demo {
            let setup = DemoSetup(store: gateway.store, importer: FootprintImporter(store: gateway.store, rules: gateway.rules))
            let (credentials, report) = try await setup.prepare(footprintsDirectory: demoFootprints)
            announce("Demo tenant '\(DemoSetup.tenant)': \(report.imported.count) footprints loaded, \(report.refused.count) refused")
            for refusal in report.refused {
                for diagnostic in refusal.diagnostics { announce("  \(diagnostic)") }
            }
            announce("Demo client id:     \(credentials.clientID)")
            announce("Demo client secret: \(credentials.generated ? credentials.secret : "(from TSUNAGU_DEMO_CLIENT_SECRET)")")
        }
        let host = settings.host
        try await gateway.run(tls: tls) { port in
            ServeMemory.returnFreedPages()
            let elapsed = Int(Date().timeIntervalSince(started) * 1000)
            announce("Tsunagu is ready at https://\(host):\(port) (started in \(elapsed) ms)")
        }
    }
}

/// Writes a line to standard output unbuffered, so the credentials and the ready line reach an
/// operator or a script reading a pipe at once.
private func announce(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
