import Foundation
import Synchronization
import Testing
import TsunaguCore

/// Work given a time limit: its result when it ends in time, nothing (and the work cancelled) when not.
@Suite struct TimeLimitTests {
    @Test func workThatEndsInTimeGivesItsResult() async {
        #expect(await withTimeLimit(seconds: 5) { 42 } == 42)
    }

    @Test func workThatOverrunsIsCancelledAndGivesNothing() async {
        let cancelled = Mutex(false)
        let result = await withTimeLimit(seconds: 0.05) { () async -> Int in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelled.withLock { $0 = true }
            }
            return 1
        }
        #expect(result == nil)
        // Not a timing: the whole suite starts at once on two cores. A work left to run would
        // have slept its 30 s to the end instead of seeing the cancellation.
        #expect(cancelled.withLock { $0 }, "the work saw its cancellation")
    }
}
