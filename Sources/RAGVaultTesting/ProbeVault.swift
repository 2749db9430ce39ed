import Foundation
import RAGVault

/// An encrypted vault in a temporary directory for a test suite: tenants seeded from a folder
/// laid out as `ragvault index` reads it (one sub-folder per tenant, `ragvault.acl.json` files
/// for access lists), and the isolation probe as one call. Usable from XCTest and Swift
/// Testing alike: `assertNoLeaks()` throws a `ProbeFailure` whose description is the report.
///
/// ```swift
/// let probe = try ProbeVault(seedingTenantsFrom: "Tests/Fixtures/tenants")
/// defer { probe.close() }
/// try probe.assertNoLeaks()
/// ```
public final class ProbeVault {
    public let vault: Vault
    public let directory: String

    /// `seedingTenantsFrom`: a folder whose sub-folders become tenants of their names, each
    /// indexed like `ragvault index`; nil for an empty vault.
    public init(seedingTenantsFrom folder: String? = nil) throws {
        directory = NSTemporaryDirectory() + "ragvault-probe-" + UUID().uuidString
        vault = try Vault.initialize(at: directory + "/data", keySource: .generatedKeyFile)
        guard let folder else { return }
        let tenants = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        for tenant in tenants {
            _ = try vault.createTenant(tenant)
            let (summary, _) = try IndexPipeline(indexer: try vault.indexer(for: tenant)).run(DirectorySource(paths: [folder + "/" + tenant]))
            guard summary.added > 0 else { throw RAGVaultError(.invalidInput, "tenant folder \(tenant) indexed no document") }
        }
    }

    /// Runs the isolation probe against this vault's library interface.
    public func probe() throws -> ProbeReport {
        try IsolationProbe(target: LibraryTarget(vault: vault)).run()
    }

    /// Throws `ProbeFailure` (the report) when anything leaked, a control failed or a probe
    /// tenant was left behind.
    public func assertNoLeaks() throws {
        let report = try probe()
        if !report.passed { throw ProbeFailure(report: report) }
    }

    /// Closes the vault and removes the temporary directory.
    public func close() {
        vault.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A probe that found a leak, an ineffective control, or left tenants behind.
public struct ProbeFailure: Error, CustomStringConvertible {
    public let report: ProbeReport
    public var description: String { report.text }
}
