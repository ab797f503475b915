import TsunaguCore

/// Why a relay request ended without a footprint, with a message for the requester.
public struct RelayRejection: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The reason, which decides the code in each protocol.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The requester may not ask this tenant.
        case unauthorised
        /// The request is malformed (no product id, say).
        case badRequest
        /// No footprint exists for the product (locally or upstream), or no rule says where to look.
        case notFound
        /// The asked data model version cannot be served.
        case unsupportedVersion
        /// The data owner's usage policy does not allow the footprint to go to the requester.
        case policyProhibited
        /// The upstream could not be reached or was unavailable after every attempt.
        case upstreamUnavailable
        /// The upstream answered with something that is not a valid footprint.
        case upstreamInvalid
        /// The upstream refused the gateway.
        case upstreamRefused
        /// The footprint could not be translated into the requester's data model.
        case translationFailed
        /// The request's deadline passed before it could be answered.
        case expired
    }

    /// The reason.
    public let reason: Reason
    /// What happened, for the requester: for upstream trouble, what happened upstream.
    public let message: String
    /// What the audit trail keeps beside the message and the requester does not receive: the
    /// data owner's policy decision explained (which policy, rule and constraints), say.
    public private(set) var audit: JSONValue? = nil

    private enum CodingKeys: String, CodingKey {
        case reason, message
    }

    /// Creates a rejection; `audit` is kept in the audit trail only.
    public init(_ reason: Reason, _ message: String, audit: JSONValue? = nil) {
        self.reason = reason
        self.message = message
        self.audit = audit
    }

    /// The rejection for an upstream failure that ends the request.
    public init(upstream failure: UpstreamFailure, source: RelaySource, attempts: Int) {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        switch failure.kind {
        case .unreachable:
            // How the connection failed names the partner's host and address: the audit trail
            // keeps it, the requester learns that the partner could not be reached.
            self.init(.upstreamUnavailable, "\(source) could not be reached after \(tries)", audit: ["upstreamFailure": .string(failure.message)])
        case .unavailable:
            self.init(.upstreamUnavailable, "\(source) could not serve the footprint after \(tries): \(failure.message)")
        case .invalidAnswer:
            self.init(.upstreamInvalid, "\(source) answered with an invalid footprint: \(failure.message)")
        case .notFound:
            self.init(.notFound, "\(source) has no footprint for the product: \(failure.message)")
        case .refused:
            self.init(.upstreamRefused, "\(source) refused the request: \(failure.message)")
        case .notConfigured:
            // The gateway's own settings (which variable, which URL) are the operator's business.
            self.init(
                .upstreamUnavailable, "\(source) cannot be asked: the gateway's settings for it are incomplete, which its operator can see",
                audit: ["upstreamFailure": .string(failure.message)])
        }
    }

    /// The answer in `protocol`'s own error vocabulary.
    public func answer(in protocol: RequesterProtocol) -> ProtocolRejection {
        switch `protocol` {
        case .pactV2, .pactV3: .pact(code: pactCode(in: `protocol`), message: message)
        case .catenaX: .catenaX(status: catenaXStatus, message: message)
        case .ouranos: .ouranos(status: ProtocolRejection.ouranosRejectStatus, replyMessage: message)
        }
    }

    /// The PACT error code (RequestRejected event `error.code`). A missing footprint is
    /// `NotFound` in both versions: v2.3's event schema lists `NotFound` (its REST answer is
    /// `NoSuchFootprint`, which the event schema does not allow).
    private func pactCode(in protocol: RequesterProtocol) -> String {
        switch reason {
        case .unauthorised, .policyProhibited, .upstreamRefused: "AccessDenied"
        case .badRequest: "BadRequest"
        case .notFound: "NotFound"
        case .unsupportedVersion: "NotImplemented"
        case .upstreamUnavailable, .upstreamInvalid, .translationFailed, .expired: "InternalError"
        }
    }

    /// The HTTP status a Catena-X requester receives (CX-0136 uses 400, 404 and 422; the rest are plain HTTP).
    private var catenaXStatus: Int {
        switch reason {
        case .unauthorised, .policyProhibited: 403
        case .badRequest: 400
        case .notFound: 404
        case .unsupportedVersion: 422
        case .upstreamUnavailable: 503
        case .upstreamInvalid, .upstreamRefused: 502
        case .translationFailed: 500
        case .expired: 504
        }
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}

/// A rejection as a requester's protocol expresses it.
public enum ProtocolRejection: Sendable, Hashable, Codable {
    /// A PACT error code and message (the `error` of a RequestRejected event, or an error body).
    case pact(code: String, message: String)
    /// A Catena-X HTTP status and message.
    case catenaX(status: Int, message: String)
    /// An Ouranos `cfpResponseStatus` (always `REJECT`) and `replyMessage`.
    case ouranos(status: String, replyMessage: String)

    /// Ouranos's status for a refused request (差戻).
    public static let ouranosRejectStatus = "REJECT"
}
