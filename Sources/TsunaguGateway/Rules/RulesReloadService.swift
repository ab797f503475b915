import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads mappings, schemas and policies when the process receives `SIGHUP`.
struct RulesReloadService: Service {
    let rules: GatewayRules
    let mappings: String
    let policies: String
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                let problems = rules.reload(mappings: mappings, policies: policies)
                if problems.isEmpty {
                    logger.info("rules reloaded")
                } else {
                    logger.error("reload refused; the last good rules stay in force", metadata: ["problems": "\(problems.map(\.description))"])
                }
            }
        }
    }
}
