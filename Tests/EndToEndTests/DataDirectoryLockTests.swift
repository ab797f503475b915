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

    /// A port another process holds is said with the address and what to do, not as an errno.
    @Test func aPortInUseIsSaidWithTheAddress() async throws {
        let first = try await TestGateway.start()
        let port = try #require(first.baseURL.split(separator: ":").last.map(String.init))
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-port")
        let second = try await runTsunaguCapturingErrors(["serve", "--demo", "--data", data, "--port", port, "--mappings", RepositoryPaths.mappings, "--policies", RepositoryPaths.policies])
        await first.stop()
        #expect(second.status != 0)
        #expect(second.errors.contains("cannot listen on 127.0.0.1:\(port): the port is in use"), "\(second.errors)")
    }

    /// A data folder that cannot be made (a file is in its place) is said with the path.
    @Test func aDataFolderThatIsAFileIsSaid() async throws {
        let file = try RepositoryPaths.temporaryDirectory("tsunagu-datafile") + "/data"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try await runTsunaguCapturingErrors(["serve", "--demo", "--data", file, "--port", "0"])
        #expect(run.status != 0)
        #expect(run.errors.contains("the data folder \(file) cannot be made"), "\(run.errors)")
    }
}
