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
        let key = P256.Signing.PrivateKey()
        // A name of its own per certificate: a client trusting several self-signed gateways looks
        // its roots up by subject, and identical subjects would find the wrong key.
        let instance = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let name = try DistinguishedName {
            OrganizationName("Tsunagu")
            OrganizationalUnitName("instance \(instance)")
            CommonName(commonName)
        }
        var alternativeNames: [GeneralName] = []
        for host in ["localhost", "127.0.0.1", "::1"] + hostNames {
            let general = Self.generalName(host)
            if !alternativeNames.contains(general) { alternativeNames.append(general) }
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(lifetime),
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

    /// The certificate and key in the PEM files at `certificatePath` and `keyPath`; when
    /// either file is missing, a new certificate for `hostNames` written there (the key readable
    /// by the owner only). Keeping them lets a host trust the same certificate across runs.
    /// - Returns: the certificate and whether it was created now.
    public static func loadOrCreate(
        certificatePath: String, keyPath: String, hostNames: [String], commonName: String = "Tsunagu conformance suite",
        lifetime: TimeInterval = 7 * 24 * 3600
    ) throws -> (certificate: SelfSignedCertificate, created: Bool) {
        let files = FileManager.default
        if files.fileExists(atPath: certificatePath), files.fileExists(atPath: keyPath) {
            let certificate = try SelfSignedCertificate(
                certificatePEM: try String(contentsOfFile: certificatePath, encoding: .utf8),
                privateKeyPEM: try String(contentsOfFile: keyPath, encoding: .utf8)
            )
            return (certificate, false)
        }
        let certificate = try SelfSignedCertificate(hostNames: hostNames, commonName: commonName, lifetime: lifetime)
        // A final newline, as PEM files have: operators concatenate certificates into trust files.
        try (certificate.certificatePEM + "\n").write(toFile: certificatePath, atomically: true, encoding: .utf8)
        guard files.createFile(atPath: keyPath, contents: Data(certificate.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: keyPath])
        }
        return (certificate, true)
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

    private static func generalName(_ host: String) -> GeneralName {
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
