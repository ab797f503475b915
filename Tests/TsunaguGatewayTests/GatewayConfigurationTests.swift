import Foundation
import Testing
@testable import TsunaguGateway

@Suite struct GatewayConfigurationTests {
    @Test func aFileOverridesOnlyWhatItNames() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-config-\(UUID().uuidString).json").path
        try #"{"port": 9443, "publicBaseURL": "https://pcf.example.com", "logFormat": "json"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try GatewayConfiguration.load(from: path)
        #expect(configuration.port == 9443)
        #expect(configuration.publicBaseURL == "https://pcf.example.com")
        #expect(configuration.logFormat == "json")
        #expect(configuration.host == GatewayConfiguration().host)
        #expect(configuration.databasePath.hasSuffix("data/tsunagu.sqlite"))
    }

    @Test func sqliteDurabilityIsNormalUnlessTheFileAsksForFull() throws {
        #expect(GatewayConfiguration().sqliteDurability == .normal)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-config-\(UUID().uuidString).json").path
        try #"{"sqliteDurability": "full"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try GatewayConfiguration.load(from: path).sqliteDurability == .full)
        try #"{"sqliteDurability": "sometimes"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try GatewayConfiguration.load(from: path) }
    }

    @Test func aBrokenFileIsAnError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-config-\(UUID().uuidString).json").path
        try #"{"port": "many"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try GatewayConfiguration.load(from: path) }
    }
}
