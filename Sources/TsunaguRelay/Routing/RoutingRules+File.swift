import Foundation
import TsunaguCore
import Yams

extension RoutingRules {
    /// Loads routing rules from a YAML or JSON file (JSON is read as YAML).
    /// - Throws: ``DiagnosticsError`` with every problem found, each with the file, line and JSON Pointer.
    public static func load(path: String, knownPartners: Set<String>? = nil) throws(DiagnosticsError) -> RoutingRules {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DiagnosticsError([Diagnostic(file: path, message: "cannot read the routing file: \(error.localizedDescription)")])
        }
        return try parse(text, file: path, knownPartners: knownPartners)
    }

    /// Parses routing rules:
    ///
    /// ```yaml
    /// fallback: store            # or: none, or partner:<name>
    /// rules:
    ///   - productIdPrefix: "urn:gtin:4012345"
    ///     companyId: BPNL00000003AYRE
    ///     classification: "urn:pact:productclassification:un-cpc:4710"
    ///     from: partner:acme-pact   # or: store
    /// ```
    /// When `knownPartners` is given, a rule naming another partner is an error.
    /// - Throws: ``DiagnosticsError`` with every problem found.
    public static func parse(_ text: String, file: String, knownPartners: Set<String>? = nil) throws(DiagnosticsError) -> RoutingRules {
        var reader = RoutingFileReader(file: file, knownPartners: knownPartners)
        let rules = reader.read(text)
        guard let rules, !reader.problems.containsErrors else { throw DiagnosticsError(reader.problems) }
        return rules
    }
}

/// Reads one routing file, collecting every problem with its line.
private struct RoutingFileReader {
    let file: String
    let knownPartners: Set<String>?
    var problems: [Diagnostic] = []

    init(file: String, knownPartners: Set<String>?) {
        self.file = file
        self.knownPartners = knownPartners
    }

    mutating func read(_ text: String) -> RoutingRules? {
        let root: Node?
        do {
            root = try YAMLDocument.compose(text, file: file)
        } catch {
            problems += error.diagnostics
            return nil
        }
        guard let root, let mapping = root.mapping else {
            report(root, .root, "the routing file must be a mapping with 'rules' (and optionally 'fallback')")
            return nil
        }
        var fallback: RelaySource? = .tenantStore
        var rules: [RoutingRule] = []
        for (key, value) in mapping {
            switch key.string {
            case "fallback":
                let pointer = JSONPointer(tokens: ["fallback"])
                if value.string == "none" { fallback = nil } else { fallback = source(value, at: pointer) ?? fallback }
            case "rules":
                guard let sequence = value.sequence else {
                    report(value, JSONPointer(tokens: ["rules"]), "'rules' must be a list")
                    continue
                }
                for (index, element) in sequence.enumerated() {
                    if let rule = rule(element, at: JSONPointer(tokens: ["rules", String(index)])) { rules.append(rule) }
                }
            default:
                report(key, JSONPointer(tokens: [key.string ?? "?"]), "unknown key '\(key.string ?? "?")': expected 'rules' or 'fallback'")
            }
        }
        return RoutingRules(rules: rules, fallback: fallback)
    }

    private mutating func rule(_ node: Node, at pointer: JSONPointer) -> RoutingRule? {
        guard let mapping = node.mapping else {
            report(node, pointer, "a rule must be a mapping of criteria and 'from'")
            return nil
        }
        var criteria: [String: String] = [:]
        var from: RelaySource?
        var sawFrom = false
        for (key, value) in mapping {
            let name = key.string ?? "?"
            let field = JSONPointer(tokens: pointer.tokens + [name])
            switch name {
            case "productIdPrefix", "companyId", "classification":
                guard let text = value.scalar?.string, !text.isEmpty else {
                    report(value, field, "'\(name)' must be a non-empty string")
                    continue
                }
                criteria[name] = text
            case "from":
                sawFrom = true
                from = source(value, at: field)
            default:
                report(key, field, "unknown key '\(name)': expected 'productIdPrefix', 'companyId', 'classification' or 'from'")
            }
        }
        if !sawFrom { report(node, pointer, "the rule says nowhere to fetch from: add 'from: store' or 'from: partner:<name>'") }
        if criteria.isEmpty { report(node, pointer, "the rule has no criterion: use 'fallback' for requests no rule matches") }
        guard let from, !criteria.isEmpty else { return nil }
        let origin = node.mark.map { "\(file):\($0.line)" }
        return RoutingRule(
            productIDPrefix: criteria["productIdPrefix"], companyID: criteria["companyId"], classification: criteria["classification"],
            source: from, origin: origin
        )
    }

    private mutating func source(_ node: Node, at pointer: JSONPointer) -> RelaySource? {
        guard let text = node.scalar?.string else {
            report(node, pointer, "expected 'store' or 'partner:<name>'")
            return nil
        }
        if text == "store" { return .tenantStore }
        guard text.hasPrefix("partner:"), case let name = String(text.dropFirst("partner:".count)), !name.isEmpty else {
            report(node, pointer, "'\(text)' is not a source: expected 'store' or 'partner:<name>'")
            return nil
        }
        if let knownPartners, !knownPartners.contains(name) {
            report(node, pointer, "no partner named '\(name)' is registered for this tenant")
        }
        return .partner(name)
    }

    private mutating func report(_ node: Node?, _ pointer: JSONPointer, _ message: String) {
        problems.append(Diagnostic(file: file, line: node?.mark?.line, pointer: pointer, message: message))
    }
}
