import Foundation
import Testing
import TsunaguGateway

/// `tsunagu store prune`, run as an operator runs it: never beside a running gateway.
@Suite struct StorePruneCommandTests {
    @Test func pruneRefusesWhileAGatewayHoldsTheDataFolderAndRunsOnceItIsFree() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-prune")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        let lock = try DataDirectoryLock(directory: data)
        let refused = try await runTsunaguCapturingErrors(["store", "prune", "--data", data, "--older-than", "30"])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("another Tsunagu gateway is serving"), "\(refused.errors)")
        #expect(refused.errors.contains("stop it first") && !refused.errors.contains("Usage:"), "a failure at run time, not a usage error: \(refused.errors)")
        #expect(refused.status == 1)
        lock.release()
        let counted = try await runTsunagu(["store", "prune", "--data", data, "--older-than", "30", "--dry-run"])
        #expect(counted.status == 0)
        #expect(counted.output.contains("would remove from before"), "\(counted.output)")
        #expect(counted.output.contains("0 outbox messages"))
        let pruned = try await runTsunagu(["store", "prune", "--data", data, "--older-than", "30", "--audit", "--vacuum"])
        #expect(pruned.status == 0)
        #expect(pruned.output.contains("0 audit entries") && pruned.output.contains("database file rewritten"), "\(pruned.output)")
        // The trail records the pruning itself; a dry run records nothing.
        let recorded = try await runTsunagu(["audit", "list", "--data", data, "--action", "store.pruned", "--json"])
        #expect(recorded.output.split(separator: "\n").count == 1, "\(recorded.output)")
        #expect(recorded.output.contains("\"auditEntries\":0"), "\(recorded.output)")
        #expect(try await runTsunaguCapturingErrors(["store", "prune", "--data", data, "--older-than", "0"]).status != 0)
    }
}
