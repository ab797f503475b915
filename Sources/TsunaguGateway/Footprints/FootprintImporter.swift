import Foundation
import TsunaguCore
import TsunaguMapping
import TsunaguSchema
import TsunaguStore

/// Loads a company's own footprints into the store: PACT v3.0 documents as they are, documents of
/// another model (PACT v2.x by their `specVersion`, Catena-X or Ouranos when the caller names the
/// model) through the catalog's mapping to PACT v3.0; each validated against its model's schema and
/// its registered extensions before it is stored.
public struct FootprintImporter: Sendable {
    let store: any GatewayStore
    let rules: GatewayRules

    /// Creates an importer.
    public init(store: any GatewayStore, rules: GatewayRules) {
        self.store = store
        self.rules = rules
    }

    /// Imports every footprint in `files` (each a footprint, an array of footprints, or a PACT
    /// `{"data": [...]}` response) for `tenant`; invalid ones are refused with every problem listed.
    /// `model` names the files' model; without it each document is PACT, by its `specVersion`.
    public func importFiles(_ files: [String], tenant: String, model: ModelID? = nil) async -> ImportReport {
        var report = ImportReport()
        for file in files {
            let documents: [JSONValue]
            do {
                let data = try Self.contents(of: file)
                let value = try JSONParser(maximumBytes: Self.maximumFileBytes).parse(data)
                documents = value["data"]?.arrayValue ?? value.arrayValue ?? [value]
            } catch {
                report.refused.append(ImportReport.Refusal(file: file, index: nil, diagnostics: [Diagnostic(file: file, message: "\(error)")]))
                continue
            }
            for (index, document) in documents.enumerated() {
                let position = documents.count > 1 ? index : nil
                switch await importDocumentWithWarnings(document, tenant: tenant, model: model) {
                case .success(let (outcome, warnings)):
                    report.imported.append(ImportReport.Imported(file: file, index: position, outcome: outcome, warnings: warnings.map { $0.located(in: file) }))
                case .failure(let error): report.refused.append(ImportReport.Refusal(file: file, index: position, diagnostics: error.diagnostics.map { $0.located(in: file) }))
                }
            }
        }
        return report
    }

    /// The largest footprint file read, in bytes.
    public static let maximumFileBytes = 16 * 1024 * 1024

    /// The bytes of `file`, refused before it is read when it is larger than ``maximumFileBytes``.
    static func contents(of file: String) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumFileBytes else { throw FileTooLarge(size: size) }
        return try Data(contentsOf: URL(fileURLWithPath: file))
    }

    /// A footprint file larger than the importer reads.
    struct FileTooLarge: Error, CustomStringConvertible {
        let size: Int
        var description: String {
            "the file holds \(size) bytes, more than the \(FootprintImporter.maximumFileBytes / (1024 * 1024)) MiB a footprint file may hold: split its footprints over several files"
        }
    }

    /// Imports one document of `model` (without it, PACT by the document's `specVersion`).
    public func importDocument(_ document: JSONValue, tenant: String, model given: ModelID? = nil) async -> Result<ImportOutcome, DiagnosticsError> {
        await importDocumentWithWarnings(document, tenant: tenant, model: given).map(\.outcome)
    }

    /// As ``importDocument(_:tenant:model:)``, with the warnings of the checks that let it in (a GxD
    /// extension a strict receiver would refuse, say), for the one importing to see.
    func importDocumentWithWarnings(
        _ document: JSONValue, tenant: String, model given: ModelID? = nil
    ) async -> Result<(outcome: ImportOutcome, warnings: [Diagnostic]), DiagnosticsError> {
        let snapshot = rules.snapshot
        let model = given ?? Self.model(of: document)
        var problems = snapshot.schemas.validateFootprint(document, model: model)
        if given == nil, document["specVersion"] == nil, problems.containsErrors {
            problems.insert(Diagnostic(pointer: .root, message: "no specVersion, so not read as a PACT footprint; name the model of a Catena-X or Ouranos document (--model catenax-pcf@9.0.0, say)"), at: 0)
        }
        guard !problems.containsErrors else { return .failure(DiagnosticsError(problems)) }
        var warnings = problems.filter { $0.severity == .warning }
        var canonical = document
        var timeFilled: [JSONPointer] = []
        let now = Date()
        if model != .pact3 {
            do {
                let time = JSONValue.string(Timestamp.format(now))
                let translation = try snapshot.catalog.translate(document, from: model, to: .pact3, context: ["now": time])
                canonical = translation.document
                timeFilled = Self.timeFilled(translation, time: time)
            } catch {
                return .failure(DiagnosticsError([Diagnostic(message: "cannot translate \(model) to pact@3.0.0: \(error)")]))
            }
            problems = snapshot.schemas.validateFootprint(canonical, model: .pact3)
            guard !problems.containsErrors else { return .failure(DiagnosticsError(problems)) }
            warnings += problems.filter { $0.severity == .warning }
        }
        do {
            let footprint = try ProductFootprint(document: canonical)
            return .success((try await store.importFootprint(footprint, tenant: tenant, now: now, timeFilled: timeFilled), warnings))
        } catch let error as DiagnosticsError {
            return .failure(error)
        } catch {
            return .failure(DiagnosticsError([Diagnostic(message: "\(error)")]))
        }
    }

    /// The fields `translation` filled by default with `time`, the time it ran: they say when the
    /// file was read, not what it states.
    static func timeFilled(_ translation: Translation, time: JSONValue) -> [JSONPointer] {
        translation.losses.defaulted.map(\.pointer).filter { translation.document[pointer: $0] == time }
    }

    /// The PACT model a footprint document claims by its `specVersion`.
    static func model(of document: JSONValue) -> ModelID {
        switch document["specVersion"]?.stringValue?.prefix(3) {
        case "2.0", "2.1", "2.2": .pact22
        case "2.3": .pact23
        default: .pact3
        }
    }
}

/// What an import did.
public struct ImportReport: Sendable {
    /// One stored footprint.
    public struct Imported: Sendable {
        /// The file it came from.
        public let file: String
        /// Its position in the file, when the file held several.
        public let index: Int?
        /// What the store did.
        public let outcome: ImportOutcome
        /// What the checks warned of, though they let it in.
        public var warnings: [Diagnostic] = []
    }

    /// One refused footprint.
    public struct Refusal: Sendable {
        /// The file it came from.
        public let file: String
        /// Its position in the file, when the file held several.
        public let index: Int?
        /// Every problem found.
        public let diagnostics: [Diagnostic]
    }

    /// What was stored.
    public var imported: [Imported] = []
    /// What was refused.
    public var refused: [Refusal] = []
}
