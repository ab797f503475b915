import ArgumentParser

/// `tsunagu-bench`: measures speed and memory as ratios against a baseline taken in the same run.
@main
struct TsunaguBench: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "tsunagu-bench",
            abstract: "Benchmarks of Tsunagu, each reported next to a baseline measured in the same run.",
            subcommands: libraryBenchmarks + serverBenchmarks
        )
    }

    /// Benchmarks of the data libraries.
    static let libraryBenchmarks: [any ParsableCommand.Type] = [MappingBenchmark.self, PolicyBenchmark.self]

    #if TSUNAGU_SERVER
    /// Benchmarks through the running gateway.
    static let serverBenchmarks: [any ParsableCommand.Type] = [PACTBenchmark.self, RelayBenchmark.self]
    #else
    static let serverBenchmarks: [any ParsableCommand.Type] = []
    #endif
}
