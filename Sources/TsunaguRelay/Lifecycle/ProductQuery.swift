/// What a requester wants a footprint for.
public struct ProductQuery: Sendable, Hashable, Codable {
    /// Product ids as the requester gave them (URNs, manufacturer or customer part ids).
    public let productIDs: [String]
    /// The company (supplier) the product comes from, when the request names one: a BPN, a
    /// corporate number or a PACT company id.
    public let companyID: String?
    /// Product classifications given with the request.
    public let classifications: [String]

    /// Creates a query.
    public init(productIDs: [String], companyID: String? = nil, classifications: [String] = []) {
        self.productIDs = productIDs
        self.companyID = companyID
        self.classifications = classifications
    }
}
