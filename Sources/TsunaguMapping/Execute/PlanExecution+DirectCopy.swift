import TsunaguCore

extension PlanExecution {
    /// Writes the value of `rule`, a direct copy, as `copy.key` of `output` (the rule's container);
    /// `false`, having written nothing, when the general execution must decide: the container is
    /// not an object, the field is absent and a default fills in, or the conversion refuses the
    /// value or would not keep its exact text.
    func copyDirectly(_ copy: DirectCopy, of rule: CompiledRule, into output: inout JSONValue) -> Bool {
        var value: JSONValue
        if let path = copy.field {
            let container = path.parentSlot.map { parent(of: path, slot: $0) } ?? root
            guard let container, let found = Self.member(copy.fieldName, index: copy.fieldIndex, of: container) else {
                // Nothing to write, unless a default fills in (which the default log records).
                return rule.fallback == nil
            }
            value = found
        } else {
            value = copy.constant
        }
        switch copy.conversion {
        case .none:
            break
        case .toNumber:
            guard case .string(let text) = value, let number = JSONNumber(text: text) else { return false }
            value = .number(number)
        case .toDecimalString:
            guard case .number(let number) = value,
                !number.text.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
            else { return false }
            value = .string(number.text)
        case .table:
            let key: String? =
                switch value {
                case .string(let text): text
                case .number(let number): number.text
                case .bool(let flag): flag ? "true" : "false"
                default: nil
                }
            guard let key, let mapped = copy.tableValues[key] else { return false }
            value = mapped
        }
        guard case .object(var members) = output else { return false }
        output = .null
        members[copy.key] = value
        output = .object(members)
        return true
    }
}
