import ArgumentParser
import Foundation
import TsunaguGateway
import TsunaguStore

/// Options shared by the commands that work on the gateway's store directly.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data folder of the gateway.")
    var dataDirectory = "data"

    /// Opens the store in the data folder; only `creating` makes one where there is none.
    func openStore(creating: Bool = false) throws -> SQLiteStore {
        try StoreOpening.open(dataDirectory: dataDirectory, creating: creating)
    }

    /// Opens the store and checks that `tenant` is one of its tenants.
    func openStore(forTenant tenant: String) async throws -> SQLiteStore {
        try await StoreOpening.open(dataDirectory: dataDirectory, tenant: tenant)
    }

    /// Takes the data folder's lock, as a gateway does, for a command that must not run beside
    /// one; the caller releases it.
    func lockDataFolder() throws -> DataDirectoryLock {
        guard FileManager.default.fileExists(atPath: dataDirectory) else {
            throw CommandFailure("no data folder \(dataDirectory): give --data the gateway's data folder")
        }
        do {
            return try DataDirectoryLock(directory: dataDirectory)
        } catch {
            throw CommandFailure("a gateway is serving \(dataDirectory): stop it first, as this command must not run beside one (\(error))")
        }
    }
}
