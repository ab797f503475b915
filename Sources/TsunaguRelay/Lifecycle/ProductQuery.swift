import TsunaguCore

/// What a requester wants a footprint for.
public struct ProductQuery: Sendable, Hashable, Codable {
    /// Product ids as the requester gave them (URNs, manufacturer or customer part ids).
    public let productIDs: [String]
    /// The company (supplier) the product comes from, when the request names one: a BPN, a
    /// corporate number or a PACT company id.
    public let companyID: String?
    /// Product classifications given with the request.
    public let classifications: [String]
    /// The requester's own criteria beyond the product, in its protocol's words (a PACT
    /// RequestCreated's `data`: geography, validity, status): the footprint found upstream must
    /// meet them too, which the gateway checks once it holds it.
    public private(set) var conditions: JSONValue? = nil

    private enum CodingKeys: String, CodingKey {
        case productIDs, companyID, classifications
    }

    /// Creates a query.
    public init(productIDs: [String], companyID: String? = nil, classifications: [String] = [], conditions: JSONValue? = nil) {
        self.productIDs = productIDs
        self.companyID = companyID
        self.classifications = classifications
        self.conditions = conditions
    }
}
