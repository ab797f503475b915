import TsunaguCore

extension JSONValue {
    /// Every pointer in this value as tokens, the root (`[]`) first, then each member in key
    /// order and each element in order, depth first: the places a random test may change.
    public var places: [[String]] {
        var found: [[String]] = []
        func collect(_ value: JSONValue, _ pointer: [String]) {
            found.append(pointer)
            switch value {
            case .object(let members):
                for key in members.keys.sorted() { collect(members[key]!, pointer + [key]) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { collect(element, pointer + [String(index)]) }
            default:
                break
            }
        }
        collect(self, [])
        return found
    }
}
