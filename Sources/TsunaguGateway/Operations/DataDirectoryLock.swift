import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one gateway that serves a data directory: an exclusive lock on `tsunagu.lock` in it, held
/// while the gateway runs and released by the system when the process ends, however it ends.
///
/// Two gateways on one database would both send every answer in the outbox and both resume every
/// unfinished relay request. Most command-line tools do not take the lock: they read the store,
/// or write through its transactions, beside a running gateway. `tsunagu store prune` takes it,
/// as it must not run beside one.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32
    private let released = Mutex(false)

    /// Takes the lock of `directory`.
    /// - Throws: ``DataDirectoryLockError`` when another gateway holds it, or the lock file cannot be opened.
    public init(directory: String) throws {
        let path = (directory as NSString).appendingPathComponent("tsunagu.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DataDirectoryLockError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw DataDirectoryLockError("another Tsunagu gateway is serving \(directory) (it holds \(path)): stop it first, or give this one another data directory")
        }
        self.descriptor = descriptor
    }

    /// Releases the lock (once; later calls do nothing).
    public func release() {
        guard released.withLock({ released in
            defer { released = true }
            return !released
        }) else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit {
        release()
    }
}

/// Why the data directory's lock could not be taken.
public struct DataDirectoryLockError: Error, CustomStringConvertible {
    /// What went wrong, and what to do.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
