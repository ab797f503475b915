/// One routing rule: which requests it matches, and where their footprints come from.
public struct RoutingRule: Sendable, Hashable {
    /// Matches when one of the request's product ids starts with this prefix.
    public let productIDPrefix: String?
    /// Matches when the request names this company (BPN, corporate number, PACT company id).
    public let companyID: String?
    /// Matches when the request carries this product classification.
    public let classification: String?
    /// Where a matching request's footprint comes from.
    public let source: RelaySource
    /// Where the rule was written (`file:line`), for explanations.
    public let origin: String?

    /// Creates a rule; a rule with no criterion matches every request.
    public init(productIDPrefix: String? = nil, companyID: String? = nil, classification: String? = nil, source: RelaySource, origin: String? = nil) {
        self.productIDPrefix = productIDPrefix
        self.companyID = companyID
        self.classification = classification
        self.source = source
        self.origin = origin
    }

    /// Whether every criterion the rule sets holds for `query`.
    public func matches(_ query: ProductQuery) -> Bool {
        if let productIDPrefix, !query.productIDs.contains(where: { $0.hasPrefix(productIDPrefix) }) { return false }
        if let companyID, query.companyID != companyID { return false }
        if let classification, !query.classifications.contains(classification) { return false }
        return true
    }

    /// How specific the rule is: more criteria first, then a longer product id prefix. Rules
    /// equally specific keep their order in the file.
    public var specificity: (criteria: Int, prefixLength: Int) {
        let criteria = [productIDPrefix, companyID, classification].compactMap { $0 }.count
        return (criteria, productIDPrefix?.count ?? 0)
    }
}
