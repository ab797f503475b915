import Foundation

/// A CFP trade request an Ouranos-side company made to the gateway, as the store keeps it. The
/// answer is not stored here: the trade names the relay request that carries it.
public struct StoredOuranosTrade: Sendable, Hashable {
    /// The tenant asked.
    public let tenant: String
    /// The trade id the gateway assigned.
    public let tradeID: String
    /// The id of the request's status.
    public let statusID: String
    /// The relay request that answers it.
    public let relayRequestID: String
    /// The asking operator's internal id.
    public let downstreamOperatorID: String
    /// The asked operator's internal id.
    public let upstreamOperatorID: String
    /// The asking company's trace id of the part it asks about.
    public let downstreamTraceID: String
    /// The asking company's note, if any.
    public let message: String?
    /// The wanted answer date, `yyyy-mm-dd`.
    public let responseDueDate: String
    /// When it was made.
    public let created: Date

    /// Creates a record.
    public init(
        tenant: String, tradeID: String, statusID: String, relayRequestID: String, downstreamOperatorID: String, upstreamOperatorID: String,
        downstreamTraceID: String, message: String?, responseDueDate: String, created: Date
    ) {
        self.tenant = tenant
        self.tradeID = tradeID
        self.statusID = statusID
        self.relayRequestID = relayRequestID
        self.downstreamOperatorID = downstreamOperatorID
        self.upstreamOperatorID = upstreamOperatorID
        self.downstreamTraceID = downstreamTraceID
        self.message = message
        self.responseDueDate = responseDueDate
        self.created = created
    }
}
