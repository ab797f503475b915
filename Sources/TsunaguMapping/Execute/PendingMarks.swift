import TsunaguCore

/// The reads of rules that a later rule of their list may write over (``CompiledRule/shadowed``),
/// held back until the list has run: a read counts as written faithfully only when what its rule
/// wrote is still at the rule's target (later rules may have added members or elements to it),
/// else the field never reaches the output whole and the loss report must name it.
///
/// A class because the executor adds to it from deep inside nested rule lists; it lives for one
/// execution and never crosses a concurrency boundary.
final class PendingMarks {
    struct Entry {
        /// The rule's target, as pointer tokens from the container its list writes into.
        let target: [String]
        /// What the rule wrote there.
        let value: JSONValue
        /// The source fields the rule read.
        let sources: [[String]]
    }

    private(set) var entries: [Entry] = []
    /// The reads made while a shadowed `each:` or `map:` rule builds its value, one list per such
    /// rule being built (the innermost last): they count only if that rule's value stays.
    private var captures: [[[String]]] = []

    /// How many reads are held back: where the reads of a list that starts now will begin.
    var count: Int { entries.count }

    func hold(_ entry: Entry) {
        entries.append(entry)
    }

    /// Starts keeping the reads of a shadowed rule that builds its value with rules of its own.
    func beginCapture() {
        captures.append([])
    }

    /// The reads kept since the matching ``beginCapture()``.
    func endCapture() -> [[String]] {
        captures.removeLast()
    }

    /// Marks the field at `tokens` in `marks` (through the parent node of `parentSlot` when
    /// given), or keeps it for the shadowed rule whose value is being built.
    func mark(_ tokens: [String], parentSlot: Int? = nil, in marks: ConsumptionMarks) {
        if !captures.isEmpty {
            captures[captures.count - 1].append(tokens)
        } else if let parentSlot {
            marks.mark(tokens, parentSlot: parentSlot)
        } else {
            marks.mark(tokens)
        }
    }

    /// Marks in `marks` the reads held back since `start` whose value `container` (the output of
    /// their list) still holds at their target, and forgets all of them.
    func settle(from start: Int, in container: JSONValue, marking marks: ConsumptionMarks) {
        guard start < entries.count else { return }
        let settled = entries[start...]
        entries.removeSubrange(start...)
        for entry in settled {
            guard let current = container[pointer: JSONPointer(tokens: entry.target)], Self.keeps(current, entry.value) else { continue }
            for source in entry.sources { mark(source, in: marks) }
        }
    }

    /// Whether `current` still holds all of `written`: the same scalars, every member of an
    /// object, and the elements of an array at their places (after which others may follow).
    static func keeps(_ current: JSONValue, _ written: JSONValue) -> Bool {
        switch (current, written) {
        case (.object(let now), .object(let then)):
            return then.count <= now.count && then.allSatisfy { member in now[member.key].map { keeps($0, member.value) } ?? false }
        case (.array(let now), .array(let then)):
            return then.count <= now.count && zip(now, then).allSatisfy { keeps($0, $1) }
        default:
            return current == written
        }
    }
}
