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

    /// Opens the store in the data folder and checks that the tenant is one of its tenants.
    func openStore() async throws -> SQLiteStore {
        try await StoreOpening.open(dataDirectory: dataDirectory, tenant: tenant)
    }
}
