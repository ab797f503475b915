import Foundation
import TsunaguCore

extension MappingCatalog {
    /// The file name ending that marks a mapping file.
    public static let fileSuffix = ".mapping.yaml"

    /// Loads and compiles every `*.mapping.yaml` under `directory` (recursively).
    /// - Throws: ``DiagnosticsError`` with every problem of every file (file, line, reason) when
    ///   any file is broken, so the caller keeps serving its last good catalog.
    public static func load(directory: String) throws(DiagnosticsError) -> MappingCatalog {
        let files = mappingFiles(under: directory)
        let knownModels = Set(ModelID.shipped).union(modelsWithSchemas(under: directory))
        var plans: [MappingPlan] = []
        var diagnostics: [Diagnostic] = []
        var seen: [MappingID: String] = [:]
        if files.isEmpty {
            diagnostics.append(Diagnostic(file: directory, message: "no mapping files (*\(fileSuffix)) found here"))
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(file: file, message: "cannot read the file as UTF-8 text"))
                continue
            }
            switch MappingCompiler.compile(text: text, file: file, knownModels: knownModels) {
            case .failure(let error):
                diagnostics += error.diagnostics
            case .success(let plan):
                if let earlier = seen[plan.id] {
                    diagnostics.append(Diagnostic(file: file, line: 1, message: "a second mapping for \(plan.id); \(earlier) already maps this pair"))
                    continue
                }
                seen[plan.id] = file
                plans.append(plan)
            }
        }
        diagnostics += unrestoredCarries(plans)
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return MappingCatalog(plans: plans)
    }

    /// A carry extension that the mapping back does not restore, or restores under another
    /// `dataSchema`, is never taken out: it would travel home as ordinary data and the round trip
    /// would not give the source back.
    static func unrestoredCarries(_ plans: [MappingPlan]) -> [Diagnostic] {
        let byID = Dictionary(plans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return plans.compactMap { plan in
            guard let carry = plan.carry, let reverse = byID[MappingID(source: plan.id.target, target: plan.id.source)] else { return nil }
            guard let restore = reverse.restore else {
                return Diagnostic(
                    file: plan.file,
                    message: "\(plan.id) carries into dataSchema \(carry.dataSchema), but \(reverse.file) has no restore: the carried fields would never come back; add restore: {from: \(carry.array)}")
            }
            guard restore.dataSchema != carry.dataSchema else { return nil }
            return Diagnostic(
                file: plan.file,
                message: "\(plan.id) carries into dataSchema \(carry.dataSchema), but \(reverse.file) restores \(restore.dataSchema): the carried fields would never come back; give both the same dataSchema")
        }
    }

    /// Compiles one mapping file's text (for tests and tools).
    public static func compile(text: String, file: String) throws(DiagnosticsError) -> MappingPlan {
        try MappingCompiler.compile(text: text, file: file).get()
    }

    /// The models named by the `model@version.schema.json` files under `directory`: a model
    /// Tsunagu does not ship can be mapped once its schema is there.
    static func modelsWithSchemas(under directory: String) -> [ModelID] {
        files(under: directory, endingWith: ModelID.schemaFileSuffix).compactMap { ModelID(schemaFileName: ($0 as NSString).lastPathComponent) }
    }

    static func mappingFiles(under directory: String) -> [String] {
        files(under: directory, endingWith: fileSuffix)
    }

    /// The paths of the files under `directory` (recursively, as `FolderFiles` finds them) whose
    /// names end in `suffix`, sorted, each named under `directory` as given.
    private static func files(under directory: String, endingWith suffix: String) -> [String] {
        FolderFiles.files(under: directory).filter { $0.lastPathComponent.hasSuffix(suffix) }.map(\.relativePath)
    }
}
