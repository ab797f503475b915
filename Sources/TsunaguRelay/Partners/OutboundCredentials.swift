import Foundation
import TsunaguCore

/// How the gateway authenticates to a partner: ids in the clear, secrets by the name of the
/// environment variable that holds them (read only when a call is made).
public struct OutboundCredentials: Sendable, Hashable {
    /// The client id (PACT, Ouranos user) the gateway presents.
    public let clientID: String?
    /// The environment variable holding the matching secret.
    public let secretVariable: String?
    /// The environment variable holding an API key (Ouranos `apiKey`, a connector's management key).
    public let apiKeyVariable: String?

    /// Creates credentials references.
    public init(clientID: String? = nil, secretVariable: String? = nil, apiKeyVariable: String? = nil) {
        self.clientID = clientID
        self.secretVariable = secretVariable
        self.apiKeyVariable = apiKeyVariable
    }

    /// Reads the secret and the API key from `environment` (the process environment by default).
    /// - Returns: `nil` for a value whose variable is unset or not configured.
    public func resolve(in environment: [String: String] = ProcessInfo.processInfo.environment) -> (secret: String?, apiKey: String?) {
        (secretVariable.flatMap { environment[$0] }, apiKeyVariable.flatMap { environment[$0] })
    }

    /// Whether `name` looks like an environment variable name (letters, digits, `_`, not starting
    /// with a digit): this also keeps a pasted secret value from being stored by mistake.
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.count <= 128 else { return false }
        return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    var problems: [Diagnostic] {
        var problems: [Diagnostic] = []
        for (field, variable) in [("outboundSecretEnv", secretVariable), ("outboundApiKeyEnv", apiKeyVariable)] {
            if let variable, !Self.isVariableName(variable) {
                problems.append(Diagnostic(
                    pointer: JSONPointer(tokens: [field]),
                    message: "must be the name of an environment variable (letters, digits, '_'), never the secret itself"
                ))
            }
        }
        if secretVariable != nil, clientID == nil {
            problems.append(Diagnostic(pointer: JSONPointer(tokens: ["outboundClientId"]), message: "an outbound secret needs the client id it belongs to"))
        }
        return problems
    }
}
