import TsunaguCore

/// Carry extensions checked against the document that holds them, outside a translation.
///
/// A carry holds source values the document cannot hold natively, with the basis they were
/// carried against (see ``CarryPatch/Basis``). When the document is changed after the carry was
/// made (a usage policy rounds or removes a field before a release), the carried values that the
/// changed fields were derived from still state what the change was meant to withhold: an Ouranos
/// footprint's four stage values give back the exact total that a policy rounded. Whoever releases
/// a changed document takes them out first.
public enum OutdatedCarries {
    /// `document` without the carried values whose basis it no longer holds, nor the basis entries
    /// that recorded the changed places' earlier values. A carry extension left with nothing to put
    /// back is removed, and `extensions` with it when it is left empty.
    /// - Returns: the document, and the carried fields taken out (source pointers, by carry).
    public static func removed(from document: JSONValue) -> (document: JSONValue, fields: [(dataSchema: String, field: JSONPointer)]) {
        guard case .array(let extensions)? = document["extensions"] else { return (document, []) }
        var kept: [JSONValue] = []
        var removed: [(dataSchema: String, field: JSONPointer)] = []
        var changed = false
        for element in extensions {
            guard let schema = element["dataSchema"]?.stringValue, schema.hasPrefix(CarryExtension.schemaPrefix),
                let data = element["data"], var patch = CarryPatch(data: data)
            else {
                kept.append(element)
                continue
            }
            // A changed place's basis entry goes too: it recorded the very value the change withheld.
            let recorded = patch.basis.count
            let outdated = patch.dropOutdated(comparedWith: document)
            guard patch.basis.count != recorded else {
                kept.append(element)
                continue
            }
            changed = true
            removed += outdated.map { (schema, JSONPointer(tokens: $0.field)) }
            guard !patch.isEmpty else { continue }
            var rewritten = element
            _ = rewritten.set(patch.data, at: JSONPointer(tokens: ["data"]))
            kept.append(rewritten)
        }
        guard changed else { return (document, []) }
        var pruned = document
        if kept.isEmpty {
            _ = pruned.remove(at: JSONPointer(tokens: ["extensions"]))
        } else {
            _ = pruned.set(.array(kept), at: JSONPointer(tokens: ["extensions"]))
        }
        return (pruned, removed)
    }
}
