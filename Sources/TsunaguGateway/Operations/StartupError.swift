import Foundation
import NIOCore

/// The gateway could not start where it was told to (its data folder, its address): said with
/// the place and what to do, not as a system call's errno.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String

    /// The error a failed start stands for: a port in use or an address that cannot be bound is
    /// said with `host` and `port`; any other error is kept as it is.
    static func explaining(_ error: any Error, host: String, port: Int) -> any Error {
        guard let io = error as? IOError else { return error }
        switch io.errnoCode {
        case EADDRINUSE:
            return StartupError(description: "cannot listen on \(host):\(port): the port is in use by another process; stop it, or give another --port")
        case EADDRNOTAVAIL:
            return StartupError(description: "cannot listen on \(host):\(port): this machine has no such address; give --host one of its addresses (0.0.0.0 for all)")
        case EACCES:
            return StartupError(description: "cannot listen on \(host):\(port): ports below 1024 need privileges; give a port of 1024 or more")
        default:
            return error
        }
    }
}
