import Synchronization
import TsunaguCore

/// The routing rules in force, swapped whole when the routing folder is loaded again (`SIGHUP`):
/// a request is routed under one set or the other, never a mix.
public final class RoutingTable: Sendable {
    private let state: Mutex<RelayRouting>

    /// A table holding `routing`.
    public init(_ routing: RelayRouting) {
        state = Mutex(routing)
    }

    /// The rules in force now.
    public var current: RelayRouting { state.withLock { $0 } }

    /// Loads `folder` again and swaps the rules in when every file is good.
    /// - Returns: the problems that refused the reload; empty when the new rules are in force.
    @discardableResult
    public func reload(folder: String) -> [Diagnostic] {
        do {
            let fresh = try RelayRouting.load(folder: folder)
            state.withLock { $0 = fresh }
            return []
        } catch {
            return error.diagnostics
        }
    }
}
