import Foundation
import TsunaguCore

/// Reading policy files from disk: which files are policies, and turning each into a plan.
enum PolicyFile {
    /// Whether a file name is a policy file: `.json`, `.jsonld`, `.yaml`, `.yml`, but not a test file (`*.tests.*`).
    static func isPolicy(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard !lower.hasPrefix("."), !isTest(name) else { return false }
        return [".json", ".jsonld", ".yaml", ".yml"].contains { lower.hasSuffix($0) }
    }

    /// Whether a file name is a policy test file (`name.tests.yaml`, `.yml` or `.json`).
    static func isTest(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".tests.yaml", ".tests.yml", ".tests.json"].contains { lower.hasSuffix($0) }
    }

    /// Compiles one policy document given as text; `file` names it in diagnostics.
    static func compile(text: String, file: String) -> (PolicyPlan?, [Diagnostic]) {
        let name = (file as NSString).lastPathComponent
        let defaultID = (name as NSString).deletingPathExtension
        let isYAML = name.lowercased().hasSuffix(".yaml") || name.lowercased().hasSuffix(".yml")
        var reader: PolicyReader
        let root: JSONValue
        if isYAML {
            let document: YAMLDocument
            do {
                document = try YAMLDocument(text: text)
            } catch {
                return (nil, error.diagnostics.map { $0.located(in: file) })
            }
            let lines = document.lines
            reader = PolicyReader(file: file, isCompact: true, lineOf: { lines[$0] })
            root = document.root
        } else {
            do {
                root = try JSONParser().parse(text)
            } catch {
                return (nil, [Diagnostic(file: file, line: error.line, message: error.description)])
            }
            let lines = JSONLineIndex(text: text)
            reader = PolicyReader(file: file, isCompact: false, lineOf: { lines.line(of: $0) })
        }
        var plan = reader.read(root, defaultID: defaultID)
        plan?.contentHash = ContentHash.fnv1a64(text.utf8)
        let ordered = reader.diagnostics.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
        return (plan, ordered.map(\.element))
    }

    /// Reads and compiles one file from disk.
    static func load(path: String, shownAs file: String) -> (PolicyPlan?, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [Diagnostic(file: file, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(file: file, message: "the file is not UTF-8 text")])
        }
        return compile(text: text, file: file)
    }
}

extension PolicySet {
    /// Loads every policy file in `directory` (not its subfolders; test files `*.tests.yaml` are skipped).
    /// - Throws: every problem of every file (file, line where known, JSON Pointer) when any file
    ///   has an error, so the caller keeps the set it has. Warnings alone do not fail the load.
    public static func load(directory: String) throws(DiagnosticsError) -> PolicySet {
        let (set, diagnostics) = check(directory: directory)
        guard let set, !diagnostics.containsErrors else { throw DiagnosticsError(diagnostics) }
        return set
    }

    /// Loads the given policy files; see ``load(directory:)``.
    public static func load(files: [String]) throws(DiagnosticsError) -> PolicySet {
        let (set, diagnostics) = check(files: files)
        guard let set, !diagnostics.containsErrors else { throw DiagnosticsError(diagnostics) }
        return set
    }

    /// Compiles every policy file of `directory` and returns every diagnostic; see ``check(files:)``.
    public static func check(directory: String) -> (PolicySet?, [Diagnostic]) {
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter(PolicyFile.isPolicy).sorted()
            return check(files: names.map { (directory as NSString).appendingPathComponent($0) })
        } catch {
            return (nil, [Diagnostic(file: directory, message: "cannot list the policy directory: \(error.localizedDescription)")])
        }
    }

    /// Compiles the files and returns every diagnostic, errors and warnings, with the set when there
    /// are no errors: what `tsunagu policy check` prints.
    public static func check(files: [String]) -> (PolicySet?, [Diagnostic]) {
        var plans: [PolicyPlan] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: String] = [:]
        for file in files {
            let (plan, problems) = PolicyFile.load(path: file, shownAs: file)
            diagnostics += problems
            guard let plan else { continue }
            if let other = seen[plan.id] {
                diagnostics.append(Diagnostic(file: file, pointer: .root, message: "policy id `\(plan.id)` is also used by \(other); ids must be unique"))
                continue
            }
            seen[plan.id] = file
            plans.append(plan)
        }
        return (diagnostics.containsErrors ? nil : PolicySet(policies: plans), diagnostics)
    }

    /// Compiles policies given as text (name and content), as if they were files.
    public static func compile(documents: [(file: String, text: String)]) throws(DiagnosticsError) -> PolicySet {
        var plans: [PolicyPlan] = []
        var diagnostics: [Diagnostic] = []
        for document in documents {
            let (plan, problems) = PolicyFile.compile(text: document.text, file: document.file)
            diagnostics += problems
            if let plan { plans.append(plan) }
        }
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return PolicySet(policies: plans)
    }
}
