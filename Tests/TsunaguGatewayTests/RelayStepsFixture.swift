import Foundation
import TsunaguCore
@testable import TsunaguGateway

/// Relay steps for tests, over the repository's mappings and an empty policy folder.
enum RelayStepsFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func steps() throws -> RelaySteps {
        let policies = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-relay-steps-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        return RelaySteps(rules: try GatewayRules.load(mappings: root.appendingPathComponent("Mappings").path, policies: policies))
    }

    /// A file of the repository, parsed.
    static func json(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try Data(contentsOf: root.appendingPathComponent(path)))
    }
}
