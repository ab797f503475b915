import ArgumentParser

/// The `tsunagu` command: the gateway and the tools around it.
@main
struct Tsunagu: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "tsunagu",
            abstract: "Tsunagu, a federated data-space connector for product carbon footprints.",
            subcommands: libraryCommands + serverCommands
        )
    }

    /// Tools that need only the data libraries: mapping, validation and policies.
    static let libraryCommands: [any ParsableCommand.Type] = [
        MapCommand.self, ValidateCommand.self, MappingsCommand.self, PolicyCommand.self, PartnersCommand.self, AuditCommand.self,
    ]

    #if TSUNAGU_SERVER
    /// The gateway itself and the commands that manage its store.
    static let serverCommands: [any ParsableCommand.Type] = [
        ServeCommand.self, FootprintsCommand.self, TenantsCommand.self, ClientsCommand.self, ConformanceCommand.self, StoreCommand.self,
    ]
    #else
    static let serverCommands: [any ParsableCommand.Type] = []
    #endif
}
