import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads mappings, schemas and policies, and the routing rules, when the process receives
/// `SIGHUP`; each set is swapped in only when all its files are good.
struct RulesReloadService: Service {
    let rules: GatewayRules
    let mappings: String
    let policies: String
    let routing: RoutingTable
    let routingFolder: String
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals { reload() }
        }
    }

    /// Loads both sets again, saying what was reloaded and what was refused.
    func reload() {
        let problems = rules.reload(mappings: mappings, policies: policies)
        if problems.isEmpty {
            logger.info("mappings, schemas and policies reloaded", metadata: ["generation": "\(rules.snapshot.generation)"])
        } else {
            logger.error("reload of mappings, schemas and policies refused; the last good set stays in force", metadata: ["problems": "\(problems.map(\.description))"])
        }
        let routingProblems = routing.reload(folder: routingFolder)
        if routingProblems.isEmpty {
            logger.info("routing rules reloaded", metadata: ["folder": "\(routingFolder)"])
        } else {
            logger.error("reload of the routing rules refused; the last good rules stay in force", metadata: ["problems": "\(routingProblems.map(\.description))"])
        }
    }
}
