/// A ``PatternSyntax`` tree compiled to a small automaton, and the search that runs it.
///
/// The search keeps the set of automaton states alive at each scalar of the text (Thompson's
/// construction, run without backtracking), so its time grows with text length times program
/// size and no pattern can make a partner's string take exponential time.
struct PatternProgram: Sendable {
    /// More instructions than this (a counted repetition of a counted repetition, say) are left
    /// to Foundation's engine.
    static let instructionLimit = 20_000

    enum Instruction: Sendable, Equatable {
        case scalar(Unicode.Scalar)
        case set(ScalarSet)
        /// Continue at both targets.
        case split(Int, Int)
        case jump(Int)
        case textStart
        case textEnd
        case wordBoundary(Bool)
        case match
    }

    /// Why a tree could not be compiled.
    struct TooLarge: Error {}

    let instructions: [Instruction]

    init(_ syntax: PatternSyntax) throws(TooLarge) {
        var builder = Builder()
        try builder.emit(syntax)
        try builder.append(.match)
        instructions = builder.instructions
    }

    /// Whether the pattern matches somewhere in `text` (JSON Schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var current = ThreadList(capacity: instructions.count)
        var following = ThreadList(capacity: instructions.count)
        for position in 0...scalars.count {
            // A new attempt starts at every position; states already alive there are not added twice.
            if add(0, at: position, in: scalars, to: &current) { return true }
            guard position < scalars.count else { break }
            let scalar = scalars[position]
            following.clear()
            for index in current.states {
                let advances: Bool
                switch instructions[index] {
                case .scalar(let expected): advances = expected == scalar
                case .set(let set): advances = set.contains(scalar)
                default: advances = false
                }
                if advances, add(index + 1, at: position + 1, in: scalars, to: &following) { return true }
            }
            swap(&current, &following)
        }
        return false
    }

    /// Adds the state `start` and every state reachable from it without reading a scalar;
    /// `true` when one of them is the match.
    private func add(_ start: Int, at position: Int, in scalars: [Unicode.Scalar], to list: inout ThreadList) -> Bool {
        var pending = [start]
        while let index = pending.popLast() {
            guard list.insert(index) else { continue }
            switch instructions[index] {
            case .match:
                return true
            case .jump(let target):
                pending.append(target)
            case .split(let first, let second):
                pending.append(second)
                pending.append(first)
            case .textStart:
                if position == 0 { pending.append(index + 1) }
            case .textEnd:
                if position == scalars.count { pending.append(index + 1) }
            case .wordBoundary(let wanted):
                let before = position > 0 && ScalarSet.wordCharacters.contains(scalars[position - 1])
                let after = position < scalars.count && ScalarSet.wordCharacters.contains(scalars[position])
                if (before != after) == wanted { pending.append(index + 1) }
            case .scalar, .set:
                break
            }
        }
        return false
    }

    /// The states alive at one position: a list in insertion order and a membership mark per state.
    private struct ThreadList {
        private(set) var states: [Int] = []
        private var present: [Bool]

        init(capacity: Int) {
            present = Array(repeating: false, count: capacity)
            states.reserveCapacity(capacity)
        }

        mutating func insert(_ state: Int) -> Bool {
            guard !present[state] else { return false }
            present[state] = true
            states.append(state)
            return true
        }

        mutating func clear() {
            for state in states { present[state] = false }
            states.removeAll(keepingCapacity: true)
        }
    }

    private struct Builder {
        var instructions: [Instruction] = []

        mutating func append(_ instruction: Instruction) throws(TooLarge) {
            guard instructions.count < PatternProgram.instructionLimit else { throw TooLarge() }
            instructions.append(instruction)
        }

        /// Appends a placeholder to be patched once its targets are known.
        mutating func reserve() throws(TooLarge) -> Int {
            try append(.match)
            return instructions.count - 1
        }

        mutating func emit(_ syntax: PatternSyntax) throws(TooLarge) {
            switch syntax {
            case .empty: break
            case .scalar(let scalar): try append(.scalar(scalar))
            case .set(let set): try append(.set(set))
            case .textStart: try append(.textStart)
            case .textEnd: try append(.textEnd)
            case .wordBoundary(let wanted): try append(.wordBoundary(wanted))
            case .sequence(let items):
                for item in items { try emit(item) }
            case .alternation(let choices):
                try emitAlternation(choices[...])
            case .repetition(let item, let minimum, let maximum):
                try emitRepetition(item, minimum: minimum, maximum: maximum)
            }
        }

        private mutating func emitAlternation(_ choices: ArraySlice<PatternSyntax>) throws(TooLarge) {
            guard let first = choices.first else { return }
            guard choices.count > 1 else { return try emit(first) }
            let split = try reserve()
            try emit(first)
            let jump = try reserve()
            instructions[split] = .split(split + 1, instructions.count)
            try emitAlternation(choices.dropFirst())
            instructions[jump] = .jump(instructions.count)
        }

        private mutating func emitRepetition(_ item: PatternSyntax, minimum: Int, maximum: Int?) throws(TooLarge) {
            for _ in 0..<minimum { try emit(item) }
            guard let maximum else {
                let loop = try reserve()
                try emit(item)
                try append(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
                return
            }
            var exits: [Int] = []
            for _ in minimum..<maximum {
                exits.append(try reserve())
                try emit(item)
            }
            for exit in exits { instructions[exit] = .split(exit + 1, instructions.count) }
        }
    }
}
