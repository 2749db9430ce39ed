// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RAGVault",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RAGVault", targets: ["RAGVault"]),
        // For users' own test suites: the isolation probe (`ragvault probe`) as one call.
        .library(name: "RAGVaultTesting", targets: ["RAGVaultTesting"]),
        .executable(name: "ragvault", targets: ["ragvault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // System libraries, located through pkg-config (Debian: libsqlite3-dev, libsodium-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium",
                       providers: [.apt(["libsodium-dev"])]),
        // The system BLAS (Debian: libopenblas-dev) for the embedded sentence model.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        // The page-encryption VFS: the only C in the product.
        .target(name: "CVault", dependencies: ["CSQLite", "CSodium"]),
        // Test-only C: a VFS that records every byte written beneath the encrypting VFS.
        .target(name: "CVaultTesting", dependencies: ["CSQLite"]),
        .target(name: "RAGVault", dependencies: [
            "CVault", "CSQLite", "CSodium", "COpenBLAS", .product(name: "Yams", package: "Yams"),
            // Verifying end users' tokens from a tenant's identity provider (JWS, JWKS).
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Benchmarks (`ragvault bench`) and evaluations (`ragvault eval`): outside the product
        // library, reaching its internals through `package` access only.
        .target(name: "RAGVaultBench", dependencies: ["RAGVault", "CSQLite", "CSodium", "COpenBLAS"]),
        // The isolation probe: canaries planted under an ACL matrix, asked for by everyone
        // who may not read them, through a deployment's own interfaces.
        .target(name: "RAGVaultTesting", dependencies: [
            "RAGVault",
            // A running server probed over HTTP with user tokens it signs itself (ES256).
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .target(name: "RAGVaultEval", dependencies: ["RAGVault", "CSQLite", "CSodium"]),
        // Retrieval as MCP tools (search, fetch) for agents, over stdio or inside the HTTP server.
        .target(name: "RAGVaultMCP", dependencies: [
            "RAGVault",
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The retrieval API over HTTP: routes, credentials, limits, metrics, the served contract.
        .target(name: "RAGVaultHTTP", dependencies: [
            "RAGVault", "RAGVaultMCP",
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ], resources: [.copy("openapi.yaml")]),
        .executableTarget(name: "ragvault", dependencies: [
            "RAGVault", "RAGVaultHTTP", "RAGVaultMCP", "RAGVaultBench", "RAGVaultEval", "RAGVaultTesting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "JWTKit", package: "jwt-kit"), // bench delegated signs its tokens
        ]),
        // Helpers both test targets share: temporary directories, the built CLI.
        .target(name: "RAGVaultTestSupport", dependencies: ["RAGVault", "RAGVaultBench", .product(name: "JWTKit", package: "jwt-kit")], path: "Tests/Support"),
        .testTarget(name: "RAGVaultTests", dependencies: [
            "RAGVault", "RAGVaultBench", "RAGVaultEval", "RAGVaultTesting", "CVault", "CVaultTesting", "CSQLite", "CSodium", "RAGVaultTestSupport",
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
        // Real HTTP over loopback against a served vault.
        .testTarget(name: "RAGVaultHTTPTests", dependencies: [
            "RAGVault", "RAGVaultHTTP", "RAGVaultMCP", "RAGVaultTestSupport", "RAGVaultTesting",
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
    ]
)
