import TsunaguCore

/// What a translation could not carry over: source fields without a rule, fields carried in an
/// extension instead, and required target fields left empty.
public struct LossReport: Sendable, Hashable {
    /// One field of the report.
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// The mapping that reported it.
        public let mapping: MappingID
        /// The field's JSON Pointer (in the source for unmapped and carried, in the output for
        /// unfilled and defaulted).
        public let pointer: JSONPointer
        /// The JSON type of the value (`string`, `number`, …); `nil` for unfilled fields.
        public let kind: String?
        /// Why the loss is expected (a `drops` reason), or `nil` when nothing explains it.
        public let explanation: String?

        /// Creates an entry.
        public init(mapping: MappingID, pointer: JSONPointer, kind: String?, explanation: String?) {
            self.mapping = mapping
            self.pointer = pointer
            self.kind = kind
            self.explanation = explanation
        }

        public var description: String {
            var text = "\(mapping) \(pointer.description.isEmpty ? "/" : pointer.description)"
            if let kind { text += " (\(kind))" }
            text += explanation.map { ": \($0)" } ?? ": unexplained"
            return text
        }
    }

    /// Source fields that no rule wrote and no extension carries.
    public var unmapped: [Entry] = []
    /// Source fields carried in the target's carry extension (nothing is lost).
    public var carried: [Entry] = []
    /// Fields the target model requires that the output lacks.
    public var unfilled: [Entry] = []
    /// Output fields a rule's `default:` filled because the source did not give them (pointer in
    /// the output, explained by the rule's `because`): values the partner did not send.
    public var defaulted: [Entry] = []
    /// Carried fields not put back because what the translation there derived from them was
    /// changed since (pointer in the output, explained by the place that changed).
    public var outdated: [Entry] = []

    /// Creates an empty report.
    public init() {}

    /// Whether nothing was lost (carried fields are not losses).
    public var isLossless: Bool { unmapped.isEmpty && unfilled.isEmpty && outdated.isEmpty }

    /// The entries no reason explains: a shipped mapping has none.
    public var unexplained: [Entry] { (unmapped + unfilled).filter { $0.explanation == nil } }

    /// This report followed by `other` (for a chain of mappings).
    public func appending(_ other: LossReport) -> LossReport {
        var merged = self
        merged.unmapped += other.unmapped
        merged.carried += other.carried
        merged.unfilled += other.unfilled
        merged.defaulted += other.defaulted
        merged.outdated += other.outdated
        return merged
    }

    /// The report as JSON, for `--report`.
    public var json: JSONValue {
        func list(_ entries: [Entry]) -> JSONValue {
            .array(entries.map { entry in
                var object: JSONObject = ["mapping": .string(entry.mapping.description), "pointer": .string(entry.pointer.description)]
                if let kind = entry.kind { object["kind"] = .string(kind) }
                if let explanation = entry.explanation { object["explanation"] = .string(explanation) }
                return .object(object)
            })
        }
        return ["unmapped": list(unmapped), "carried": list(carried), "unfilled": list(unfilled), "defaulted": list(defaulted), "outdated": list(outdated)]
    }
}

/// How a translation into a model without extensions finds what it lost.
public enum LossDetail: Sendable, Hashable {
    /// Translate the output back with the reverse mapping and list the source leaves that do not
    /// come back (exact; one more execution of the reverse mapping).
    case exact
    /// List the source leaves no rule wrote faithfully (no extra execution; may also list a value
    /// that a `template` or `sum` used and the reverse mapping could rebuild).
    case tracked
}
