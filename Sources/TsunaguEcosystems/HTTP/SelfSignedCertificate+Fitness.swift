import Foundation
import SwiftASN1
import X509

extension SelfSignedCertificate {
    /// Whether a certificate can still serve, and who made it.
    struct Fitness {
        /// When the certificate stops being valid.
        var expiry: Date
        /// What makes it unfit to serve (expired, expiring within a day, a host name missing), or `nil`.
        var problem: String?
        /// Whether Tsunagu made it: self-signed, its subject naming Tsunagu's organisation and an instance.
        var isMadeByTsunagu: Bool
    }

    /// A certificate this close to its expiry is replaced: a run (or a host trusting it) would
    /// otherwise fail part way.
    static let renewalMargin: TimeInterval = 24 * 3600

    /// Checks the certificate's validity at `now` and its alternative names against `hostNames`
    /// (listening on every address, `0.0.0.0` or `::`, needs no name).
    /// - Throws: when the certificate or its alternative names do not parse.
    func fitness(for hostNames: [String], at now: Date) throws -> Fitness {
        let certificate = try Certificate(pemDocument: Self.firstCertificateBlock(of: certificatePEM))
        let names = try certificate.extensions.subjectAlternativeNames.map { Array($0) } ?? []
        var problems: [String] = []
        let expiry = certificate.notValidAfter
        if expiry <= now {
            problems.append("expired on \(Self.timestamp(expiry))")
        } else if expiry <= now.addingTimeInterval(Self.renewalMargin) {
            problems.append("expires on \(Self.timestamp(expiry)), within a day")
        }
        let missing = hostNames.filter { host in
            !["0.0.0.0", "::", ""].contains(host) && !names.contains { Self.general($0, names: host) }
        }
        if !missing.isEmpty {
            problems.append("does not name \(missing.joined(separator: ", ")) (it names \(names.map(Self.describe).joined(separator: ", ")))")
        }
        let subject = certificate.subject
        let madeByTsunagu = certificate.issuer == subject
            && Self.attributes(.RDNAttributeType.organizationName, of: subject) == [Self.organization]
            && Self.attributes(.RDNAttributeType.organizationalUnitName, of: subject).contains { $0.hasPrefix(Self.instancePrefix) }
        return Fitness(expiry: expiry, problem: problems.isEmpty ? nil : problems.joined(separator: " and "), isMadeByTsunagu: madeByTsunagu)
    }

    /// An instant as the messages show it: ISO 8601 in UTC, to the second.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// The first certificate of a PEM file that may hold a chain.
    private static func firstCertificateBlock(of pem: String) throws -> PEMDocument {
        let documents = try PEMDocument.parseMultiple(pemString: pem)
        guard let first = documents.first(where: { $0.discriminator == "CERTIFICATE" }) else {
            throw StoredCertificateError(description: "no certificate in the PEM text")
        }
        return first
    }

    private static func general(_ name: GeneralName, names host: String) -> Bool {
        if case .dnsName(let dns) = name, case .dnsName(let wanted) = generalName(host) { return dns.lowercased() == wanted.lowercased() }
        return name == generalName(host)
    }

    private static func describe(_ name: GeneralName) -> String {
        switch name {
        case .dnsName(let dns): return dns
        case .ipAddress(let address):
            let bytes = Array(address.bytes)
            if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
            return stride(from: 0, to: bytes.count - 1, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
        default: return "\(name)"
        }
    }

    private static func attributes(_ type: ASN1ObjectIdentifier, of name: DistinguishedName) -> [String] {
        name.flatMap { $0 }.filter { $0.type == type }.map { $0.value.description }
    }
}
