import Foundation

/// A framework agreement the requester has signed, e.g. Catena-X `DataExchangeGovernance` version `1.0`.
public struct FrameworkAgreement: Sendable, Hashable {
    /// The agreement's name (`DataExchangeGovernance`).
    public var name: String
    /// The agreement's version (`1.0`); empty when the agreement has no version.
    public var version: String

    /// Creates a framework agreement.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// Reads the Catena-X form `Name:Version` (`DataExchangeGovernance:1.0`); a text without `:` has an empty version.
    public init(_ text: String) {
        if let colon = text.lastIndex(of: ":") {
            self.init(name: String(text[..<colon]), version: String(text[text.index(after: colon)...]))
        } else {
            self.init(name: text, version: "")
        }
    }

    /// The Catena-X form `Name:Version`.
    public var text: String { version.isEmpty ? name : "\(name):\(version)" }
}

/// Who is asking, as the gateway authenticated them: identities in each ecosystem and what
/// they have agreed to. Facts the gateway does not know stay `nil` or empty; a constraint on
/// a fact that is missing is never satisfied.
public struct Requester: Sendable, Hashable {
    /// The ecosystem whose protocol the request arrived in.
    public var ecosystem: Ecosystem
    /// The tenant the requester authenticated against.
    public var tenant: String
    /// The PACT OAuth2 client id.
    public var clientID: String?
    /// The Catena-X Business Partner Number (legal entity, `BPNL…`).
    public var businessPartnerNumber: String?
    /// Catena-X Business Partner Groups the requester's BPN belongs to.
    public var businessPartnerGroups: Set<String>
    /// The Japanese corporate number (法人番号, 13 digits).
    public var corporateNumber: String?
    /// Memberships the requester holds, e.g. `catena-x` (which makes Catena-X `Membership eq active` true).
    public var memberships: Set<String>
    /// Framework agreements the requester has signed.
    public var frameworkAgreements: Set<FrameworkAgreement>
    /// The usage purposes the requester declared (`cx.pcf.base:1`).
    public var usagePurposes: Set<String>
    /// Contract references of the requester's agreements with the data owner.
    public var contractReferences: Set<String>
    /// When the requester's contract with the data owner started.
    public var contractStart: Date?

    /// Creates a requester.
    public init(
        ecosystem: Ecosystem, tenant: String, clientID: String? = nil, businessPartnerNumber: String? = nil,
        businessPartnerGroups: Set<String> = [], corporateNumber: String? = nil, memberships: Set<String> = [],
        frameworkAgreements: Set<FrameworkAgreement> = [], usagePurposes: Set<String> = [],
        contractReferences: Set<String> = [], contractStart: Date? = nil
    ) {
        self.ecosystem = ecosystem
        self.tenant = tenant
        self.clientID = clientID
        self.businessPartnerNumber = businessPartnerNumber
        self.businessPartnerGroups = businessPartnerGroups
        self.corporateNumber = corporateNumber
        self.memberships = memberships
        self.frameworkAgreements = frameworkAgreements
        self.usagePurposes = usagePurposes
        self.contractReferences = contractReferences
        self.contractStart = contractStart
    }
}
