import TsunaguCore

/// The shape most rules of the shipped mappings have, recognised once when the rule is compiled:
/// a constant or a default, or one field at an absolute literal path, converted by at most
/// `to-number`, `to-decimal-string` or an enumeration table, and written as the last member of the
/// rule's container. The executor copies such a rule's value without the general machinery (read
/// pointers, blame, the step loop); it marks the field and logs defaults as the general execution
/// does. Whatever it cannot decide on the spot (a value the conversion refuses or would change, a
/// container that is not an object) goes the general way, which gives the same result and the
/// same errors.
///
/// A final class with plain fields: the executor reads them in place instead of copying an enum
/// payload (and retaining what it holds) per rule.
final class DirectCopy: Sendable {
    /// The one conversion a copied field may go through.
    enum Conversion: Sendable {
        case none
        case toNumber
        case toDecimalString
        case table
    }

    /// The field read, at an absolute path of members and indices (through the path's parent slot,
    /// or straight from the root when the path has one token); `nil` for a constant.
    let field: MappingPath?
    /// The field's last token: its member name, and its index when it reads an array element.
    let fieldName: JSONKey
    let fieldIndex: Int?
    /// The constant written when there is no field (a `value:`, or the `default:` of a rule that
    /// reads nothing).
    let constant: JSONValue
    /// Whether what the rule writes is logged as a default: a rule that only has a `default:`, or
    /// one that `fills`.
    let logsDefault: Bool
    let conversion: Conversion
    /// The table's values, for `.table`.
    let tableValues: [String: JSONValue]
    /// The member the rule writes in its container.
    let key: JSONKey
    /// The depth at which the rule writes `key` (its target's last token).
    let depth: Int

    /// The direct copy a rule amounts to; `nil` when the rule needs the general execution.
    init?(target: MappingPath, producer: Producer, steps: [Step], fallback: JSONValue?, fills: Bool) {
        guard case .member(let key, index: .none)? = target.tokens.last, steps.count <= 1 else { return nil }
        switch producer {
        case .constant(let value):
            guard steps.isEmpty else { return nil }
            (field, fieldName, fieldIndex, constant, logsDefault) = (nil, JSONKey(""), nil, value, fills)
        case .nothing:
            guard steps.isEmpty, let fallback else { return nil }
            (field, fieldName, fieldIndex, constant, logsDefault) = (nil, JSONKey(""), nil, fallback, true)
        case .read(let path):
            guard !path.isRelative, !path.hasWildcard, path.literals != nil, let last = path.last,
                path.parentSlot != nil || path.tokens.count == 1
            else { return nil }
            (field, fieldName, fieldIndex, constant, logsDefault) = (path, last.name, last.index, .null, fills)
        default:
            return nil
        }
        tableValues = if case .table(let table)? = steps.first { table.values } else { [:] }
        switch steps.first {
        case nil: conversion = .none
        case .toNumber?: conversion = .toNumber
        case .toDecimalString?: conversion = .toDecimalString
        case .table?: conversion = .table
        default: return nil
        }
        self.key = key
        self.depth = target.tokens.count - 1
    }
}
