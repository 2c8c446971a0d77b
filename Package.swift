// swift-tools-version:6.0
import PackageDescription

/// What the store and its tests speak to the databases with (and log through).
let sqlProducts: [Target.Dependency] = [
    .product(name: "SQLKit", package: "sql-kit"),
    .product(name: "SQLiteKit", package: "sqlite-kit"),
    .product(name: "SQLiteNIO", package: "sqlite-nio"),
    .product(name: "PostgresKit", package: "postgres-kit"),
    .product(name: "Logging", package: "swift-log"),
]

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
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.10.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.30.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        // A post's client to headquarters (also what Hummingbird's test client is built on).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
    ],
    targets: [
        // Pure domain logic: Foundation at most, no I/O.
        .target(name: "LimesCore"),
        // SQLite as the system has it (Debian: libsqlite3-dev), called directly by the store.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Swift over CSQLite, apart from SQLiteNIO's own copy of SQLite's declarations.
        .target(name: "LimesSQLite", dependencies: ["CSQLite"]),
        .target(
            name: "LimesStore",
            dependencies: [
                "LimesCore",
                "LimesSQLite",
            ] + sqlProducts + [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LimesServer",
            dependencies: [
                "LimesCore",
                "LimesStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            // The console's templates, translations and static files.
            resources: [.copy("Console/Resources")]
        ),
        .executableTarget(
            name: "limes",
            dependencies: [
                "LimesCore",
                "LimesStore",
                "LimesServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "LimesBench",
            dependencies: [
                "LimesCore",
                "LimesStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LimesCoreTests", dependencies: ["LimesCore"]),
        .testTarget(
            name: "LimesStoreTests",
            dependencies: [
                "LimesCore",
                "LimesStore",
            ] + sqlProducts
        ),
        .testTarget(
            name: "LimesServerTests",
            dependencies: [
                "LimesCore",
                "LimesStore",
                "LimesServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Runs the built `limes` binary as a user would: arguments, standard input, exit status.
        .testTarget(name: "limesTests", dependencies: ["limes"]),
    ]
)
