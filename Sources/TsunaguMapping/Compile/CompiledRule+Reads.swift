extension CompiledRule {
    /// The source paths the rule reads: its value (a path, a template's placeholders, a sum's
    /// operands, the array of an `each` or the object of a `map`), its steps' operands and its
    /// condition. The rules inside an `each` or a `map` are not included.
    var readPaths: [MappingPath] {
        var reads: [MappingPath] = []
        switch producer {
        case .read(let path), .each(let path, _), .object(let path, _): reads.append(path)
        case .template(let parts):
            for case .value(let path) in parts { reads.append(path) }
        case .sum(let paths): reads += paths
        case .nothing, .constant, .context: break
        }
        for step in steps {
            switch step {
            case .multiply(.path(let path)), .divide(.path(let path), _, _), .add(.path(let path)), .subtract(.path(let path)): reads.append(path)
            default: break
            }
        }
        if let condition { reads += condition.paths }
        return reads
    }
}

extension Condition {
    /// The paths the condition reads.
    var paths: [MappingPath] {
        switch self {
        case .present(let path, _), .equals(let path, _), .oneOf(let path, _), .startsWith(let path, _), .check(let path, _): [path]
        case .all(let conditions), .any(let conditions): conditions.flatMap(\.paths)
        case .not(let inner): inner.paths
        }
    }
}
