import Crypto
import NIOCore
import NIOPosix
import NIOSSL
import X509

/// Which server certificates a ``PACTClient`` trusts for one host.
///
/// Hosts in a data space often run with their own certificates: a partner's private CA, or the
/// self-signed certificate `tsunagu serve --demo` prints the SHA-256 fingerprint of.
public enum PACTTLSTrust: Sendable {
    /// The system's trust store with full verification (host name included).
    case system
    /// Only these root certificates (PEM-loaded), with full verification.
    case roots([NIOSSLCertificate])
    /// Exactly the certificate whose DER encoding has this SHA-256 fingerprint (hex, colons and
    /// case ignored). Meant for a host's self-signed certificate: the certificate is fetched
    /// once, checked against the pin and then trusted as the only root. A certificate that
    /// cannot anchor itself (its key usage lacks `keyCertSign`) is checked against the pin only
    /// when it is fetched; later connections then skip verification (`certificateVerification`
    /// is `.none`, which a caller should warn about: a man in the middle is not stopped then).
    case pinnedSHA256(String)
    /// No verification at all: only for conformance runs against a test host.
    case insecureSkipVerification

    /// The client TLS configuration (TLS 1.2 or later) that expresses this trust for `url`.
    /// - Throws: ``PACTClientError/Category/transport`` when a pinned host cannot be reached or
    ///   shows another certificate; ``PACTClientError/Category/invalidURL`` for a bad URL.
    public func tlsConfiguration(for url: String, timeout: Duration = .seconds(10)) async throws(PACTClientError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        switch self {
        case .system:
            break
        case .roots(let certificates):
            configuration.trustRoots = .certificates(certificates)
        case .insecureSkipVerification:
            configuration.certificateVerification = .none
        case .pinnedSHA256(let pin):
            let target = try PACTURL(parsing: url)
            let wanted = Self.normalized(pin)
            guard wanted.count == 64, wanted.allSatisfy(\.isHexDigit) else {
                throw PACTClientError.invalidRequest("the pin '\(pin)' is not a SHA-256 fingerprint (64 hex digits, colons allowed)")
            }
            let certificate = try await Self.presentedCertificate(host: target.host, port: target.effectivePort, timeout: timeout, url: url)
            let found = Self.fingerprintSHA256(of: certificate)
            guard Self.normalized(found) == wanted else {
                throw PACTClientError.transport("the host's certificate has SHA-256 fingerprint \(found), not the pinned \(pin)", url: url)
            }
            if Self.canAnchorItself(certificate) {
                configuration.trustRoots = .certificates([certificate])
                configuration.certificateVerification = .noHostnameVerification
            } else {
                configuration.certificateVerification = .none
            }
        }
        return configuration
    }

    /// Trust in the certificate authorities of a PEM file.
    /// - Throws: when the file cannot be read or holds no certificate.
    public static func roots(pemFile path: String) throws -> PACTTLSTrust {
        let certificates = try NIOSSLCertificate.fromPEMFile(path)
        guard !certificates.isEmpty else { throw PACTClientError.invalidRequest("no certificate in \(path)") }
        return .roots(certificates)
    }

    /// The SHA-256 fingerprint of a certificate's DER encoding: upper-case hex pairs joined by colons.
    public static func fingerprintSHA256(of certificate: NIOSSLCertificate) -> String {
        let der = (try? certificate.toDERBytes()) ?? []
        return SHA256.hash(data: der).map { byte in
            let text = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + text : text
        }.joined(separator: ":")
    }

    /// Whether BoringSSL accepts `certificate` as its own trust anchor: a key usage extension
    /// without `keyCertSign` makes it refuse the certificate as the issuer of itself.
    private static func canAnchorItself(_ certificate: NIOSSLCertificate) -> Bool {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return false }
        guard let usage = try? parsed.extensions.keyUsage else { return true }
        return usage.keyCertSign
    }

    private static func normalized(_ fingerprint: String) -> String {
        fingerprint.filter { $0 != ":" && $0 != " " }.uppercased()
    }

    /// Opens a TLS connection only to read the leaf certificate the host presents.
    private static func presentedCertificate(host: String, port: Int, timeout: Duration, url: String) async throws(PACTClientError) -> NIOSSLCertificate {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let presented = eventLoop.makePromise(of: NIOSSLCertificate.self)
        let unreachable = PACTClientError.transport("no TLS certificate received from \(host):\(port) within \(timeout.seconds) s", url: url)
        let deadline = eventLoop.scheduleTask(in: timeout.timeAmount) { presented.fail(unreachable) }
        defer {
            deadline.cancel()
            // Completes the promise on every path (a completed one ignores this): NIO traps on leaked promises.
            presented.fail(unreachable)
        }
        do {
            var probe = TLSConfiguration.makeClientConfiguration()
            probe.certificateVerification = .noHostnameVerification
            let context = try NIOSSLContext(configuration: probe)
            // SNI carries names only; an IP address literal is sent without it.
            let serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
            let channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(timeout.timeAmount)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName) { chain, verdict in
                            if let leaf = chain.first {
                                presented.succeed(leaf)
                            } else {
                                presented.fail(PACTClientError.transport("the host presented no certificate", url: url))
                            }
                            verdict.succeed(.certificateVerified)
                        }
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: host, port: port)
                .get()
            channel.closeFuture.whenComplete { _ in
                presented.fail(PACTClientError.transport("the connection closed before a certificate arrived", url: url))
            }
            let certificate = try await presented.futureResult.get()
            try? await channel.close()
            return certificate
        } catch let error as PACTClientError {
            throw error
        } catch {
            throw PACTClientError.transport("cannot read the certificate of \(host):\(port): \(error)", url: url)
        }
    }
}
