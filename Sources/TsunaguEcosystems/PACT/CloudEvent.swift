import TsunaguCore

/// A CloudEvents 1.0 event in structured JSON mode, as PACT's events endpoint receives and sends them.
public struct CloudEvent: Sendable, Hashable {
    /// The event `type`.
    public let type: String
    /// The event `id`, exactly as sent (echoed back as `requestEventId`).
    public let id: String
    /// The event `source`.
    public let source: String
    /// The event `time` as written (always present in a received event).
    public let time: String?
    /// The event `data`.
    public let data: JSONValue
    /// The whole event as received.
    public let json: JSONValue

    /// Creates an event to send.
    public init(type: String, id: String, source: String, time: String, data: JSONValue) {
        self.type = type
        self.id = id
        self.source = source
        self.time = time
        self.data = data
        self.json = ["type": .string(type), "specversion": "1.0", "id": .string(id), "source": .string(source), "time": .string(time), "data": data]
    }

    /// Reads and checks a received event.
    /// - Throws: ``PACTError/badRequest(_:)`` naming each missing or mistyped attribute.
    public init(json: JSONValue) throws(PACTError) {
        guard case .object = json else { throw PACTError.badRequest("the event must be a JSON object (CloudEvents structured mode)") }
        var problems: [String] = []
        func text(_ name: String) -> String? {
            guard let value = json[name] else {
                problems.append("'\(name)' is missing")
                return nil
            }
            guard let text = value.stringValue, !text.isEmpty else {
                problems.append("'\(name)' must be a non-empty string")
                return nil
            }
            return text
        }
        let specVersion = text("specversion")
        let type = text("type")
        let id = text("id")
        let source = text("source")
        if let specVersion, specVersion != "1.0" { problems.append("'specversion' must be \"1.0\", found \"\(specVersion)\"") }
        // Whether PACT requires `time` depends on the event (see ``PACTHostRoutes``); CloudEvents
        // itself makes it optional.
        if let time = json["time"], time.stringValue.flatMap(Timestamp.parse) == nil {
            problems.append("'time' must be an RFC 3339 date-time")
        }
        if json["data"]?.objectValue == nil { problems.append("'data' must be an object") }
        guard problems.isEmpty, let type, let id, let source, let data = json["data"] else {
            throw PACTError.badRequest("invalid CloudEvent: " + problems.joined(separator: "; "))
        }
        self.type = type
        self.id = id
        self.source = source
        self.time = json["time"]?.stringValue
        self.data = data
        self.json = json
    }
}
