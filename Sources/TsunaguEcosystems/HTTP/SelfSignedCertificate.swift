import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A throw-away certificate and key made in memory: the conformance suite's callback receiver
/// serves HTTPS with one, and tests use one for their loopback hosts.
public struct SelfSignedCertificate: Sendable {
    /// The certificate, PEM-encoded.
    public let certificatePEM: String
    /// The P-256 private key, PEM-encoded.
    public let privateKeyPEM: String

    /// Makes a certificate for `hostNames` (DNS names or IP address literals) plus `localhost`,
    /// `127.0.0.1` and `::1`, valid from an hour ago for `lifetime`.
    ///
    /// It has no key usage extension, so a client can trust it as its own root; with
    /// `restrictedKeyUsage` it has one without `keyCertSign` (as many servers' certificates do),
    /// which TLS libraries refuse as a trust anchor.
    /// - Throws: when the certificate cannot be built or signed.
    public init(hostNames: [String] = [], commonName: String = "Tsunagu conformance suite", lifetime: TimeInterval = 7 * 24 * 3600, restrictedKeyUsage: Bool = false) throws {
        let now = Date()
        try self.init(
            hostNames: hostNames, commonName: commonName, organization: Self.organization, notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(lifetime), restrictedKeyUsage: restrictedKeyUsage
        )
    }

    /// The organisation named in the subject of every certificate Tsunagu makes.
    static let organization = "Tsunagu"
    /// How the organisational unit naming each certificate Tsunagu makes begins.
    static let instancePrefix = "instance "

    /// Makes a certificate valid between the two dates whose subject names `organization` (tests
    /// make expired certificates, and ones another tool could have made, with it).
    init(hostNames: [String], commonName: String, organization: String, notValidBefore: Date, notValidAfter: Date, restrictedKeyUsage: Bool = false) throws {
        let key = P256.Signing.PrivateKey()
        // A name of its own per certificate: a client trusting several self-signed gateways looks
        // its roots up by subject, and identical subjects would find the wrong key.
        let instance = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let name = try DistinguishedName {
            OrganizationName(organization)
            OrganizationalUnitName("\(Self.instancePrefix)\(instance)")
            CommonName(commonName)
        }
        var alternativeNames: [GeneralName] = []
        for host in ["localhost", "127.0.0.1", "::1"] + hostNames {
            let general = Self.generalName(host)
            if !alternativeNames.contains(general) { alternativeNames.append(general) }
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                if restrictedKeyUsage {
                    KeyUsage(digitalSignature: true, keyEncipherment: true)
                }
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        certificatePEM = try certificate.serializeAsPEM().pemString
        privateKeyPEM = key.pemRepresentation
    }

    /// Uses a certificate and key made earlier (PEM text).
    /// - Throws: when either does not parse.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        _ = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        _ = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// The certificate and key in the PEM files at `certificatePath` and `keyPath`, made anew
    /// when missing or no longer fit to serve (see ``kept(certificatePath:keyPath:hostNames:commonName:lifetime:now:)``).
    /// - Returns: the certificate and whether it was made now.
    /// - Throws: ``StoredCertificateError`` when a certificate Tsunagu did not make is unfit; when
    ///   the files cannot be read, parsed or written.
    public static func loadOrCreate(
        certificatePath: String, keyPath: String, hostNames: [String], commonName: String = "Tsunagu conformance suite",
        lifetime: TimeInterval = 7 * 24 * 3600
    ) throws -> (certificate: SelfSignedCertificate, created: Bool) {
        let kept = try kept(certificatePath: certificatePath, keyPath: keyPath, hostNames: hostNames, commonName: commonName, lifetime: lifetime)
        return (kept.certificate, kept.origin != .loaded)
    }

    /// The certificate for NIO.
    public func certificate() throws -> NIOSSLCertificate {
        try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
    }

    /// The SHA-256 fingerprint of the certificate (colon-separated hex), for pinning.
    public func fingerprintSHA256() throws -> String {
        PACTTLSTrust.fingerprintSHA256(of: try certificate())
    }

    /// A server TLS configuration serving this certificate (TLS 1.2 or later).
    public func serverTLSConfiguration() throws -> TLSConfiguration {
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(try certificate())], privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// How a host name or address literal appears among the certificate's alternative names.
    static func generalName(_ host: String) -> GeneralName {
        if let v4 = ipv4Bytes(host) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(v4))) }
        if host == "::1" { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))) }
        return .dnsName(host)
    }

    private static func ipv4Bytes(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { UInt8($0) }
        return bytes.count == 4 ? bytes : nil
    }
}
