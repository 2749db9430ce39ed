import Foundation
import Testing

@testable import RAGVault

/// What the detectors found in a chunk is remembered only for that exact text: a new version of
/// the document, or a tenant deleted and made again under the same name (same row ids, same
/// generations), must be scanned afresh — stale spans would leave a new value unmasked. The new
/// text is longer than the old and holds its value where the old had none, so old spans fit it
/// and miss the value.
@Suite struct DetectionCacheTests {
    static func search(_ retriever: Retriever, _ query: String) throws -> String {
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        return try retriever.search(SearchRequest(query: query), as: eng).results.map(\.text).joined(separator: "\n")
    }

    @Test func aNewVersionOfADocumentIsScannedAgain() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["rollout notes, write to ann@example.com"]))
        #expect(!(try Self.search(retriever, "rollout")).contains("ann@example.com"))
        try store.putDocument(RetrieverTests.doc("d", ["bob.smith@example.org owns the rollout and the release plan"]))
        let text = try Self.search(retriever, "rollout")
        #expect(text.contains("owns the rollout"))
        #expect(!text.contains("bob.smith"), "\(text)")
        #expect(Redactor().redact(text).spans.isEmpty, "\(text)")
    }

    @Test func aTenantMadeAgainUnderItsNameIsScannedAgain() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["rollout notes, write to ann@example.com"]))
        #expect(!(try Self.search(retriever, "rollout")).contains("ann@example.com"))
        try vault.deleteTenant("acme")
        try vault.createTenant("acme")
        try vault.store(for: "acme").putDocument(RetrieverTests.doc("d", ["bob.smith@example.org owns the rollout and the release plan"]))
        let text = try Self.search(retriever, "rollout")
        #expect(text.contains("owns the rollout"))
        #expect(!text.contains("bob.smith"), "\(text)")
        #expect(Redactor().redact(text).spans.isEmpty, "\(text)")
    }
}
