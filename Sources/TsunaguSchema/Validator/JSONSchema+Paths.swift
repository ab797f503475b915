import TsunaguCore

extension JSONSchema {
    /// Whether the schema gives a place to a value at `path`: every member on the way is declared
    /// (in `properties` or `patternProperties`) or allowed by an `additionalProperties` schema,
    /// every element by `items` or `prefixItems`. A schema that constrains nothing there (no
    /// properties, no items: free-form data such as an extension's `data`) admits anything below.
    /// Any branch of `allOf`, `anyOf`, `oneOf` or a `$ref` may give the place. An object that
    /// declares properties and says nothing of others does not admit an undeclared member: for a
    /// mapping, a member its model does not define is a typo, not a use of openness.
    public func admits(_ path: [PathStep]) -> Bool {
        var walking: Set<[Int]> = []
        return verdict(path[...], at: root, walking: &walking) != .undeclared
    }

    /// What a schema node says of a path below it.
    private enum Verdict {
        /// A property, pattern property, `additionalProperties` or `items` schema leads there.
        case declared
        /// Nothing on the way constrains members or elements.
        case free
        /// The node lists its members (or elements) and the path is not among them.
        case undeclared
    }

    private func verdict(_ path: ArraySlice<PathStep>, at index: Int, walking: inout Set<[Int]>) -> Verdict {
        // The `false` schema admits no value, so no place either.
        if nodes[index].fixedOutcome == false { return .undeclared }
        guard let step = path.first else { return .declared }
        // A `$ref` cycle (a recursive schema) with the same path left finds nothing more.
        let key = [index, path.count]
        guard walking.insert(key).inserted else { return .free }
        defer { walking.remove(key) }
        let node = nodes[index]
        if let outcome = node.fixedOutcome { return outcome ? .free : .undeclared }
        let rest = path.dropFirst()
        var places: [Int] = []
        switch step {
        case .member(let name):
            if let property = node.properties[name] {
                places.append(property)
            } else {
                places += node.patternProperties.filter { $0.0.matches(name) }.map(\.1)
                if places.isEmpty, let additional = node.additionalProperties { places.append(additional) }
            }
        case .element:
            places += node.prefixItems + (node.items.map { [$0] } ?? [])
        case .any:
            places += Array(node.properties.values) + node.patternProperties.map(\.1) + node.prefixItems
            places += [node.additionalProperties, node.items].compactMap { $0 }
        }
        let below = places.map { verdict(rest, at: $0, walking: &walking) }
        if below.contains(.declared) { return .declared }
        let constrains = !node.properties.isEmpty || !node.patternProperties.isEmpty || node.additionalProperties != nil
            || node.items != nil || !node.prefixItems.isEmpty || Self.isScalar(node)
        var branches = node.allOf + node.anyOf + node.oneOf
        if let ref = node.ref { branches.append(ref) }
        let beside = branches.map { verdict(path, at: $0, walking: &walking) }
        if beside.contains(.declared) { return .declared }
        if below.contains(.free) { return .free }
        if constrains || beside.contains(.undeclared) { return .undeclared }
        return .free
    }

    /// Whether the node only admits values that have no members or elements.
    private static func isScalar(_ node: SchemaNode) -> Bool {
        guard let types = node.types else { return false }
        return !types.contains("object") && !types.contains("array")
    }
}
