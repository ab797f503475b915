import TsunaguCore

/// Reads one policy document (ODRL JSON-LD, or the compact YAML form already turned into the same
/// tree) into a ``PolicyPlan``, collecting every problem with its JSON Pointer and line.
///
/// Tsunagu is strict where connectors are lenient: a member, left operand, operator or action it
/// does not know is an error, never ignored.
struct PolicyReader {
    let file: String
    /// The line of a node, when the source format records it.
    let lineOf: @Sendable (JSONPointer) -> Int?
    /// Whether compact forms (constraint strings, `id`, `type`) are accepted: YAML files only.
    let isCompact: Bool
    var diagnostics: [Diagnostic] = []
    var prefixes = PrefixTable()
    var contractTerms: [AtomicConstraint] = []

    init(file: String, isCompact: Bool, lineOf: @escaping @Sendable (JSONPointer) -> Int?) {
        self.file = file
        self.isCompact = isCompact
        self.lineOf = lineOf
    }

    mutating func error(_ pointer: JSONPointer, _ message: String) {
        diagnostics.append(Diagnostic(.error, file: file, line: nearestLine(pointer), pointer: pointer, message: message))
    }

    mutating func warning(_ pointer: JSONPointer, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, line: nearestLine(pointer), pointer: pointer, message: message))
    }

    private func nearestLine(_ pointer: JSONPointer) -> Int? {
        PolicyPlan.nearestLine(pointer, lineOf: lineOf)
    }

    /// Reads the document; `nil` when it has errors (they are in ``diagnostics``).
    mutating func read(_ root: JSONValue, defaultID: String) -> PolicyPlan? {
        guard case .object(var members) = root else {
            error(.root, "a policy must be a JSON object, found \(root.typeName)")
            return nil
        }
        var base = JSONPointer.root
        prefixes.add(context: members["@context"])
        var outerID: String?
        // An EDC PolicyDefinition wraps the policy in `policy`; some published ones omit its `@type`.
        let isDefinition = members["@type"]?.stringValue.flatMap(resolveTerm)?.local == "PolicyDefinition"
            || (members.keys.contains { resolveTerm($0)?.local == "policy" }
                && !members.keys.contains { ["permission", "prohibition", "obligation"].contains(resolveTerm($0)?.local ?? "") })
        if isDefinition {
            // Whatever the wrapper holds besides the policy would be dropped unseen: a prohibition
            // or an `assignTo` written beside `policy` instead of in it is an error.
            _ = fields(of: members, at: .root, allowed: ["@context", "@type", "@id", "policy", "privateProperties", "createdAt"], context: "PolicyDefinition (the rules go in its `policy`)")
            outerID = members["@id"]?.stringValue
            guard let (key, inner) = members.first(where: { resolveTerm($0.key)?.local == "policy" }),
                case .object(let innerMembers) = inner
            else {
                error(.root, "a PolicyDefinition must hold its policy in `policy`")
                return nil
            }
            base = JSONPointer(tokens: [key])
            members = innerMembers
            prefixes.add(context: members["@context"])
        }
        let fields = self.fields(
            of: members, at: base,
            allowed: ["@context", "@type", "@id", "uid", "profile", "permission", "prohibition", "obligation",
                      "target", "assigner", "assignee", "conflict", "timestamp", "assignTo", "description"]
                + (isCompact ? ["id", "type"] : []),
            context: "policy")
        if let (type, pointer) = fields["@type"] ?? fields["type"] {
            let local = type.stringValue.flatMap(resolveTerm)?.local
            if !["Set", "Offer", "Agreement", "Policy"].contains(local ?? "") {
                error(pointer, "the policy type must be Set, Offer or Agreement, found \(type.jsonText)")
            }
        }
        if let (conflict, pointer) = fields["conflict"] {
            let local = (conflict.stringValue ?? conflict["@id"]?.stringValue).flatMap(resolveTerm)?.local
            if local != "prohibit" {
                error(pointer, "Tsunagu always lets a prohibition beat a permission; `conflict` may only be `prohibit`")
            }
        }
        let idValue = fields["@id"]?.0 ?? fields["uid"]?.0 ?? fields["id"]?.0
        let id = idValue?.stringValue ?? outerID ?? defaultID
        let policyAssignee = fields["assignee"].flatMap { party($0.0, at: $0.1) }
        let selector = fields["assignTo"].map { readSelector($0.0, at: $0.1) } ?? PolicySelector()
        let permissions = rules(fields["permission"], kind: .permission, assignee: policyAssignee)
        let prohibitions = rules(fields["prohibition"], kind: .prohibition, assignee: policyAssignee)
        var obligations: [DutyPlan] = []
        if let (value, pointer) = fields["obligation"] {
            for (item, itemPointer) in list(value, at: pointer) {
                if let duty = readDuty(item, at: itemPointer) { obligations.append(duty) }
            }
        }
        if let (_, pointer) = fields["target"] {
            // An EDC offer names its asset here; the gateway assigns by `assignTo` alone.
            warning(pointer, "`target` is not what this policy governs: it governs every footprint its `tsunagu:assignTo` selects; to cover one product, give `tsunagu:assignTo` its `productIds`")
        }
        if fields["permission"] == nil && fields["prohibition"] == nil && fields["obligation"] == nil {
            warning(base, "the policy has no rules, so it denies every request")
        }
        guard !diagnostics.containsErrors else { return nil }
        return PolicyPlan(
            file: file, id: id, summary: fields["description"]?.0.stringValue, selector: selector,
            permissions: permissions, prohibitions: prohibitions, obligations: obligations, contractTerms: contractTerms, lineOf: lineOf)
    }

    /// Resolves a name through the document's prefixes.
    func resolveTerm(_ term: String) -> ResolvedName? { prefixes.resolve(term) }

    /// The members of `object` by local name, reporting members that are not in `allowed`.
    mutating func fields(
        of object: JSONObject, at pointer: JSONPointer, allowed: [String], context: String
    ) -> [String: (JSONValue, JSONPointer)] {
        var result: [String: (JSONValue, JSONPointer)] = [:]
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            let local = key.hasPrefix("@") ? key : (resolveTerm(key)?.local ?? "")
            guard !local.isEmpty, allowed.contains(local) else {
                error(pointer.appending(key), "unknown member `\(key)` in a \(context); expected one of \(allowed.joined(separator: ", "))")
                continue
            }
            if result[local] != nil {
                error(pointer.appending(key), "`\(local)` is given twice")
                continue
            }
            result[local] = (value, pointer.appending(key))
        }
        return result
    }

    /// A value that may be one item or an array of items (JSON-LD allows both), or a JSON-LD `@list`.
    func list(_ value: JSONValue, at pointer: JSONPointer) -> [(JSONValue, JSONPointer)] {
        switch value {
        case .array(let items): return items.enumerated().map { ($1, pointer.appending($0)) }
        case .object(let members) where members.count == 1 && members["@list"] != nil:
            return list(members["@list"] ?? .null, at: pointer.appending("@list"))
        default: return [(value, pointer)]
        }
    }

    /// A party named by a string or an `@id` object.
    mutating func party(_ value: JSONValue, at pointer: JSONPointer) -> String? {
        if let text = value.stringValue ?? value["@id"]?.stringValue ?? value["uid"]?.stringValue { return text }
        error(pointer, "a party must be a string or an object with `@id`")
        return nil
    }

    private mutating func readSelector(_ value: JSONValue, at pointer: JSONPointer) -> PolicySelector {
        guard case .object(let members) = value else {
            error(pointer, "`assignTo` must be an object with `tenant`, `productIds` and/or `classifications`")
            return PolicySelector()
        }
        let fields = self.fields(of: members, at: pointer, allowed: ["tenant", "productIds", "classifications"], context: "assignTo")
        var selector = PolicySelector()
        if let (tenant, tenantPointer) = fields["tenant"] {
            if let text = tenant.stringValue, !text.isEmpty { selector.tenant = text } else { error(tenantPointer, "`tenant` must be a non-empty string") }
        }
        selector.productIDs = Set(strings(fields["productIds"], name: "productIds"))
        selector.classifications = Set(strings(fields["classifications"], name: "classifications"))
        if fields.isEmpty { error(pointer, "`assignTo` names nothing; leave it out to make a default policy") }
        if selector.tenant == nil, !selector.productIDs.isEmpty || !selector.classifications.isEmpty {
            // Product ids (GTINs, classifications) are shared between companies: such a policy
            // outranks each tenant's own policy for their footprints too.
            warning(pointer, "`assignTo` names products but no `tenant`: this policy governs every tenant's footprints with them, ahead of each tenant's own policy; add `tenant` to keep it to one data owner")
        }
        return selector
    }

    private mutating func strings(_ field: (JSONValue, JSONPointer)?, name: String) -> [String] {
        guard let (value, pointer) = field else { return [] }
        var result: [String] = []
        for (item, itemPointer) in list(value, at: pointer) {
            if let text = item.stringValue, !text.isEmpty { result.append(text) } else { error(itemPointer, "`\(name)` must hold non-empty strings") }
        }
        if result.isEmpty { error(pointer, "`\(name)` is empty") }
        return result
    }
}
