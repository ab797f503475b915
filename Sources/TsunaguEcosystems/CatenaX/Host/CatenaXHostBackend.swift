import TsunaguCore

/// Which PCF Exchange path a call used; an answer goes back on the same form.
public enum CatenaXExchangeForm: Sendable, Hashable {
    /// `/footprintExchange/{requestId}` (PCF Exchange API 1.1 and later).
    case footprintExchange
    /// The deprecated `/productIds/{productId}?requestId=…`, naming the product.
    case productIDs(productID: String)
}

/// A validated request for a footprint from a Catena-X partner, answered later by a PUT to
/// the requester's own PCF exchange endpoint.
public struct CatenaXFootprintRequest: Sendable, Hashable {
    /// The requester's id for this request; the answer carries it.
    public let requestID: String
    /// The manufacturer's part id, when given.
    public let manufacturerPartID: String?
    /// The customer's part id, when given. At least one of the two part ids is present.
    public let customerPartID: String?
    /// The requester's note (at most 250 characters).
    public let message: String?
    /// Who asks, as its connector stated it through a trusted hop.
    public let requester: BusinessPartnerNumber
    /// The aspect model version the answer must have (9.0.0 when the requester named none).
    public let dataModelVersion: CatenaXDataModelVersion
    /// The base URL of the requester's PCF exchange endpoint, where the answer is PUT.
    public let replyAddress: String
    /// The path form the request used.
    public let form: CatenaXExchangeForm

    /// Creates a request.
    public init(requestID: String, manufacturerPartID: String?, customerPartID: String?, message: String?, requester: BusinessPartnerNumber, dataModelVersion: CatenaXDataModelVersion, replyAddress: String, form: CatenaXExchangeForm) {
        self.requestID = requestID
        self.manufacturerPartID = manufacturerPartID
        self.customerPartID = customerPartID
        self.message = message
        self.requester = requester
        self.dataModelVersion = dataModelVersion
        self.replyAddress = replyAddress
        self.form = form
    }
}

/// A PCF aspect document a Catena-X partner sent: the answer to one of the gateway's requests,
/// or (`isUpdate`) a later update of a footprint it sent before.
public struct CatenaXFootprintDelivery: Sendable, Hashable {
    /// The request the document answers (on the deprecated form it may be absent for an update).
    public let requestID: String?
    /// Who sent it, as its connector stated it through a trusted hop.
    public let sender: BusinessPartnerNumber
    /// The PCF aspect document, numbers exactly as sent.
    public let document: JSONValue
    /// The sender's note (at most 250 characters).
    public let message: String?
    /// `true` for an update of an earlier footprint, `false` for the answer to an open request.
    public let isUpdate: Bool
    /// The path form the delivery used.
    public let form: CatenaXExchangeForm

    /// Creates a delivery.
    public init(requestID: String?, sender: BusinessPartnerNumber, document: JSONValue, message: String?, isUpdate: Bool, form: CatenaXExchangeForm) {
        self.requestID = requestID
        self.sender = sender
        self.document = document
        self.message = message
        self.isUpdate = isUpdate
        self.form = form
    }
}

/// What the Catena-X host routes need from the gateway. The routes own the protocol (paths,
/// parameters, the `Edc-Bpn` trust rule, statuses); the backend owns partners, data and relays.
public protocol CatenaXHostBackend: Sendable {
    /// The base URL of the PCF exchange endpoint that answers for `requester` go to (from the
    /// partner registry), or `nil` when the requester is not a known partner (answered 403).
    /// - Throws: 503 when the registry cannot be read: a known partner must not be told it is unknown.
    func replyAddress(for requester: BusinessPartnerNumber) async throws(CatenaXError) -> String?

    /// Accepts a validated request. Returning means the request is durably recorded and will be
    /// answered by a PUT to `request.replyAddress` (answered 202 at once).
    /// - Throws: 404 for an unknown part, 403 when policy refuses the requester, 422 for a
    ///   version the data cannot be translated to, 503 when the request cannot be recorded now.
    func accept(_ request: CatenaXFootprintRequest) async throws(CatenaXError)

    /// Accepts a document a partner sent. Returning means it is validated against the aspect
    /// schema of the version the sender speaks and durably recorded (answered 200).
    /// - Throws: 404 for an answer to no open request of this sender, 422 for a document that
    ///   fails its schema (the message lists what), 503 when it cannot be recorded now.
    func receive(_ delivery: CatenaXFootprintDelivery) async throws(CatenaXError)
}
