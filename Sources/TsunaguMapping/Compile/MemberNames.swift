import Foundation

/// One shared string per member name that mapping files name in their paths.
///
/// Every compiled path takes its member names from here, so the pivot that one plan writes and
/// the plan that reads it next hold the same string objects: a dictionary lookup then recognises
/// its key by identity instead of comparing the bytes of a long name such as
/// `pcfExcludingBiogenicUptake`. The pool only grows by the names mapping files use.
enum MemberNames {
    private static let pool = Pool()

    /// The shared string equal to `name`.
    static func shared(_ name: String) -> String {
        pool.shared(name)
    }

    private final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var names: Set<String> = []

        func shared(_ name: String) -> String {
            lock.withLock { names.insert(name).memberAfterInsert }
        }
    }
}
