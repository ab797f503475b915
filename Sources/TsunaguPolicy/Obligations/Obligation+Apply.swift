import TsunaguCore

extension Obligation {
    /// The `dataSchema` URL of the usage-notice Data Model Extension the `notice` obligation attaches.
    /// Its JSON Schema is Policies/schemas/usage-notice-1.0.0.schema.json.
    public static let noticeSchemaURL = "https://tsunagu.dev/schemas/usage-notice/1.0.0/schema.json"

    /// Performs the obligation on a canonical PACT v3 document. Fields that are absent are left absent.
    func apply(to document: inout JSONValue) throws(PolicyError) {
        guard case .object = document else { throw .notAnObject }
        switch self {
        case .redact(let fields):
            for field in fields { _ = document.remove(at: field) }
        case .reducePrecision(let fields, let precision):
            for field in fields {
                guard let value = document[pointer: field] else { continue }
                let reduced: JSONValue
                switch value {
                case .string(let text):
                    guard let decimal = ExactDecimal(parsing: text) else { throw .notADecimal(field) }
                    reduced = .string(precision.apply(to: decimal).description)
                case .number(let number):
                    reduced = .number(JSONNumber(precision.apply(to: number.decimal)))
                default:
                    throw .notADecimal(field)
                }
                _ = document.set(reduced, at: field)
            }
        case .notice(let text, let policyID):
            let notice = DataModelExtension(
                dataSchema: Self.noticeSchemaURL,
                data: ["notice": .string(text), "policy": .string(policyID)])
            var extensions = document["extensions"]?.arrayValue ?? []
            extensions.append(notice.json)
            _ = document.set(.array(extensions), at: JSONPointer(tokens: ["extensions"]))
        case .recordRelease:
            break
        }
    }
}
