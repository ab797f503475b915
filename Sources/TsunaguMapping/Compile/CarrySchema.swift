import TsunaguCore

/// Names the carry extension of each model.
enum CarryExtension {
    /// The `dataSchema` URL that identifies the carry extension holding fields of `model`.
    static func defaultSchema(for model: ModelID) -> String {
        "https://tsunagu.dev/extensions/carry/\(model).json"
    }
}
