// swift-tools-version:6.0
import PackageDescription

/// `scripts/fuzz` sets this to build the libFuzzer targets (Fuzz/): only then do they exist,
/// and only then are the modules that read attacker bytes instrumented for coverage and
/// checked by AddressSanitizer, and optimized (six times the executions of a debug build).
/// Dependencies stay uninstrumented, which keeps the build lean and the coverage on this
/// package's code. `swift build` and `swift test` never see it.
let fuzzing = Context.environment["OAUTH2_FUZZ"] != nil
let fuzzSanitizers = ["-sanitize=fuzzer,address"]
let instrumented: [SwiftSetting] = fuzzing ? [.unsafeFlags(fuzzSanitizers + ["-O"])] : []

let package = Package(
    name: "oauth2",
    products: [
        .executable(name: "oauth2", targets: ["oauth2"]),
        .library(name: "OAuth2Client", targets: ["OAuth2Client"]),
        .library(name: "OAuth2ResourceServer", targets: ["OAuth2ResourceServer"]),
        .library(name: "OAuth2Hummingbird", targets: ["OAuth2Hummingbird"]),
        .executable(name: "orders-api", targets: ["orders-api"]),
        .executable(name: "orders-client", targets: ["orders-client"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "OAuth2Core",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: instrumented
        ),
        .target(
            name: "OAuth2Store",
            dependencies: ["OAuth2Core", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "CryptoExtras", package: "swift-crypto")],
            swiftSettings: instrumented
        ),
        .target(
            name: "OAuth2Postgres",
            dependencies: [
                "OAuth2Core", "OAuth2Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(
            name: "OAuth2Server",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "CMalloc",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: instrumented
        ),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(
            name: "OAuth2Console",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "OAuth2Server", "CNCurses",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(
            name: "OAuth2Transport",
            dependencies: [
                "OAuth2Core",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OAuth2Client",
            dependencies: [
                "OAuth2Core", "OAuth2Transport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OAuth2ResourceServer",
            dependencies: [
                "OAuth2Core", "OAuth2Transport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OAuth2Hummingbird",
            dependencies: [
                "OAuth2ResourceServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "orders-api",
            dependencies: [
                "OAuth2ResourceServer", "OAuth2Hummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "orders-client",
            dependencies: [
                "OAuth2Client",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "oauth2",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "OAuth2Postgres", "OAuth2Server", "OAuth2Console", "OAuth2Client", "OAuth2ResourceServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "BareBaseline",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "ActorsBench",
            dependencies: [
                "OAuth2Core", "OAuth2Client", "OAuth2ResourceServer", "OAuth2Transport",
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["OAuth2Store"], path: "Tests/TestSupport"),
        .target(
            name: "ServerTestSupport",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "OAuth2Server", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ServerTestSupport"
        ),
        .target(
            name: "PostgresTestSupport",
            dependencies: ["OAuth2Postgres",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/PostgresTestSupport"
        ),
        .testTarget(name: "OAuth2CoreTests", dependencies: ["OAuth2Core"]),
        .testTarget(
            name: "OAuth2StoreTests",
            dependencies: ["OAuth2Core", "OAuth2Store", "OAuth2Postgres", "PostgresTestSupport", "TestSupport",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(
            name: "OAuth2ServerTests",
            dependencies: ["OAuth2Core", "OAuth2Store", "OAuth2Server", "TestSupport", "ServerTestSupport",
                           .product(name: "JWTKit", package: "jwt-kit")]
        ),
        .testTarget(name: "OAuth2ConsoleTests", dependencies: ["OAuth2Core", "OAuth2Store", "OAuth2Console"]),
        .testTarget(
            name: "OAuth2ResourceServerTests",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "OAuth2Server", "OAuth2ResourceServer", "OAuth2Hummingbird", "OAuth2Transport",
                "ServerTestSupport", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "OAuth2ClientTests",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "OAuth2Server", "OAuth2Client", "OAuth2Transport", "OAuth2ResourceServer", "OAuth2Hummingbird",
                "ServerTestSupport", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "OAuth2PostgresTests",
            dependencies: ["OAuth2Core", "OAuth2Store", "OAuth2Postgres", "PostgresTestSupport", "TestSupport",
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["OAuth2Core", "OAuth2Store", "OAuth2Postgres", "TestSupport", "PostgresTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

/// One executable per fuzz target, `Fuzz/<name>/`, its seeds in `Fuzz/corpus/<name>/`; each
/// hands its test to libFuzzer's driver (FuzzSupport). Linked with lld: gold fails with an
/// internal error on libFuzzer's runtime.
if fuzzing {
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport"),
    ]
    let targets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzFormBody", ["OAuth2Core"]),
        ("FuzzBasicHeader", ["OAuth2Core"]),
        ("FuzzJTIScan", ["OAuth2Core", "OAuth2Server"]),
        ("FuzzRequest", ["OAuth2Core", "OAuth2Store", "OAuth2Server",
                         .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                         .product(name: "NIOCore", package: "swift-nio"),
                         .product(name: "NIOEmbedded", package: "swift-nio"),
                         .product(name: "NIOHTTP1", package: "swift-nio"),
                         .product(name: "Logging", package: "swift-log")]),
    ]
    for target in targets {
        package.products.append(.executable(name: target.name, targets: [target.name]))
        package.targets.append(.executableTarget(
            name: target.name, dependencies: ["FuzzSupport"] + target.dependencies, path: "Fuzz/\(target.name)",
            swiftSettings: instrumented, linkerSettings: [.unsafeFlags(fuzzSanitizers + ["-use-ld=lld"])]
        ))
    }
}
