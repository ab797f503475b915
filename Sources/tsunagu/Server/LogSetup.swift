import Logging
import TsunaguGateway

/// Sets up process-wide logging for the commands that run the gateway.
enum LogSetup {
    /// Bootstraps `text` (key=value) or `json` log lines at `level` and returns the gateway's logger.
    static func bootstrap(format: String, level: String) -> Logger {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        var logger = Logger(label: "tsunagu")
        logger.logLevel = logLevel
        return logger
    }
}
