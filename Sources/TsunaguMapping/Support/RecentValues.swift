import Synchronization

/// The values kept last, up to ``capacity``: a new one takes the place of the oldest. A plan keeps
/// what documents of one shape share (``CarryLayouts``, ``CarryReadings``) this way, since a
/// gateway translates for a few partners at a time and each sends documents of a few shapes.
///
/// Safe to share between translations running at once: the list is copied out under a lock and
/// searched outside it.
final class RecentValues<Value: Sendable>: Sendable {
    /// How many values are kept.
    let capacity: Int
    private let recent = Mutex<(values: [Value], next: Int)>(([], 0))

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The kept values, the oldest first until the list is full, then in the order of their places.
    var values: [Value] { recent.withLock { $0.values } }

    /// Keeps `value`, in the place of the oldest value when ``capacity`` are kept.
    func keep(_ value: Value) {
        recent.withLock { recent in
            if recent.values.count < capacity {
                recent.values.append(value)
            } else {
                recent.values[recent.next] = value
                recent.next = (recent.next + 1) % capacity
            }
        }
    }
}
