import TsunaguCore

/// Names the carry extension of each model.
enum CarryExtension {
    /// What every carry extension's `dataSchema` URL starts with.
    static let schemaPrefix = "https://tsunagu.dev/extensions/carry/"

    /// The `dataSchema` URL that identifies the carry extension holding fields of `model`.
    static func defaultSchema(for model: ModelID) -> String {
        schemaPrefix + "\(model).json"
    }
}
