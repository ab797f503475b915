import ArgumentParser
import Foundation
import TsunaguStore

/// How the commands open the gateway's store (`<data>/tsunagu.sqlite`): only where one exists,
/// unless asked to create it, so that a mistyped `--data` is said rather than answered with an
/// empty new store.
///
/// A command's commits are synced to disk before it reports them done (`full` durability,
/// whatever the gateway is configured with): a client revoked or a footprint imported must not
/// come back after a power loss, and commands commit rarely enough that the sync costs nothing.
enum StoreOpening {
    static func open(dataDirectory: String, creating: Bool) throws -> SQLiteStore {
        let path = (dataDirectory as NSString).appendingPathComponent("tsunagu.sqlite")
        guard creating || FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no gateway store at \(path): give --data the gateway's data folder (`tsunagu tenants add NAME --data DIR` creates one)")
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return try SQLiteStore(path: path, durability: .full)
    }

    /// Opens the store and checks that `tenant` is one of its tenants.
    static func open(dataDirectory: String, tenant: String) async throws -> SQLiteStore {
        let store = try open(dataDirectory: dataDirectory, creating: false)
        let tenants = try await store.tenants().map(\.name)
        guard tenants.contains(tenant) else {
            throw CommandFailure("no tenant '\(tenant)' in \(dataDirectory) (tenants: \(tenants.isEmpty ? "none" : tenants.joined(separator: ", ")))")
        }
        return store
    }
}
