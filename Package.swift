// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RAGVault",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RAGVault", targets: ["RAGVault"]),
        .executable(name: "ragvault", targets: ["ragvault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries, located through pkg-config (Debian: libsqlite3-dev, libsodium-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium",
                       providers: [.apt(["libsodium-dev"])]),
        // The page-encryption VFS: the only C in the product.
        .target(name: "CVault", dependencies: ["CSQLite", "CSodium"]),
        // Test-only C: a VFS that records every byte written beneath the encrypting VFS.
        .target(name: "CVaultTesting", dependencies: ["CSQLite"]),
        .target(name: "RAGVault", dependencies: ["CVault", "CSQLite", "CSodium", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "ragvault", dependencies: [
            "RAGVault",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "RAGVaultTests", dependencies: [
            "RAGVault", "CVault", "CVaultTesting", "CSQLite", "CSodium",
        ]),
    ]
)
