import ArgumentParser
import LimesCore

@main
struct LimesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limes",
        abstract: "Limes, an open integrated border management system.",
        version: Limes.version,
        subcommands: [
            ServeCommand.self, DemoCommand.self, MRZCommand.self, ScreenCommand.self, WatchlistCommand.self, UserCommand.self,
            PolicyCommand.self, AuditCommand.self, RetentionCommand.self, NodeCommand.self, StatsCommand.self,
        ]
    )
}
