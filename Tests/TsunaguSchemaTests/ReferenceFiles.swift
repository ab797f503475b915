import Foundation
import TsunaguCore

/// Paths of the files the tests read: the official reference material beside the repository
/// (`../shared/reference`), the package's `Mappings/` and the tests' own fixtures.
enum ReferenceFiles {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/reference` beside the package (as in CI); from a worktree one level deeper,
    /// `../../shared/reference`.
    static let reference: URL = {
        let candidates = [
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference"),
            packageRoot.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }()
    static let mappings = packageRoot.appendingPathComponent("Mappings")
    static let fixtures = packageRoot.appendingPathComponent("Tests/TsunaguSchemaTests/Fixtures")

    /// The parsed JSON at `url`.
    static func json(_ url: URL) throws -> JSONValue {
        let data = try Data(contentsOf: url)
        return try JSONParser(maximumDepth: 256).parse([UInt8](data))
    }
}

/// A test could not change a fixture the way it meant to.
struct FixtureEditError: Error, CustomStringConvertible {
    let pointer: JSONPointer
    var description: String { "nothing to change at \(pointer)" }
}

extension JSONValue {
    /// Sets `value` at `pointer`, throwing when the place does not exist.
    mutating func put(_ value: JSONValue, at pointer: JSONPointer) throws {
        guard set(value, at: pointer) else { throw FixtureEditError(pointer: pointer) }
    }

    /// Removes the value at `pointer`, throwing when there is none.
    mutating func delete(at pointer: JSONPointer) throws {
        guard remove(at: pointer) != nil else { throw FixtureEditError(pointer: pointer) }
    }
}
