/// The left operands Tsunagu understands: facts about the request it can check, Catena-X
/// usage-restriction and date terms it evaluates specially, and Catena-X contract terms it
/// records but cannot check. Anything else rejects the policy at load.
enum LeftOperand: String, Sendable, CaseIterable {
    // Tsunagu (namespace `urn:tsunagu:policy:`, prefix `tsunagu:`)
    case ecosystem = "Ecosystem"
    case tenant = "Tenant"
    case clientID = "ClientId"
    case corporateNumber = "CorporateNumber"
    case contractStart = "ContractStart"
    case productID = "ProductId"
    case classification = "Classification"
    case footprintID = "FootprintId"
    case originEcosystem = "OriginEcosystem"
    // ODRL core
    case dateTime
    // Eclipse Dataspace Connector
    case inForceDate
    // Catena-X (CX-0152, 2025/9 context, and legacy profile2405)
    case businessPartnerNumber = "BusinessPartnerNumber"
    case businessPartnerGroup = "BusinessPartnerGroup"
    case membership = "Membership"
    case frameworkAgreement = "FrameworkAgreement"
    case usagePurpose = "UsagePurpose"
    case contractReference = "ContractReference"
    case dataUsageEndDate = "DataUsageEndDate"
    case dataUsageEndDurationDays = "DataUsageEndDurationDays"
    case usageRestriction = "UsageRestriction"
    // Catena-X contract terms: agreed in the contract, not checkable by the gateway.
    case affiliatesBpnl = "AffiliatesBpnl"
    case affiliatesRegion = "AffiliatesRegion"
    case confidentialInformationMeasures = "ConfidentialInformationMeasures"
    case confidentialInformationSharing = "ConfidentialInformationSharing"
    case contractTermination = "ContractTermination"
    case dataFrequency = "DataFrequency"
    case dataProvisioningEndDate = "DataProvisioningEndDate"
    case dataProvisioningEndDurationDays = "DataProvisioningEndDurationDays"
    case dataUsageEndDefinition = "DataUsageEndDefinition"
    case exclusiveUsage = "ExclusiveUsage"
    case jurisdictionLocation = "JurisdictionLocation"
    case jurisdictionLocationReference = "JurisdictionLocationReference"
    case liability = "Liability"
    case managedLegalEntityBpnl = "ManagedLegalEntityBpnl"
    case managedLegalEntityRegion = "ManagedLegalEntityRegion"
    case precedence = "Precedence"
    case versionChanges = "VersionChanges"
    case warranty = "Warranty"
    case warrantyDuration = "WarrantyDuration"
    case warrantyDurationMonths = "WarrantyDurationMonths"

    /// How a constraint on this operand is evaluated.
    enum Kind: Sendable {
        /// One text fact of the request (may be missing).
        case single
        /// A set of text facts of the request.
        case set
        /// A point in time of the request.
        case date
        /// Evaluated by its own rule (end dates, durations, usage restrictions).
        case special
        /// A contract term the requester agrees to; listed in the decision, not checked.
        case contractTerm
    }

    var kind: Kind {
        switch self {
        case .ecosystem, .tenant, .clientID, .corporateNumber, .footprintID, .originEcosystem, .businessPartnerNumber:
            .single
        case .productID, .classification, .businessPartnerGroup, .membership, .frameworkAgreement, .usagePurpose,
            .contractReference:
            .set
        case .dateTime, .contractStart:
            .date
        case .inForceDate, .dataUsageEndDate, .dataUsageEndDurationDays, .usageRestriction:
            .special
        default:
            .contractTerm
        }
    }

    /// The vocabulary the operand belongs to, for resolving prefixed names.
    var namespace: PolicyNamespace {
        switch self {
        case .ecosystem, .tenant, .clientID, .corporateNumber, .contractStart, .productID, .classification,
            .footprintID, .originEcosystem:
            .tsunagu
        case .dateTime: .odrl
        case .inForceDate: .edc
        default: .catenaX
        }
    }

    /// Looks an operand up by its local name, as written in the vocabulary.
    static func named(_ local: String) -> LeftOperand? { byName[local] }

    private static let byName: [String: LeftOperand] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}
