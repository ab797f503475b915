import Foundation
import HTTPTypes
import TsunaguCore

/// Which hops the gateway believes when they say who the requester is.
///
/// A Catena-X requester is named by the `Edc-Bpn` header, which the provider's connector data
/// plane sets after the contract negotiation has established the consumer's identity. Anyone who
/// reaches the gateway directly could set that header too, so it is believed only from a hop
/// that proves it is the data plane (or a front proxy in front of it):
/// - a shared secret: the data plane adds a header with a secret (an EDC `HttpData` address's
///   `authKey` / `authCode`, or a proxy rule) that the gateway compares in constant time, and/or
/// - the peer address: the TCP peer must be one of the listed addresses (the data plane's or the
///   proxy's). This needs a request context that knows its peer (`RemoteAddressRequestContext`);
///   without one the check fails closed.
/// When both are configured, both must hold. With neither, every call is refused.
public struct CatenaXRequesterTrust: Sendable {
    /// The header that carries the requester's BPN.
    public static let bpnHeader = HTTPField.Name("Edc-Bpn") ?? .from

    let secretHeader: HTTPField.Name?
    let secret: [UInt8]
    let trustedPeers: Set<String>

    /// Trusts hops that send `secret` in `headerName`, e.g. the data plane's `authKey`.
    /// - Returns: `nil` when the header name is not a valid field name or the secret is shorter than 16 bytes.
    public static func sharedSecret(headerName: String, secret: String) -> CatenaXRequesterTrust? {
        guard let name = HTTPField.Name(headerName), secret.utf8.count >= 16 else { return nil }
        return CatenaXRequesterTrust(secretHeader: name, secret: Array(secret.utf8), trustedPeers: [])
    }

    /// Trusts hops whose TCP peer address is one of `addresses` (IPv4 or IPv6 text, compared exactly).
    public static func trustedPeers(_ addresses: [String]) -> CatenaXRequesterTrust {
        CatenaXRequesterTrust(secretHeader: nil, secret: [], trustedPeers: Set(addresses))
    }

    /// Trusts no hop: every call is refused (the safe default until the data plane is configured).
    public static let nobody = CatenaXRequesterTrust(secretHeader: nil, secret: [], trustedPeers: [])

    /// This rule, and also a TCP peer among `addresses`.
    public func requiringPeers(_ addresses: [String]) -> CatenaXRequesterTrust {
        CatenaXRequesterTrust(secretHeader: secretHeader, secret: secret, trustedPeers: trustedPeers.union(addresses))
    }

    /// The requester named by a call, if the hop it came through is trusted.
    /// - Parameters:
    ///   - peerAddress: the TCP peer's IP address, `nil` when the context cannot tell.
    /// - Throws: 403 for an untrusted hop, 400 for a missing or malformed `Edc-Bpn`.
    public func requester(headers: HTTPFields, peerAddress: String?) throws(CatenaXError) -> BusinessPartnerNumber {
        guard secretHeader != nil || !trustedPeers.isEmpty else {
            throw CatenaXError.forbidden("this gateway trusts no connector data plane yet: configure the data plane's shared secret or address before Catena-X partners can call it")
        }
        if let secretHeader {
            guard let presented = headers[secretHeader], Self.constantTimeEquals(Array(presented.utf8), secret) else {
                throw CatenaXError.forbidden("the call did not come through the configured connector data plane (its \(secretHeader.rawName) header is missing or wrong): call the provider's connector, not the gateway directly")
            }
        }
        if !trustedPeers.isEmpty {
            guard let peerAddress, trustedPeers.contains(peerAddress) else {
                throw CatenaXError.forbidden("the call came from \(peerAddress ?? "an unknown address"), which is not a trusted connector data plane: call the provider's connector, not the gateway directly")
            }
        }
        guard let header = headers[Self.bpnHeader] else {
            throw CatenaXError.badRequest("missing Edc-Bpn header: the connector data plane must set the requester's BPNL")
        }
        guard let bpn = BusinessPartnerNumber(header.trimmingCharacters(in: .whitespaces)) else {
            throw CatenaXError.badRequest("Edc-Bpn '\(header.prefix(40))' is not a legal entity BPN: expected BPNL followed by 12 characters A-Z or 0-9")
        }
        return bpn
    }

    private static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
