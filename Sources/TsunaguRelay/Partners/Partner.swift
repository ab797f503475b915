import Foundation
import TsunaguCore
import TsunaguStore

/// An upstream or downstream partner of a tenant, validated: who it is in its ecosystem, where
/// its API is, which data model it speaks, and how credentials are found.
///
/// Outbound secrets are referenced by environment variable names only; a partner never holds
/// a secret value, so it can be written to files and the database.
public struct Partner: Sendable, Hashable {
    /// The partner's name, unique within its tenant.
    public let name: String
    /// The owning tenant.
    public let tenant: String
    /// The ecosystem it lives in.
    public let ecosystem: DataEcosystem
    /// The base URL of its API (`http` or `https`).
    public let baseURL: URL
    /// Its PACT client id, if it is known by one.
    public let pactClientID: String?
    /// Its Catena-X Business Partner Number, checked to be `BPNL` + 12 upper-case letters or
    /// digits (required for Catena-X partners).
    public let bpn: String?
    /// Its Japanese corporate number (required for Ouranos partners), check digit verified.
    public let corporateNumber: CorporateNumber?
    /// The data model and version it speaks; its model belongs to `ecosystem`.
    public let model: ModelID
    /// The API client id the partner uses when it calls this gateway, if it does.
    public let inboundClientID: String?
    /// How the gateway authenticates when it calls the partner.
    public let outbound: OutboundCredentials

    /// Validates and creates a partner.
    /// - Throws: ``DiagnosticsError`` listing every problem found (all of them, not only the first).
    public init(
        name: String, tenant: String, ecosystem: DataEcosystem, baseURL: String, pactClientID: String? = nil, bpn: String? = nil,
        corporateNumber: String? = nil, model: String, inboundClientID: String? = nil, outbound: OutboundCredentials = OutboundCredentials()
    ) throws(DiagnosticsError) {
        var problems: [Diagnostic] = []
        func problem(_ field: String, _ message: String) {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: [field]), message: message))
        }
        if !Tenant.isValidName(name) { problem("name", "'\(name)' is not a valid partner name: use 1-64 letters, digits, '-', '_' or '.'") }
        let url = URL(string: baseURL)
        if url == nil || !["http", "https"].contains(url?.scheme?.lowercased() ?? "") || (url?.host ?? "").isEmpty {
            problem("baseURL", "'\(baseURL)' is not an http or https URL")
        } else if let url, url.scheme?.lowercased() == "http", outbound.secretVariable != nil || outbound.apiKeyVariable != nil, !Self.isLoopback(url.host ?? "") {
            problem("baseURL", "'\(baseURL)' is plain HTTP, and the partner's secrets would cross the network in the clear: use https (plain HTTP is kept for this machine's loopback addresses)")
        }
        let parsedBPN = bpn.flatMap(BusinessPartnerNumber.init)
        if let bpn, parsedBPN == nil { problem("bpn", "'\(bpn)' is not a legal-entity BPN: 'BPNL' followed by 12 upper-case letters or digits") }
        if ecosystem == .catenax, bpn == nil { problem("bpn", "a Catena-X partner needs its BPN") }
        let parsedNumber = corporateNumber.flatMap(CorporateNumber.init)
        if let corporateNumber, parsedNumber == nil {
            problem("corporateNumber", "'\(corporateNumber)' is not a corporate number: 13 digits whose first is the check digit of the other 12")
        }
        if ecosystem == .ouranos, corporateNumber == nil { problem("corporateNumber", "an Ouranos partner needs its corporate number (法人番号)") }
        let parsedModel = ModelID(model)
        if parsedModel == nil {
            problem("model", "'\(model)' is not a model id such as '\(ecosystem.modelName)@1.0.0'")
        } else if parsedModel?.model != ecosystem.modelName {
            problem("model", "'\(model)' is not a model of the \(ecosystem.rawValue) ecosystem: expected '\(ecosystem.modelName)@<version>'")
        }
        problems += outbound.problems
        guard problems.isEmpty, let url, let parsedModel else { throw DiagnosticsError(problems) }
        self.name = name
        self.tenant = tenant
        self.ecosystem = ecosystem
        self.baseURL = url
        self.pactClientID = pactClientID
        self.bpn = parsedBPN?.value
        self.corporateNumber = parsedNumber
        self.model = parsedModel
        self.inboundClientID = inboundClientID
        self.outbound = outbound
    }

    /// Whether `host` names this machine (`localhost`, 127.0.0.0/8, `::1`).
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }

    /// The partner a store record holds, validated again. - Throws: ``DiagnosticsError`` when the record is not valid.
    public init(stored: StoredPartner) throws(DiagnosticsError) {
        guard let ecosystem = DataEcosystem(rawValue: stored.ecosystem) else {
            throw DiagnosticsError([Diagnostic(pointer: JSONPointer(tokens: ["ecosystem"]), message: "unknown ecosystem '\(stored.ecosystem)'")])
        }
        try self.init(
            name: stored.name, tenant: stored.tenant, ecosystem: ecosystem, baseURL: stored.baseURL, pactClientID: stored.pactClientID,
            bpn: stored.bpn, corporateNumber: stored.corporateNumber, model: stored.model, inboundClientID: stored.inboundClientID,
            outbound: OutboundCredentials(
                clientID: stored.outboundClientID, secretVariable: stored.outboundSecretVariable, apiKeyVariable: stored.outboundAPIKeyVariable
            )
        )
    }

    /// The record the store keeps, stamped `created`.
    public func stored(created: Date) -> StoredPartner {
        StoredPartner(
            tenant: tenant, name: name, ecosystem: ecosystem.rawValue, baseURL: baseURL.absoluteString, pactClientID: pactClientID,
            bpn: bpn, corporateNumber: corporateNumber?.digits, model: model.description, inboundClientID: inboundClientID,
            outboundClientID: outbound.clientID, outboundSecretVariable: outbound.secretVariable, outboundAPIKeyVariable: outbound.apiKeyVariable,
            created: created
        )
    }
}
