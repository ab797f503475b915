import Foundation
import TsunaguCore

extension GatewayConfiguration {
    /// The log levels `logLevel` may name.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    /// The log formats `logFormat` may name.
    public static let logFormats = ["text", "json"]

    /// The longest token lifetime accepted: 30 days.
    public static let longestTokenLifetime = 2_592_000
    /// The longest relay deadline accepted: 30 days.
    public static let longestRelayDeadline: Double = 2_592_000

    /// Settings that cannot work, each with its member: a port outside 0…65535 (it would be taken
    /// modulo 65536), a log level or format the gateway does not write, a token lifetime or relay
    /// time that is not a positive, bounded number (a zero lifetime issues tokens already expired, a
    /// huge one overflows the expiry), a body limit too small for any footprint.
    public var problems: [Diagnostic] {
        var problems = timeProblems
        if !(0...65_535).contains(port) {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["port"]), message: "\(port) is not a TCP port: give 1 to 65535 (0 picks a free one)"))
        }
        if !Self.logLevels.contains(logLevel) {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["logLevel"]), message: "'\(logLevel)' is not a log level: give one of \(Self.logLevels.joined(separator: ", "))"))
        }
        if !Self.logFormats.contains(logFormat) {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["logFormat"]), message: "'\(logFormat)' is not a log format: give text or json"))
        }
        if maximumFootprintsPerAnswer < 1 {
            problems.append(Diagnostic(
                pointer: JSONPointer(tokens: ["maximumFootprintsPerAnswer"]),
                message: "\(maximumFootprintsPerAnswer) would refuse every PACT request event: give at least 1"))
        }
        if maximumBodyBytes < 4096 {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["maximumBodyBytes"]), message: "\(maximumBodyBytes) bytes cannot hold a footprint: give at least 4096"))
        }
        if !(1...100).contains(relayMaxAttempts) {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["relayMaxAttempts"]), message: "\(relayMaxAttempts) attempts: give 1 to 100 (1 means no retry)"))
        }
        return problems
    }

    private var timeProblems: [Diagnostic] {
        var problems: [Diagnostic] = []
        if !(1...Self.longestTokenLifetime).contains(tokenLifetimeSeconds) {
            problems.append(Diagnostic(
                pointer: JSONPointer(tokens: ["tokenLifetimeSeconds"]),
                message: "\(tokenLifetimeSeconds) seconds: give 1 to \(Self.longestTokenLifetime) (30 days); 3600 is usual"))
        }
        problems += Self.relayTime(relayDeadlineSeconds, named: "relayDeadlineSeconds")
        problems += Self.relayTime(relayLaterAnswerDeadlineSeconds, named: "relayLaterAnswerDeadlineSeconds", note: "; a value below relayDeadlineSeconds changes nothing")
        problems += Self.relayTime(relayAttemptTimeoutSeconds, named: "relayAttemptTimeoutSeconds")
        if idleConnectionTimeoutSeconds < 1 {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["idleConnectionTimeoutSeconds"]), message: "\(idleConnectionTimeoutSeconds) seconds: give at least 1"))
        }
        return problems
    }

    /// The problem of a relay time `seconds` that is not above 0 and at most 30 days.
    private static func relayTime(_ seconds: Double, named name: String, note: String = "") -> [Diagnostic] {
        guard !(seconds > 0 && seconds <= longestRelayDeadline) else { return [] }
        return [Diagnostic(
            pointer: JSONPointer(tokens: [name]), message: "\(seconds) seconds: give more than 0 and at most \(Int(longestRelayDeadline)) (30 days)\(note)")]
    }

    /// The members of a configuration file that no setting has (a misspelt `sqliteDurabilty`
    /// would otherwise keep the weaker default without a word), here and in `ouranos`.
    static func unknownMembers(of json: JSONValue) -> [Diagnostic] {
        guard case .object(let members) = json else { return [Diagnostic(pointer: .root, message: "the configuration must be a JSON object")] }
        var problems = unknown(Array(members.keys), known: settingNames(of: GatewayConfiguration()), at: [])
        if case .object(let ouranos)? = members["ouranos"] {
            problems += unknown(Array(ouranos.keys), known: settingNames(of: OuranosSettings()), at: ["ouranos"])
        }
        return problems
    }

    /// The member names of a settings value: its stored properties, as the file names them.
    private static func settingNames(of settings: Any) -> [String] {
        Mirror(reflecting: settings).children.compactMap(\.label).sorted()
    }

    private static func unknown(_ names: [String], known: [String], at place: [String]) -> [Diagnostic] {
        names.filter { !known.contains($0) }.sorted().map { name in
            Diagnostic(pointer: JSONPointer(tokens: place + [name]), message: "unknown setting '\(name)' (known: \(known.joined(separator: ", ")))")
        }
    }
}
