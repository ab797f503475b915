import Foundation

/// Runs the built `tsunagu` executable with `arguments` and returns its exit status and standard
/// output. Waits by polling, so no thread of the shared pool is blocked while it runs.
func runTsunagu(_ arguments: [String]) async throws -> (status: Int32, output: String) {
    guard let executable = GatewayProcess.executable else { throw TestGatewayError("the tsunagu executable is not built beside the tests") }
    let output = try RepositoryPaths.temporaryDirectory("tsunagu-cli") + "/stdout"
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.currentDirectoryURL = RepositoryPaths.root
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    process.standardError = FileHandle.nullDevice
    try process.run()
    while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    return (process.terminationStatus, try String(contentsOfFile: output, encoding: .utf8))
}
