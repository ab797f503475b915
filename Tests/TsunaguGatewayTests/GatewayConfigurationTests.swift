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

    /// A misspelt setting is refused with its name and the known ones, not ignored (a typo in
    /// `sqliteDurability` would keep the weaker default without a word), here and in `ouranos`.
    @Test func anUnknownSettingIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-config-\(UUID().uuidString).json").path
        try #"{"prot": 8571, "sqliteDurabilty": "full", "ouranos": {"pollIntervalSecs": 2}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try GatewayConfiguration.load(from: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("unknown setting 'prot'") && text.contains("unknown setting 'sqliteDurabilty'") && text.contains("/ouranos/pollIntervalSecs")
                && text.contains("sqliteDurability") && text.contains(path)
        }
    }

    /// A file that is not JSON, or a value of the wrong type, is said with the file and the place.
    @Test func aBrokenFileIsSaidWithItsPlace() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-config-\(UUID().uuidString).json").path
        try "{\n  \"port\": 9443,\n  \"host\" \"x\"\n}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try GatewayConfiguration.load(from: path) } throws: { "\($0)".contains(path) && "\($0)".contains("line 3") }
        try #"{"port": "many"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try GatewayConfiguration.load(from: path) } throws: { "\($0)".contains(path) && "\($0)".contains("/port") }
    }

    /// Values that cannot work are named: a port beyond 65535 (it would wrap), a log level or
    /// format the gateway does not write.
    @Test func settingsThatCannotWorkAreNamed() {
        var configuration = GatewayConfiguration()
        #expect(configuration.problems.isEmpty)
        configuration.port = 70_000
        configuration.logLevel = "verbose"
        configuration.logFormat = "jsno"
        let problems = configuration.problems.map(\.description)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.contains("/port") && $0.contains("70000") })
        #expect(problems.contains { $0.contains("verbose") })
        #expect(problems.contains { $0.contains("jsno") })
    }

    @Test(arguments: [
        ("tokenLifetimeSeconds", "0"), ("tokenLifetimeSeconds", "-5"), ("tokenLifetimeSeconds", "9223372036854775807"),
        ("relayDeadlineSeconds", "0"), ("relayDeadlineSeconds", "1e300"), ("relayAttemptTimeoutSeconds", "-1"),
        ("relayMaxAttempts", "0"), ("relayLaterAnswerDeadlineSeconds", "-1"), ("maximumBodyBytes", "10"), ("maximumFootprintsPerAnswer", "0"), ("idleConnectionTimeoutSeconds", "0"),
    ])
    func aTimeOrSizeThatCannotWorkIsNamed(setting: String, value: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-config-\(UUID().uuidString).json").path
        try Data("{\"\(setting)\": \(value)}".utf8).write(to: URL(fileURLWithPath: path))
        let problems = try GatewayConfiguration.load(from: path).problems.map(\.description)
        #expect(problems.count == 1 && problems[0].contains("/\(setting)"), "\(problems)")
    }
}
