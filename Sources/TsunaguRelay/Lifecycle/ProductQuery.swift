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
    /// The one of ``productIDs`` that is the requester's own part number rather than the
    /// manufacturer's (Catena-X's `customerPartId`), when the requester said so; the others are
    /// the manufacturer's. A Catena-X partner asked upstream gets each under its own name.
    public private(set) var customerPartID: String? = nil

    private enum CodingKeys: String, CodingKey {
        case productIDs, companyID, classifications
    }

    /// Creates a query.
    /// - Parameter customerPartID: which of `productIDs` is the requester's own part number, if any.
    public init(productIDs: [String], companyID: String? = nil, classifications: [String] = [], conditions: JSONValue? = nil, customerPartID: String? = nil) {
        self.productIDs = productIDs
        self.companyID = companyID
        self.classifications = classifications
        self.conditions = conditions
        self.customerPartID = customerPartID.flatMap { productIDs.contains($0) ? $0 : nil }
    }

    /// The manufacturer's part id: the first of ``productIDs`` that is not the ``customerPartID``
    /// (once: a requester may give one number as both).
    public var manufacturerPartID: String? {
        var others = productIDs
        if let customerPartID, let index = others.firstIndex(of: customerPartID) { others.remove(at: index) }
        return others.first
    }
}
