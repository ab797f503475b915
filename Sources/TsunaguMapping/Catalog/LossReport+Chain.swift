import TsunaguCore

extension LossReport {
    /// The losses of a chain through the pivot whose second step goes to a model without
    /// extensions: the fields the first step carried in the pivot's carry extension (the element
    /// at `element`) do not reach the target. The second step reports them as leaves of that
    /// extension (`/extensions/0/data/set/~1a~1b`); they are reported instead as the source
    /// fields they are, lost rather than carried, and the carry's own bookkeeping (its basis,
    /// removals, `specVersion`, `dataSchema`) not at all.
    func losingCarry(at element: [String], carriedBy first: MappingID, into target: ModelID) -> LossReport {
        var report = self
        var lost: Set<JSONPointer> = []
        report.unmapped = unmapped.compactMap { entry in
            let tokens = entry.pointer.tokens
            guard tokens.count > element.count, Array(tokens.prefix(element.count)) == element else { return entry }
            let rest = tokens.dropFirst(element.count)
            guard rest.count >= 3, rest.prefix(2).elementsEqual(["data", "set"]), let field = JSONPointer(parsing: rest[rest.startIndex + 2]) else { return nil }
            lost.insert(field)
            return Entry(
                mapping: entry.mapping, pointer: JSONPointer(tokens: field.tokens + rest.dropFirst(3)), kind: entry.kind,
                explanation: "carried by \(first) in the pivot's extension; \(target) has no place for it")
        }
        report.carried = carried.filter { !lost.contains($0.pointer) }
        return report
    }
}
