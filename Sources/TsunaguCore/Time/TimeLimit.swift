import Foundation

/// Runs `work` for at most `seconds`: its result, or `nil` when the time ran out first (the work
/// is then cancelled, and this returns once it has ended).
public func withTimeLimit<Value: Sendable>(seconds: TimeInterval, _ work: @escaping @Sendable () async -> Value) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await work() }
        group.addTask {
            try? await Task.sleep(for: .seconds(max(0, seconds)))
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
