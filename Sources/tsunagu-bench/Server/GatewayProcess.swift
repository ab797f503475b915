import Foundation

/// The `tsunagu` executable built next to this benchmark, run as `tsunagu serve --demo` in its own process.
final class GatewayProcess {
    private let process: Process
    private let output: Pipe
    private let started: Date

    private init(process: Process, output: Pipe, started: Date) {
        self.process = process
        self.output = output
        self.started = started
    }

    static func start(port: Int, dataDirectory: String) throws -> GatewayProcess {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tsunagu")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--demo", "--bench-routes", "--port", String(port), "--data", dataDirectory]
        var environment = ProcessInfo.processInfo.environment
        environment["TSUNAGU_DEMO_CLIENT_ID"] = "bench"
        environment["TSUNAGU_DEMO_CLIENT_SECRET"] = "bench-secret"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        return GatewayProcess(process: process, output: output, started: started)
    }

    /// Seconds from launch to the "ready" line.
    func waitUntilReady() async throws -> TimeInterval {
        var text = ""
        let handle = output.fileHandleForReading
        while !text.contains("is ready at") {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { throw BenchmarkError("the gateway exited before it was ready:\n\(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let elapsed = Date().timeIntervalSince(started)
        let reported = text.range(of: #"started in (\d+) ms"#, options: .regularExpression).flatMap { Double(text[$0].filter(\.isNumber)) }
        return reported.map { $0 / 1000 } ?? elapsed
    }

    /// The resident set size of the gateway process, in KiB.
    func residentMemoryKiB() -> Int { statusValueKiB("VmRSS:") }

    /// The part of the resident set that is the process's own memory (heap, stacks), in KiB;
    /// the rest is mapped code and data of the executable and libraries, shared with the page cache.
    func anonymousResidentMemoryKiB() -> Int { statusValueKiB("RssAnon:") }

    private func statusValueKiB(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
