import TsunaguCore

/// A trade relation (TradeModel): a downstream company asking an upstream company about a part.
public struct OuranosTrade: Sendable, Hashable {
    /// The trade id, `nil` before the system assigned one.
    public let tradeID: String?
    /// The asking (downstream) operator's internal id.
    public let downstreamOperatorID: String
    /// The asked (upstream) operator's internal id.
    public let upstreamOperatorID: String
    /// The downstream company's trace id of the part.
    public let downstreamTraceID: String
    /// The upstream company's trace id of its part, once it answered.
    public let upstreamTraceID: String?

    /// Creates a trade.
    public init(tradeID: String?, downstreamOperatorID: String, upstreamOperatorID: String, downstreamTraceID: String, upstreamTraceID: String?) {
        self.tradeID = tradeID
        self.downstreamOperatorID = downstreamOperatorID
        self.upstreamOperatorID = upstreamOperatorID
        self.downstreamTraceID = downstreamTraceID
        self.upstreamTraceID = upstreamTraceID
    }

    /// Reads a TradeModel.
    public init(json: JSONValue) throws(OuranosModelProblem) {
        let object = try OuranosJSON.object(json, "tradeModel")
        tradeID = try OuranosJSON.optionalUUID(object, "tradeId")
        downstreamOperatorID = try OuranosJSON.uuid(object, "downstreamOperatorId")
        upstreamOperatorID = try OuranosJSON.uuid(object, "upstreamOperatorId")
        downstreamTraceID = try OuranosJSON.uuid(object, "downstreamTraceId")
        upstreamTraceID = try OuranosJSON.optionalUUID(object, "upstreamTraceId")
    }

    /// The TradeModel.
    public var json: JSONValue {
        [
            "tradeId": OuranosJSON.optional(tradeID), "downstreamOperatorId": .string(downstreamOperatorID),
            "upstreamOperatorId": .string(upstreamOperatorID), "downstreamTraceId": .string(downstreamTraceID),
            "upstreamTraceId": OuranosJSON.optional(upstreamTraceID),
        ]
    }
}
