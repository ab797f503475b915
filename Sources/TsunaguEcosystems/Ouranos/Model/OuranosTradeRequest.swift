import Foundation
import TsunaguCore

/// A new CFP request (TradeRequestModel as `PUT dataTarget=tradeRequest` takes it): the asking
/// company names its own part (downstream trace id) and the company it asks.
public struct OuranosTradeRequest: Sendable, Hashable {
    /// The asking operator; must be the operator the access token belongs to.
    public let downstreamOperatorID: String
    /// The asked operator.
    public let upstreamOperatorID: String
    /// The asking company's trace id of the part whose component CFP it wants.
    public let downstreamTraceID: String
    /// A note to the asked company (at most 1000 characters).
    public let message: String?
    /// The wanted answer date, `yyyy-mm-dd` (required by Ouranos on creation).
    public let responseDueDate: String

    /// Creates a request.
    public init(downstreamOperatorID: String, upstreamOperatorID: String, downstreamTraceID: String, message: String?, responseDueDate: String) {
        self.downstreamOperatorID = downstreamOperatorID
        self.upstreamOperatorID = upstreamOperatorID
        self.downstreamTraceID = downstreamTraceID
        self.message = message
        self.responseDueDate = responseDueDate
    }

    /// Reads a TradeRequestModel for creation: ids the system assigns must be null or absent.
    public init(json: JSONValue) throws(OuranosModelProblem) {
        let root = try OuranosJSON.object(json, "requestBody")
        let trade = try OuranosJSON.object(root["tradeModel"], "tradeModel")
        let status = try OuranosJSON.object(root["statusModel"], "statusModel")
        downstreamOperatorID = try OuranosJSON.uuid(trade, "downstreamOperatorId")
        upstreamOperatorID = try OuranosJSON.uuid(trade, "upstreamOperatorId")
        downstreamTraceID = try OuranosJSON.uuid(trade, "downstreamTraceId")
        for field in ["tradeId", "upstreamTraceId"] where !(trade[field]?.isNull ?? true) {
            throw OuranosModelProblem(field, "must be null when a trade request is created.")
        }
        for field in ["tradeId", "statusId"] where !(status[field]?.isNull ?? true) {
            throw OuranosModelProblem(field, "must be null when a trade request is created.")
        }
        let requestType = try OuranosJSON.string(status, "requestType", maxLength: 256)
        guard requestType == "CFP" else { throw OuranosModelProblem("requestType", "cannot be allowed '\(requestType)'.") }
        message = try OuranosJSON.optionalString(status, "message")
        let due = try OuranosJSON.string(status, "responseDueDate", maxLength: 10)
        guard Self.isDate(due) else { throw OuranosModelProblem("responseDueDate", "must be a valid date.") }
        responseDueDate = due
    }

    /// The TradeRequestModel sent to create the request.
    public var json: JSONValue {
        [
            "statusModel": [
                "message": OuranosJSON.optional(message), "replyMessage": .null, "requestStatus": [:], "requestType": "CFP",
                "statusId": .null, "tradeId": .null, "responseDueDate": .string(responseDueDate),
            ],
            "tradeModel": [
                "downstreamOperatorId": .string(downstreamOperatorID), "downstreamTraceId": .string(downstreamTraceID), "tradeId": .null,
                "upstreamOperatorId": .string(upstreamOperatorID), "upstreamTraceId": .null,
            ],
        ]
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // `Int` reads "+1" too: every character must be an ASCII digit.
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}

/// What creating a trade request produced: the trade and its status, with the assigned ids.
public struct OuranosTradeRequestReceipt: Sendable, Hashable {
    /// The trade, with its `tradeID`.
    public let trade: OuranosTrade
    /// The request's status, with its `statusID`.
    public let status: OuranosStatus

    /// Creates a receipt.
    public init(trade: OuranosTrade, status: OuranosStatus) {
        self.trade = trade
        self.status = status
    }

    /// The TradeRequestModel answered with 201.
    public var json: JSONValue { ["tradeModel": trade.json, "statusModel": status.json] }
}

/// The tokens `/auth/login` issues.
public struct OuranosTokens: Sendable, Hashable {
    /// The access token, sent as `Authorization: Bearer` on business calls.
    public let accessToken: String
    /// The refresh token, for `/auth/refresh`.
    public let refreshToken: String

    /// Creates tokens.
    public init(accessToken: String, refreshToken: String) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
    }
}
