import Foundation

/// A trade request the gateway opened at an Ouranos partner for a relay request, kept until the
/// fetch reaches a final outcome, so that a retry (also after a restart) polls the same trade
/// instead of opening a second one at the partner.
public struct OpenedOuranosTrade: Sendable, Hashable {
    /// The relay request the trade was opened for.
    public let relayRequestID: String
    /// The name of the partner it was opened at.
    public let partner: String
    /// The id of the trade request's status at the partner.
    public let statusID: String
    /// The trace id of the part the trade asks about.
    public let traceID: String
    /// The asked supplier's OperatorModel, as JSON text.
    public let supplier: String
    /// The product asked for.
    public let productID: String
    /// When the trade was opened.
    public let started: Date

    /// Creates a record.
    public init(relayRequestID: String, partner: String, statusID: String, traceID: String, supplier: String, productID: String, started: Date) {
        self.relayRequestID = relayRequestID
        self.partner = partner
        self.statusID = statusID
        self.traceID = traceID
        self.supplier = supplier
        self.productID = productID
        self.started = started
    }
}
