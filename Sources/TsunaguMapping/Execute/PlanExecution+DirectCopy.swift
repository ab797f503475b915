import TsunaguCore

extension PlanExecution {
    /// Writes the value of `rule`, a direct copy, as `copy.key` of `output` (the rule's container),
    /// marking the field it read when `marking` and logging a default as the general execution
    /// does; `false`, having changed nothing, when the general execution must decide: the container
    /// is not an object, or the conversion refuses the value or would not keep its exact text.
    func copyDirectly(_ copy: DirectCopy, of rule: CompiledRule, marking: Bool, into output: inout JSONValue) -> Bool {
        var value: JSONValue
        var read = false
        if let path = copy.field {
            let found =
                if let slot = path.parentSlot {
                    member(at: path, slot: slot, name: copy.fieldName, index: copy.fieldIndex)
                } else {
                    Self.member(copy.fieldName, index: copy.fieldIndex, of: root)
                }
            if let found {
                value = found
                read = true
            } else if let fallback = rule.fallback {
                // An absent field: the default is written as it is, without the conversion.
                value = fallback
            } else {
                return true
            }
        } else {
            value = copy.constant
        }
        if read {
            switch copy.conversion {
            case .none:
                break
            case .toNumber:
                guard case .string(let text) = value, let number = JSONNumber(text: text) else { return false }
                value = .number(number)
            case .toDecimalString:
                guard case .number(let number) = value, !number.hasExponent else { return false }
                value = .string(number.text)
            case .table:
                guard let key = EnumerationTable.key(for: value), let mapped = copy.tableValues[key] else { return false }
                value = mapped
            }
        }
        guard OutputWriter.setMember(copy.key, to: value, in: &output) else { return false }
        if read, marking, let path = copy.field, let literals = path.literals {
            mark(literals, parentSlot: path.parentSlot)
        }
        if copy.logsDefault || (copy.field != nil && !read) { defaults.record(rule, value: value) } else if rule.replacesDefault { defaults.replaced(by: rule) }
        return true
    }
}
