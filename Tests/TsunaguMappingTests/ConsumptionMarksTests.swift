import Testing
import TsunaguCore
@testable import TsunaguMapping

/// Marking through a kept parent node gives the same trie as walking from the root.
@Suite struct ConsumptionMarksTests {
    /// The marked pointers of a trie, sorted.
    static func marked(_ marks: ConsumptionMarks, _ pointer: [String] = []) -> [String] {
        if marks.whole { return ["/" + pointer.joined(separator: "/")] }
        return marks.childTokens.sorted().flatMap { marked(marks.child(JSONKey($0))!, pointer + [$0]) }
    }

    @Test func markingThroughTheParentSlotMatchesTheWalk() {
        let steps: [([String], Int?)] = [
            (["a", "0", "b"], 0), (["a", "0", "c"], 0), (["x", "y"], 1), (["a"], nil), (["a", "0", "d"], 0),
            (["x", "z"], 1), (["x", "y", "deeper"], nil), (["x", "w"], 1), (["q", "r"], 2), (["q"], nil), (["q", "s"], 2),
        ]
        let walked = ConsumptionMarks()
        let kept = ConsumptionMarks()
        for (tokens, slot) in steps {
            walked.mark(tokens)
            if let slot { kept.mark(tokens, parentSlot: slot) } else { kept.mark(tokens) }
            #expect(Self.marked(kept) == Self.marked(walked), "after \(tokens)")
        }
        #expect(Self.marked(kept) == ["/a", "/q", "/x/w", "/x/y", "/x/z"])
    }
}
