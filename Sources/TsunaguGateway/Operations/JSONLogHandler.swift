import Foundation
import Logging
import TsunaguCore

/// A log handler writing one JSON object per line to standard error: time, level, label,
/// message and every metadata value (the request id among them), for log collectors.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    /// Creates a handler for `label`.
    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var members: JSONObject = [
            "time": .string(Timestamp.format(Date())), "level": .string(event.level.rawValue), "label": .string(label), "message": .string("\(event.message)"),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            members[key] = .string("\(value)")
        }
        FileHandle.standardError.write(Data((JSONValue.object(members).jsonText + "\n").utf8))
    }
}
