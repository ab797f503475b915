import ArgumentParser
import Foundation
import TsunaguStore

/// The data folder and tenant the `partners` commands work on; the store is opened the way
/// the gateway opens it (`<data>/tsunagu.sqlite`), so this works without the server stack.
struct PartnerStoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data folder of the gateway.")
    var dataDirectory = "data"

    @Option(help: "The tenant whose partners these are.")
    var tenant: String

    /// Opens the store in the data folder (creating it).
    func openStore() throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(path: (dataDirectory as NSString).appendingPathComponent("tsunagu.sqlite"))
    }
}
