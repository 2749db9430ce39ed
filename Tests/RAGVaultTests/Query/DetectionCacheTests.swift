import Foundation
import Testing

@testable import RAGVault

/// What the detectors found in a chunk is remembered only for that exact text: a new version of
/// the document, or a tenant deleted and made again under the same name (same row ids, same
/// generations), must be scanned afresh — stale spans would leave a new value unmasked. The new
/// text is longer than the old and holds its value where the old had none, so old spans fit it
/// and miss the value. Rows here carry no stored detections (as rows written before they were
/// stored), so every read goes through the cache.
@Suite struct DetectionCacheTests {
    static func put(_ document: DocumentRecord, into store: TenantStore) throws {
        try store.putDocument(document)
        try store.withConnection { try $0.run("UPDATE chunks SET body_detections = NULL") }
    }

    static func search(_ retriever: Retriever, _ query: String) throws -> String {
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        return try retriever.search(SearchRequest(query: query), as: eng).results.map(\.text).joined(separator: "\n")
    }

    @Test func aNewVersionOfADocumentIsScannedAgain() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try Self.put(RetrieverTests.doc("d", ["rollout notes, write to ann@example.com"]), into: store)
        #expect(!(try Self.search(retriever, "rollout")).contains("ann@example.com"))
        try Self.put(RetrieverTests.doc("d", ["bob.smith@example.org owns the rollout and the release plan"]), into: store)
        let text = try Self.search(retriever, "rollout")
        #expect(text.contains("owns the rollout"))
        #expect(!text.contains("bob.smith"), "\(text)")
        #expect(Redactor().redact(text).spans.isEmpty, "\(text)")
    }

    @Test func aTenantMadeAgainUnderItsNameIsScannedAgain() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try Self.put(RetrieverTests.doc("d", ["rollout notes, write to ann@example.com"]), into: store)
        #expect(!(try Self.search(retriever, "rollout")).contains("ann@example.com"))
        try vault.deleteTenant("acme")
        try vault.createTenant("acme")
        try Self.put(RetrieverTests.doc("d", ["bob.smith@example.org owns the rollout and the release plan"]), into: try vault.store(for: "acme"))
        let text = try Self.search(retriever, "rollout")
        #expect(text.contains("owns the rollout"))
        #expect(!text.contains("bob.smith"), "\(text)")
        #expect(Redactor().redact(text).spans.isEmpty, "\(text)")
    }
}
