import TsunaguCore

/// Field readers shared by the Ouranos models: each names the field and what it must be.
enum OuranosJSON {
    static func object(_ value: JSONValue?, _ field: String) throws(OuranosModelProblem) -> JSONObject {
        guard let object = value?.objectValue else { throw OuranosModelProblem(field, "must be an object") }
        return object
    }

    static func string(_ object: JSONObject, _ field: String, maxLength: Int = 1000) throws(OuranosModelProblem) -> String {
        guard let value = object[field], !value.isNull else { throw OuranosModelProblem(field, "cannot be blank.") }
        guard let text = value.stringValue else { throw OuranosModelProblem(field, "Unmarshal type error: expected=string, got=\(value.typeName).") }
        guard !text.isEmpty else { throw OuranosModelProblem(field, "cannot be blank.") }
        guard text.count <= maxLength else { throw OuranosModelProblem(field, "the length must be no more than \(maxLength).") }
        return text
    }

    static func optionalString(_ object: JSONObject, _ field: String, maxLength: Int = 1000) throws(OuranosModelProblem) -> String? {
        guard let value = object[field], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw OuranosModelProblem(field, "Unmarshal type error: expected=string, got=\(value.typeName).") }
        guard text.count <= maxLength else { throw OuranosModelProblem(field, "the length must be no more than \(maxLength).") }
        return text
    }

    static func uuid(_ object: JSONObject, _ field: String) throws(OuranosModelProblem) -> String {
        let text = try string(object, field, maxLength: 36)
        guard UUIDText.isValid(text) else { throw OuranosModelProblem(field, "must be a valid UUID.") }
        return text.lowercased()
    }

    static func optionalUUID(_ object: JSONObject, _ field: String) throws(OuranosModelProblem) -> String? {
        guard let text = try optionalString(object, field, maxLength: 36) else { return nil }
        guard UUIDText.isValid(text) else { throw OuranosModelProblem(field, "must be a valid UUID.") }
        return text.lowercased()
    }

    static func optionalNumber(_ object: JSONObject, _ field: String) throws(OuranosModelProblem) -> JSONNumber? {
        guard let value = object[field], !value.isNull else { return nil }
        guard let number = value.numberValue else { throw OuranosModelProblem(field, "Unmarshal type error: expected=number, got=\(value.typeName).") }
        return number
    }

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    static func optional(_ number: JSONNumber?) -> JSONValue { number.map(JSONValue.number) ?? .null }
}
