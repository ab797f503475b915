import TsunaguCore

extension OutputWriter {
    /// Writes `fields` (plain pointers) into `target` exactly as one `write(_:at:into:)` per field
    /// in the given order would, but walks down a container once for each run of consecutive fields
    /// that pass through it, instead of once per field from the root (see ``ArrangedWrites``).
    static func write(_ fields: ArraySlice<(pointer: [String], value: JSONValue)>, into target: inout JSONValue) throws(Conflict) {
        try ArrangedWrites(fields.map(\.pointer), order: Array(0..<fields.count)).write(fields.map(\.value), into: &target)
    }
}
