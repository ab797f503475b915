import Synchronization

/// Values computed once per key and remembered, up to `limit` keys: documents of one partner name
/// the same fields again and again, while a partner's document may name any number of them.
final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let limit: Int
    private let entries = Mutex<[Key: Value]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// The value remembered for `key`, or what `compute` gives (remembered while there is room);
    /// `nil` from `compute` is returned and not remembered.
    func value(for key: Key, compute: () -> Value?) -> Value? {
        if let known = entries.withLock({ $0[key] }) { return known }
        guard let found = compute() else { return nil }
        entries.withLock { entries in
            if entries.count < limit { entries[key] = found }
        }
        return found
    }
}
