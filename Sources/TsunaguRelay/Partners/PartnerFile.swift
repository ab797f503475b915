import Foundation
import TsunaguCore
import Yams

/// A tenant's partners declared in a file, for operators who keep their registry under version
/// control and apply it with `tsunagu partners apply`:
///
/// ```yaml
/// partners:
///   - name: steel-supplier
///     ecosystem: pact                 # pact, catenax or ouranos
///     baseURL: https://pcf.steel.example
///     model: pact@3.0.0
///     pactClientId: tsunagu           # optional identifiers: pactClientId, bpn, corporateNumber
///     inboundClientId: steel-client   # the API client it uses to call this gateway
///     outbound:                       # how the gateway calls it; secrets by variable name only
///       clientId: platform
///       secretEnv: STEEL_SUPPLIER_SECRET
///       apiKeyEnv: STEEL_SUPPLIER_API_KEY
/// ```
public enum PartnerFile {
    /// Reads and validates every partner in the file for `tenant`.
    /// - Throws: ``DiagnosticsError`` with every problem of every partner (file, line, JSON Pointer).
    public static func load(path: String, tenant: String) throws(DiagnosticsError) -> [Partner] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DiagnosticsError([Diagnostic(file: path, message: "cannot read the partner file: \(error.localizedDescription)")])
        }
        return try parse(text, file: path, tenant: tenant)
    }

    /// Parses a partner file's text. - Throws: ``DiagnosticsError`` with every problem found.
    public static func parse(_ text: String, file: String, tenant: String) throws(DiagnosticsError) -> [Partner] {
        var reader = PartnerFileReader(file: file, tenant: tenant)
        let partners = reader.read(text)
        guard !reader.problems.containsErrors else { throw DiagnosticsError(reader.problems) }
        return partners
    }
}

/// Reads one partner file, collecting every problem with its line.
private struct PartnerFileReader {
    let file: String
    let tenant: String
    var problems: [Diagnostic] = []

    static let fields = ["name", "ecosystem", "baseURL", "model", "pactClientId", "bpn", "corporateNumber", "inboundClientId", "outbound"]
    static let outboundFields = ["clientId", "secretEnv", "apiKeyEnv"]

    init(file: String, tenant: String) {
        self.file = file
        self.tenant = tenant
    }

    mutating func read(_ text: String) -> [Partner] {
        let root: Node?
        do {
            root = try YAMLDocument.compose(text, file: file)
        } catch {
            problems += error.diagnostics
            return []
        }
        guard let list = root?.mapping?["partners"]?.sequence, root?.mapping?.count == 1 else {
            report(root, .root, "the partner file must be a mapping with one key, 'partners', holding a list of partners")
            return []
        }
        var partners: [Partner] = []
        var names: Set<String> = []
        var catenaXNames: [String: String] = [:]
        for (index, node) in list.enumerated() {
            let pointer = JSONPointer(tokens: ["partners", String(index)])
            if let name = node.mapping?["name"]?.string, !names.insert(name).inserted {
                report(node, pointer, "partner '\(name)' is declared twice")
            }
            guard let partner = partner(node, at: pointer) else { continue }
            // A Catena-X call names its sender by BPN only: one BPN is one partner of a tenant.
            if partner.ecosystem == .catenax, let bpn = partner.bpn {
                if let first = catenaXNames[bpn] {
                    report(node, pointer, "partner '\(partner.name)' has BPN \(bpn), which Catena-X partner '\(first)' has: a Catena-X call names its sender by BPN only")
                } else {
                    catenaXNames[bpn] = partner.name
                }
            }
            partners.append(partner)
        }
        return partners
    }

    private mutating func partner(_ node: Node, at pointer: JSONPointer) -> Partner? {
        guard let mapping = node.mapping else {
            report(node, pointer, "a partner must be a mapping of \(Self.fields.joined(separator: ", "))")
            return nil
        }
        let values = strings(mapping, allowed: Self.fields, nested: ["outbound"], at: pointer)
        var outbound: [String: String] = [:]
        if let outboundNode = mapping["outbound"] {
            if let outboundMapping = outboundNode.mapping {
                outbound = strings(outboundMapping, allowed: Self.outboundFields, nested: [], at: JSONPointer(tokens: pointer.tokens + ["outbound"]))
            } else {
                report(outboundNode, JSONPointer(tokens: pointer.tokens + ["outbound"]), "'outbound' must be a mapping of clientId, secretEnv and apiKeyEnv")
            }
        }
        var missing = false
        for required in ["name", "ecosystem", "baseURL", "model"] where values[required] == nil {
            report(node, pointer, "the partner has no '\(required)'")
            missing = true
        }
        guard !missing, let name = values["name"], let ecosystemText = values["ecosystem"], let baseURL = values["baseURL"], let model = values["model"] else {
            return nil
        }
        guard let ecosystem = DataEcosystem(rawValue: ecosystemText) else {
            report(mapping["ecosystem"], JSONPointer(tokens: pointer.tokens + ["ecosystem"]), "'\(ecosystemText)' is not an ecosystem: use pact, catenax or ouranos")
            return nil
        }
        do {
            return try Partner(
                name: name, tenant: tenant, ecosystem: ecosystem, baseURL: baseURL, pactClientID: values["pactClientId"], bpn: values["bpn"],
                corporateNumber: values["corporateNumber"], model: model, inboundClientID: values["inboundClientId"],
                outbound: OutboundCredentials(clientID: outbound["clientId"], secretVariable: outbound["secretEnv"], apiKeyVariable: outbound["apiKeyEnv"])
            )
        } catch {
            for problem in error.diagnostics {
                let field = Self.fileField(problem.pointer?.tokens.first)
                let located = mapping[field.first ?? ""].flatMap { field.count > 1 ? $0.mapping?[field[1]] : $0 } ?? node
                report(located, JSONPointer(tokens: pointer.tokens + field), problem.message)
            }
            return nil
        }
    }

    /// The scalar members of `mapping`; unknown keys and non-strings are reported.
    private mutating func strings(_ mapping: Node.Mapping, allowed: [String], nested: Set<String>, at pointer: JSONPointer) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in mapping {
            let name = key.string ?? "?"
            let field = JSONPointer(tokens: pointer.tokens + [name])
            guard allowed.contains(name) else {
                let hint = name.lowercased().contains("secret") || name.lowercased().contains("key") ? " (secrets are never written to files: name their environment variable with secretEnv or apiKeyEnv)" : ""
                report(key, field, "unknown key '\(name)'\(hint)")
                continue
            }
            guard !nested.contains(name) else { continue }
            guard let text = value.scalar?.string, !text.isEmpty else {
                report(value, field, "'\(name)' must be a non-empty string")
                continue
            }
            values[name] = text
        }
        return values
    }

    /// Where a problem the partner model reports sits in the file.
    private static func fileField(_ modelField: String?) -> [String] {
        switch modelField {
        case "outboundSecretEnv": ["outbound", "secretEnv"]
        case "outboundApiKeyEnv": ["outbound", "apiKeyEnv"]
        case .some(let field): [field]
        case nil: []
        }
    }

    private mutating func report(_ node: Node?, _ pointer: JSONPointer, _ message: String) {
        problems.append(Diagnostic(file: file, line: node?.mark?.line, pointer: pointer, message: message))
    }
}
