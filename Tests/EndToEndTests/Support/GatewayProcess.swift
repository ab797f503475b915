import Foundation

/// `tsunagu serve` run as a real child process, for tests that kill it.
///
/// Its output goes to files in its data folder (a pipe nobody reads would block it); the base
/// URL is read from its ready line.
final class GatewayProcess: Sendable {
    let baseURL: String
    let dataDirectory: String
    private let process: Process

    private init(baseURL: String, dataDirectory: String, process: Process) {
        self.baseURL = baseURL
        self.dataDirectory = dataDirectory
        self.process = process
    }

    /// The `tsunagu` executable built beside the test bundle.
    static var executable: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tsunagu").path,
            RepositoryPaths.root.appendingPathComponent(".build/debug/tsunagu").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `tsunagu serve --demo --port 0 --data <data> <arguments>` and waits for its ready line.
    static func start(dataDirectory: String, arguments: [String], environment: [String: String], run: Int) async throws -> GatewayProcess {
        guard let executable else { throw TestGatewayError("the tsunagu executable is not built beside the tests") }
        let output = (dataDirectory as NSString).appendingPathComponent("serve-\(run).log")
        let errors = (dataDirectory as NSString).appendingPathComponent("serve-\(run).err")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.currentDirectoryURL = RepositoryPaths.root
        process.arguments = ["serve", "--demo", "--port", "0", "--data", dataDirectory] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"ready at https://[0-9.]+:[0-9]+"#, options: .regularExpression) {
                let url = String(text[range].dropFirst("ready at ".count))
                return GatewayProcess(baseURL: url, dataDirectory: dataDirectory, process: process)
            }
            guard process.isRunning else { throw TestGatewayError("tsunagu serve exited: \(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw TestGatewayError("tsunagu serve did not become ready within 60 s")
    }

    /// The certificate the demo gateway serves.
    var certificatePath: String { (dataDirectory as NSString).appendingPathComponent("tls/demo-cert.pem") }

    /// Kills the process with SIGKILL: no shutdown, no flush.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await waitForExit()
    }

    /// Stops the process with SIGTERM and waits for it.
    func stop() async {
        process.terminate()
        await waitForExit()
    }

    /// Waits without holding a thread of the shared pool (tests run in parallel on few cores).
    private func waitForExit() async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }
}
