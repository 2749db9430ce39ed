import Foundation
import Testing

@testable import RAGVault

/// The catalog reads a search makes (tenant, policy, settings) are remembered only until the
/// catalog changes: a change made through this vault, or by another process (here another
/// connection to the same data directory, as the CLI beside a server), shows on the very next
/// search.
@Suite struct CatalogChangeTests {
    static let text = "rollout notes, write to ann@example.com"

    @Test func aPolicyChangeHereShowsOnTheNextSearch() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", [Self.text]))
        #expect(!(try DetectionCacheTests.search(retriever, "rollout")).contains("ann@example.com"))
        try vault.setPolicy(RedactionPolicy(pii: ["EMAIL": .allow]), for: "acme")
        #expect(try DetectionCacheTests.search(retriever, "rollout").contains("ann@example.com"))
        try vault.setPolicy(RedactionPolicy(pii: ["EMAIL": .mask]), for: "acme")
        #expect(!(try DetectionCacheTests.search(retriever, "rollout")).contains("ann@example.com"))
    }

    @Test func anotherProcessesChangesShowOnTheNextSearch() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", [Self.text]))
        #expect(!(try DetectionCacheTests.search(retriever, "rollout")).contains("ann@example.com"))
        let other = try Vault.open(at: vault.directory)
        defer { other.close() }
        try other.setPolicy(RedactionPolicy(pii: ["EMAIL": .allow]), for: "acme")
        #expect(try DetectionCacheTests.search(retriever, "rollout").contains("ann@example.com"))
        try other.deleteTenant("acme")
        #expect(throws: RAGVaultError.self) { _ = try DetectionCacheTests.search(retriever, "rollout") }
    }
}
