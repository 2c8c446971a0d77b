// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Limes",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "limes", targets: ["limes"]),
        .executable(name: "limes-bench", targets: ["LimesBench"]),
        .library(name: "LimesCore", targets: ["LimesCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // Pure domain logic: Foundation at most, no I/O.
        .target(name: "LimesCore"),
        .target(
            name: "LimesStore",
            dependencies: [
                "LimesCore",
                .product(name: "SQLiteKit", package: "sqlite-kit"),
            ]
        ),
        .target(
            name: "LimesServer",
            dependencies: [
                "LimesCore",
                "LimesStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "limes",
            dependencies: [
                "LimesCore",
                "LimesStore",
                "LimesServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "LimesBench",
            dependencies: [
                "LimesCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LimesCoreTests", dependencies: ["LimesCore"]),
        .testTarget(
            name: "LimesStoreTests",
            dependencies: [
                "LimesStore",
                .product(name: "SQLiteKit", package: "sqlite-kit"),
            ]
        ),
        .testTarget(
            name: "LimesServerTests",
            dependencies: [
                "LimesServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Runs the built `limes` binary as a user would: arguments, standard input, exit status.
        .testTarget(name: "limesTests", dependencies: ["limes"]),
    ]
)
