import Foundation

/// Paths inside the repository, found from this file's location so tests run from any folder.
enum RepositoryPaths {
    /// The package root.
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `Mappings/`.
    static var mappings: String { root.appendingPathComponent("Mappings").path }
    /// `Policies/`.
    static var policies: String { root.appendingPathComponent("Policies").path }
    /// `Demo/footprints/`.
    static var demoFootprints: String { root.appendingPathComponent("Demo/footprints").path }
    /// The official reference material beside the repository (`../shared/reference`).
    static var reference: URL { root.deletingLastPathComponent().appendingPathComponent("shared/reference") }

    /// A new empty temporary folder.
    static func temporaryDirectory(_ prefix: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
