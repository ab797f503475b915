import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The certificate and key the gateway serves HTTPS with.
public struct TLSMaterial: Sendable {
    /// Path of the PEM certificate chain.
    public let certificatePath: String
    /// Path of the PEM private key.
    public let privateKeyPath: String

    /// Uses an operator's certificate and key.
    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }

    /// The SHA-256 fingerprint of the (first) certificate, as colon-separated hex, for pinning.
    public func fingerprint() throws -> String {
        let certificates = try NIOSSLCertificate.fromPEMFile(certificatePath)
        guard let first = certificates.first else { throw TLSMaterialError("no certificate in \(certificatePath)") }
        return SHA256.hash(data: try first.toDERBytes()).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// The server TLS configuration (TLS 1.2 or later).
    public func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// The self-signed certificate in `directory` (`tls/demo-cert.pem`, `tls/demo-key.pem`),
    /// created for `localhost`, `127.0.0.1` and `::1` (plus `hostNames`) when missing.
    public static func selfSigned(in directory: String, hostNames: [String] = []) throws -> (material: TLSMaterial, created: Bool) {
        let folder = (directory as NSString).appendingPathComponent("tls")
        let material = TLSMaterial(
            certificatePath: (folder as NSString).appendingPathComponent("demo-cert.pem"),
            privateKeyPath: (folder as NSString).appendingPathComponent("demo-key.pem")
        )
        let files = FileManager.default
        if files.fileExists(atPath: material.certificatePath), files.fileExists(atPath: material.privateKeyPath) {
            return (material, false)
        }
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("Tsunagu")
            CommonName("Tsunagu self-signed demo certificate")
        }
        var alternativeNames: [GeneralName] = [
            .dnsName("localhost"),
            .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
            .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
        ]
        alternativeNames += hostNames.filter { $0 != "localhost" }.map { GeneralName.dnsName($0) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(365 * 24 * 3600),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        try certificate.serializeAsPEM().pemString.write(toFile: material.certificatePath, atomically: true, encoding: .utf8)
        guard files.createFile(atPath: material.privateKeyPath, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw TLSMaterialError("cannot write \(material.privateKeyPath)")
        }
        return (material, true)
    }
}

/// Why TLS material could not be used.
public struct TLSMaterialError: Error, CustomStringConvertible {
    /// What is wrong.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
