import Foundation
import Logging
import Testing
import TsunaguGateway

/// One gateway serves a data directory: a second would send every answer in the outbox again
/// and resume every unfinished relay request a second time.
@Suite(.serialized) struct DataDirectoryLockTests {
    @Test func aSecondGatewayOnTheSameDataDirectoryRefusesToStartUntilTheFirstStops() async throws {
        let first = try await TestGateway.start()
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.dataDirectory = first.dataDirectory
        configuration.mappingsDirectory = RepositoryPaths.mappings
        configuration.policiesDirectory = RepositoryPaths.policies
        var logger = Logger(label: "tsunagu-lock-test")
        logger.logLevel = .critical
        // Refused before it changes anything there (a demo start would reset the demo client's secret).
        let refusal = await #expect(throws: (any Error).self) { _ = try await Gateway.open(configuration: configuration, logger: logger) }
        #expect(refusal.map { "\($0)" }?.contains("another Tsunagu gateway is serving") == true, "\(String(describing: refusal))")
        await first.stop()

        let restarted = try await TestGateway.start(dataDirectory: first.dataDirectory)
        try await restarted.session { client, token in
            let list = try await client.call(.GET, "/3/footprints", headers: ["Authorization": "Bearer \(token)"])
            #expect(list.status == 200)
        }
    }
}
