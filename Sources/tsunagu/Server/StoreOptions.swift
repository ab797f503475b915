import ArgumentParser
import Foundation
import TsunaguGateway
import TsunaguStore

/// Options shared by the commands that work on the gateway's store directly.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data folder of the gateway.")
    var dataDirectory = "data"

    /// Opens the store in the data folder; only `creating` makes one where there is none (a
    /// mistyped `--data` would otherwise list an empty new store and exit 0).
    func openStore(creating: Bool = false) throws -> SQLiteStore {
        try StoreOptions.open(dataDirectory: dataDirectory, creating: creating)
    }

    /// Opens the store and checks that `tenant` is one of its tenants.
    func openStore(forTenant tenant: String) async throws -> SQLiteStore {
        try await StoreOptions.open(dataDirectory: dataDirectory, tenant: tenant)
    }

    static func open(dataDirectory: String, creating: Bool) throws -> SQLiteStore {
        var configuration = GatewayConfiguration()
        configuration.dataDirectory = dataDirectory
        guard creating || FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw ValidationError("no gateway store at \(configuration.databasePath): give --data the gateway's data folder (`tsunagu tenants add NAME --data DIR` creates one)")
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(path: configuration.databasePath)
    }

    static func open(dataDirectory: String, tenant: String) async throws -> SQLiteStore {
        let store = try open(dataDirectory: dataDirectory, creating: false)
        let tenants = try await store.tenants().map(\.name)
        guard tenants.contains(tenant) else {
            throw ValidationError("no tenant '\(tenant)' in \(dataDirectory) (tenants: \(tenants.isEmpty ? "none" : tenants.joined(separator: ", ")))")
        }
        return store
    }
}
