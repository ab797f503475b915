import Foundation

/// A partner of a tenant as the store keeps it. The relay validates partners before they are
/// stored; the store keeps the fields as given.
///
/// Outbound credentials are referenced by the names of environment variables: no secret value
/// is ever written to the database.
public struct StoredPartner: Sendable, Hashable {
    /// The owning tenant.
    public let tenant: String
    /// The partner's name, unique within the tenant.
    public let name: String
    /// The ecosystem it lives in (`pact`, `catenax`, `ouranos`).
    public var ecosystem: String
    /// The base URL of its API.
    public var baseURL: String
    /// Its PACT client id, if it is known by one.
    public var pactClientID: String?
    /// Its Catena-X Business Partner Number (legal entity), if any.
    public var bpn: String?
    /// Its Japanese corporate number (法人番号), if any.
    public var corporateNumber: String?
    /// The data model it speaks (`pact@3.0.0`, `catenax-pcf@9.0.0`...).
    public var model: String
    /// The id of the API client it uses when it calls this gateway, if it does.
    public var inboundClientID: String?
    /// The client id (or user) the gateway presents when it calls the partner.
    public var outboundClientID: String?
    /// The name of the environment variable holding the outbound secret.
    public var outboundSecretVariable: String?
    /// The name of the environment variable holding an outbound API key (Ouranos `apiKey`, a connector key).
    public var outboundAPIKeyVariable: String?
    /// When the partner was added.
    public let created: Date

    /// Creates a record.
    public init(
        tenant: String, name: String, ecosystem: String, baseURL: String, pactClientID: String? = nil, bpn: String? = nil,
        corporateNumber: String? = nil, model: String, inboundClientID: String? = nil, outboundClientID: String? = nil,
        outboundSecretVariable: String? = nil, outboundAPIKeyVariable: String? = nil, created: Date
    ) {
        self.tenant = tenant
        self.name = name
        self.ecosystem = ecosystem
        self.baseURL = baseURL
        self.pactClientID = pactClientID
        self.bpn = bpn
        self.corporateNumber = corporateNumber
        self.model = model
        self.inboundClientID = inboundClientID
        self.outboundClientID = outboundClientID
        self.outboundSecretVariable = outboundSecretVariable
        self.outboundAPIKeyVariable = outboundAPIKeyVariable
        self.created = created
    }
}
