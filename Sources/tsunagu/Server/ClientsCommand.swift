import ArgumentParser
import Foundation
import TsunaguGateway
import TsunaguRelay
import TsunaguStore

/// `tsunagu clients`: the OAuth2 clients that call a tenant's APIs.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients", abstract: "Add, list and remove API clients of a tenant.", subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a client; prints its id and secret once (only a salted hash is stored).",
            discussion: """
                To let the gateway answer the client's asynchronous requests, give the client's own PACT API
                base URL and the credentials the gateway uses there: the secret by the NAME of an environment
                variable that holds it when the gateway runs (it is never written to disk).
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant the client belongs to.")
        var tenant: String
        @Option(name: .customLong("client-id"), help: "The client id (generated when omitted).")
        var clientID: String?
        @Option(name: .customLong("callback-url"), help: "The client's own PACT API base URL, for async answers.")
        var callbackURL: String?
        @Option(name: .customLong("callback-client-id"), help: "The client id the gateway uses at the callback API's token endpoint.")
        var callbackClientID: String?
        @Option(name: .customLong("callback-secret-env"), help: "The name of the environment variable holding that client's secret.")
        var callbackSecretEnvironment: String?

        func validate() throws {
            let callbackParts = [callbackURL, callbackClientID, callbackSecretEnvironment].compactMap { $0 }
            guard callbackParts.isEmpty || callbackParts.count == 3 else {
                throw ValidationError("--callback-url, --callback-client-id and --callback-secret-env go together")
            }
            if let callbackURL, !callbackURL.hasPrefix("https://") {
                throw ValidationError("--callback-url must be an https:// URL")
            }
            // A secret pasted here by mistake would be stored, listed and logged as a name.
            if let callbackSecretEnvironment, !OutboundCredentials.isVariableName(callbackSecretEnvironment) {
                throw ValidationError("--callback-secret-env takes the name of an environment variable (letters, digits and _), never the secret itself")
            }
        }

        func run() async throws {
            let id = clientID ?? "client-" + UUID().uuidString.lowercased().prefix(8)
            let secret = SecretHasher.generateSecret()
            var callback: CallbackRegistration?
            if let callbackURL, let callbackClientID, let callbackSecretEnvironment {
                callback = CallbackRegistration(baseURL: callbackURL, clientID: callbackClientID, secretEnvironmentVariable: callbackSecretEnvironment)
            }
            let client = APIClient(clientID: id, tenant: tenant, secretHash: try SecretHasher.hash(secret), callback: callback, created: Date())
            try await store.openStore(forTenant: tenant).addClient(client)
            print("client_id:     \(id)")
            print("client_secret: \(secret)")
            print("The secret is shown only now; store it safely.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the clients of a tenant.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant.")
        var tenant: String

        func run() async throws {
            for client in try await store.openStore(forTenant: tenant).clients(ofTenant: tenant) {
                let callback = client.callback.map { " callback=\($0.baseURL) as \($0.clientID) (secret in $\($0.secretEnvironmentVariable))" } ?? ""
                print("\(client.clientID)\(callback)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a client: its secret and the access tokens issued to it stop working at once (also in a running gateway)."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant the client belongs to.")
        var tenant: String
        @Argument(help: "The client id.")
        var clientID: String

        func run() async throws {
            let queued: Int
            do {
                let opened = try await store.openStore(forTenant: tenant)
                try await opened.removeClient(id: clientID, tenant: tenant)
                queued = try await opened.pendingMessageCount(clientID: clientID, tenant: tenant)
            } catch let error as StoreError {
                throw CommandFailure(error.message)
            }
            print("Removed client '\(clientID)' from tenant '\(tenant)'")
            // Its callback registration went with it: what waits for it can no longer be sent.
            if queued > 0 {
                print("\(queued) answer\(queued == 1 ? "" : "s") queued for it will not be sent: given up at the next attempt, each recorded as delivery.abandoned")
            }
        }
    }
}
