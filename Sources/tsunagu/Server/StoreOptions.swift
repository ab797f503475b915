import ArgumentParser
import Foundation
import TsunaguGateway
import TsunaguStore

/// Options shared by the commands that work on the gateway's store directly.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data folder of the gateway.")
    var dataDirectory = "data"

    /// Opens the store in the data folder (creating it).
    func openStore() throws -> SQLiteStore {
        var configuration = GatewayConfiguration()
        configuration.dataDirectory = dataDirectory
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(path: configuration.databasePath)
    }
}
