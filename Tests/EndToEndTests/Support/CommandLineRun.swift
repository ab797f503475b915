import Foundation

/// Runs the built `tsunagu` executable with `arguments` and returns its exit status and standard
/// output. Waits by polling, so no thread of the shared pool is blocked while it runs.
func runTsunagu(_ arguments: [String]) async throws -> (status: Int32, output: String) {
    let run = try await runTsunaguCapturingErrors(arguments)
    return (run.status, run.output)
}

/// Like ``runTsunagu(_:)``, with standard error as well.
func runTsunaguCapturingErrors(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String, errors: String) {
    guard let executable = GatewayProcess.executable else { throw TestGatewayError("the tsunagu executable is not built beside the tests") }
    let directory = try RepositoryPaths.temporaryDirectory("tsunagu-cli")
    let (output, errors) = (directory + "/stdout", directory + "/stderr")
    for file in [output, errors] { _ = FileManager.default.createFile(atPath: file, contents: nil) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.currentDirectoryURL = RepositoryPaths.root
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
    if let input {
        let file = directory + "/stdin"
        _ = FileManager.default.createFile(atPath: file, contents: Data(input.utf8))
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    return (process.terminationStatus, try String(contentsOfFile: output, encoding: .utf8), try String(contentsOfFile: errors, encoding: .utf8))
}
