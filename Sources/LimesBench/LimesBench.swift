import ArgumentParser

@main
struct LimesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limes-bench",
        abstract: "Benchmarks that print figures, and ratios against peer programs run on the same input.",
        discussion: "Build in release first: swift build -c release --product limes-bench",
        subcommands: [
            MRZBenchmark.self, ScreeningBenchmark.self, CrossingBenchmark.self, SyncBenchmark.self, ExchangeBenchmark.self, StatisticsBenchmark.self,
        ]
    )
}
