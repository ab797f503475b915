import Foundation

/// Runs the built `tsunagu` executable with `arguments` and returns its exit status and standard output.
func runTsunagu(_ arguments: [String]) throws -> (status: Int32, output: String) {
    guard let executable = GatewayProcess.executable else { throw TestGatewayError("the tsunagu executable is not built beside the tests") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.currentDirectoryURL = RepositoryPaths.root
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
