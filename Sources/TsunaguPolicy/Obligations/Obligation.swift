import TsunaguCore

/// How far a decimal field is rounded by a precision obligation.
public struct Precision: Sendable, Hashable {
    /// Digits kept after the decimal point, when rounding to a scale.
    public let scale: Int?
    /// Significant digits kept, when rounding to significant digits.
    public let significantDigits: Int?
    /// How dropped digits are rounded.
    public let rule: RoundingRule

    /// Rounds to `scale` fractional digits.
    public static func scale(_ scale: Int, rule: RoundingRule = .halfEven) -> Precision {
        Precision(scale: scale, significantDigits: nil, rule: rule)
    }

    /// Rounds to `digits` significant digits.
    public static func significantDigits(_ digits: Int, rule: RoundingRule = .halfEven) -> Precision {
        Precision(scale: nil, significantDigits: digits, rule: rule)
    }

    func apply(to value: ExactDecimal) -> ExactDecimal {
        if let scale, value.scale > scale { return value.rounded(toScale: scale, rule) }
        if let significantDigits { return value.rounded(toSignificantDigits: significantDigits, rule) }
        return value
    }
}

/// Something the gateway must do when it releases a footprint under a permit.
public enum Obligation: Sendable, Hashable {
    /// Remove these fields (JSON Pointers into the PACT v3 canonical document).
    case redact([JSONPointer])
    /// Round these decimal fields (PACT decimal strings or JSON numbers).
    case reducePrecision([JSONPointer], Precision)
    /// Attach this attribution or usage notice to the released document, naming the policy.
    case notice(text: String, policyID: String)
    /// Record the release in the audit trail.
    case recordRelease

    /// The obligation as JSON, as it appears in decisions.
    public var json: JSONValue {
        switch self {
        case .redact(let fields):
            return ["type": "redact", "fields": .array(fields.map { .string($0.description) })]
        case .reducePrecision(let fields, let precision):
            var members: JSONObject = [
                "type": "reducePrecision", "fields": .array(fields.map { .string($0.description) }),
                "rounding": .string(precision.rule.rawValue),
            ]
            if let scale = precision.scale { members["scale"] = .number(JSONNumber(scale)) }
            if let digits = precision.significantDigits { members["significantDigits"] = .number(JSONNumber(digits)) }
            return .object(members)
        case .notice(let text, let policyID):
            return ["type": "notice", "text": .string(text), "policy": .string(policyID)]
        case .recordRelease:
            return ["type": "recordRelease"]
        }
    }

    /// Whether carrying out the obligation changes or removes fields of the document (`redact`,
    /// `reducePrecision`), rather than adding to it or recording.
    public var changesFields: Bool {
        switch self {
        case .redact, .reducePrecision: true
        case .notice, .recordRelease: false
        }
    }

    /// The obligation's type name (`redact`, `reducePrecision`, `notice`, `recordRelease`).
    public var typeName: String {
        switch self {
        case .redact: "redact"
        case .reducePrecision: "reducePrecision"
        case .notice: "notice"
        case .recordRelease: "recordRelease"
        }
    }
}
