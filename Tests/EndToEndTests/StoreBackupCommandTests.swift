import Foundation
import Testing
import TsunaguGateway

/// `tsunagu store backup`, `check` and `restore`, run as an operator runs them: a backup beside a
/// running gateway, a restore only once it has stopped.
@Suite struct StoreBackupCommandTests {
    @Test func aBackupTakenBesideAGatewayIsCheckedAndRestoredOnceTheGatewayStops() async throws {
        let data = try RepositoryPaths.temporaryDirectory("tsunagu-backup")
        let backup = (try RepositoryPaths.temporaryDirectory("tsunagu-backup-files") as NSString).appendingPathComponent("acme.sqlite")
        #expect(try await runTsunagu(["tenants", "add", "acme", "--data", data]).status == 0)
        let gateway = try DataDirectoryLock(directory: data)

        let taken = try await runTsunagu(["store", "backup", "--data", data, "--to", backup])
        #expect(taken.status == 0)
        #expect(taken.output.contains("backed up") && taken.output.contains("1 tenants, 0 footprints"), "\(taken.output)")
        let again = try await runTsunaguCapturingErrors(["store", "backup", "--data", data, "--to", backup])
        #expect(again.status != 0)
        #expect(again.errors.contains("already exists"), "\(again.errors)")

        let checked = try await runTsunagu(["store", "check", backup])
        #expect(checked.status == 0)
        #expect(checked.output.contains("intact") && checked.output.contains("1 tenants"), "\(checked.output)")

        #expect(try await runTsunagu(["tenants", "add", "beta", "--data", data]).status == 0)
        let refused = try await runTsunaguCapturingErrors(["store", "restore", "--data", data, "--from", backup])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("another Tsunagu gateway is serving"), "\(refused.errors)")
        gateway.release()

        let restored = try await runTsunagu(["store", "restore", "--data", data, "--from", backup])
        #expect(restored.status == 0)
        #expect(restored.output.contains("the store it replaced is kept as"), "\(restored.output)")
        let tenants = try await runTsunagu(["tenants", "list", "--data", data])
        #expect(tenants.output.contains("acme") && !tenants.output.contains("beta"), "\(tenants.output)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasPrefix("tsunagu.sqlite.replaced-") }
        #expect(kept.count == 1, "\(kept)")
    }

    @Test func aCheckOfAFileThatIsNoStoreFails() async throws {
        let folder = try RepositoryPaths.temporaryDirectory("tsunagu-backup-check")
        let file = (folder as NSString).appendingPathComponent("notes.txt")
        try Data(String(repeating: "not a database\n", count: 400).utf8).write(to: URL(fileURLWithPath: file))
        let checked = try await runTsunaguCapturingErrors(["store", "check", file])
        #expect(checked.status != 0)
        #expect(checked.errors.contains("not an SQLite database"), "\(checked.errors)")
    }
}
