import TsunaguCore

/// The state of a CFP request (StatusModel), as the asking company reads it.
public struct OuranosStatus: Sendable, Hashable {
    /// Whether the CFP was answered (`cfpResponseStatus`).
    public enum ResponseStatus: String, Sendable, Hashable, CaseIterable {
        /// 依頼中: asked, not answered yet.
        case notCompleted = "NOT_COMPLETED"
        /// 回答完了: answered; the CFP can be read.
        case completed = "COMPLETED"
        /// 差戻: sent back by the asked company (the reason is in `replyMessage`).
        case reject = "REJECT"
        /// 取消: withdrawn by the asking company.
        case cancel = "CANCEL"
    }

    /// Whether every trade below was answered or ended (`tradeTreeStatus`).
    public enum TreeStatus: String, Sendable, Hashable, CaseIterable {
        /// 終端済み.
        case terminated = "TERMINATED"
        /// 未終端.
        case unterminated = "UNTERMINATED"
    }

    /// The request id.
    public let statusID: String
    /// The trade the request belongs to.
    public let tradeID: String
    /// Whether the CFP was answered.
    public let responseStatus: ResponseStatus
    /// Whether the trade tree ended.
    public let treeStatus: TreeStatus
    /// The asking company's message.
    public let message: String?
    /// The answering company's reason when it sent the request back.
    public let replyMessage: String?
    /// The wanted answer date, `yyyy-mm-dd`.
    public let responseDueDate: String?
    /// Answers completed upstream, when known.
    public let completedCount: Int?
    /// Trades upstream, when known.
    public let tradesCount: Int?

    /// Creates a status.
    public init(statusID: String, tradeID: String, responseStatus: ResponseStatus, treeStatus: TreeStatus, message: String?, replyMessage: String? = nil, responseDueDate: String?, completedCount: Int? = nil, tradesCount: Int? = nil) {
        self.statusID = statusID
        self.tradeID = tradeID
        self.responseStatus = responseStatus
        self.treeStatus = treeStatus
        self.message = message
        self.replyMessage = replyMessage
        self.responseDueDate = responseDueDate
        self.completedCount = completedCount
        self.tradesCount = tradesCount
    }

    /// Reads a StatusModel that carries a request status (as `GET status` answers).
    public init(json: JSONValue) throws(OuranosModelProblem) {
        let object = try OuranosJSON.object(json, "statusModel")
        statusID = try OuranosJSON.uuid(object, "statusId")
        tradeID = try OuranosJSON.uuid(object, "tradeId")
        let request = try OuranosJSON.object(object["requestStatus"], "requestStatus")
        let response = try OuranosJSON.string(request, "cfpResponseStatus")
        guard let responseStatus = ResponseStatus(rawValue: response) else {
            throw OuranosModelProblem("cfpResponseStatus", "cannot be allowed '\(response)'.")
        }
        self.responseStatus = responseStatus
        let tree = try OuranosJSON.string(request, "tradeTreeStatus")
        guard let treeStatus = TreeStatus(rawValue: tree) else { throw OuranosModelProblem("tradeTreeStatus", "cannot be allowed '\(tree)'.") }
        self.treeStatus = treeStatus
        message = try OuranosJSON.optionalString(object, "message")
        replyMessage = try OuranosJSON.optionalString(object, "replyMessage")
        responseDueDate = try OuranosJSON.optionalString(object, "responseDueDate", maxLength: 10)
        completedCount = try OuranosJSON.optionalNumber(request, "completedCount").flatMap { Int($0.text) }
        tradesCount = try OuranosJSON.optionalNumber(request, "tradesCount").flatMap { Int($0.text) }
    }

    /// The StatusModel.
    public var json: JSONValue {
        [
            "statusId": .string(statusID), "tradeId": .string(tradeID), "requestType": "CFP",
            "requestStatus": [
                "cfpResponseStatus": .string(responseStatus.rawValue), "tradeTreeStatus": .string(treeStatus.rawValue),
                "completedCount": completedCount.map { .number(JSONNumber($0)) } ?? .null, "completedCountModifiedAt": .null,
                "tradesCount": tradesCount.map { .number(JSONNumber($0)) } ?? .null, "tradesCountModifiedAt": .null,
            ],
            "message": OuranosJSON.optional(message), "replyMessage": OuranosJSON.optional(replyMessage),
            "responseDueDate": OuranosJSON.optional(responseDueDate),
        ]
    }
}
