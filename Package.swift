// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "oauth2",
    products: [
        .executable(name: "oauth2", targets: ["oauth2"]),
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
    ],
    targets: [
        .target(
            name: "OAuth2Core",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "OAuth2Store",
            dependencies: ["OAuth2Core", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]
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
            ]
        ),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(
            name: "OAuth2Console",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "OAuth2Server", "CNCurses",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "oauth2",
            dependencies: [
                "OAuth2Core", "OAuth2Store", "OAuth2Server", "OAuth2Console",
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
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "OAuth2CoreTests", dependencies: ["OAuth2Core"]),
        .testTarget(name: "OAuth2StoreTests", dependencies: ["OAuth2Core", "OAuth2Store", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "OAuth2ServerTests",
            dependencies: ["OAuth2Core", "OAuth2Store", "OAuth2Server", "TestSupport", .product(name: "JWTKit", package: "jwt-kit")]
        ),
        .testTarget(name: "OAuth2ConsoleTests", dependencies: ["OAuth2Core", "OAuth2Store", "OAuth2Server", "OAuth2Console"]),
        .testTarget(name: "EndToEndTests", dependencies: ["OAuth2Core", "OAuth2Store", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
