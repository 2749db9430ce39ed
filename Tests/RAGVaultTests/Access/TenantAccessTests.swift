import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// The principal-scoped surface refuses, in the library, whatever the principal's scopes do not
/// allow — so a front door that forgot a check of its own would still be refused.
@Suite struct TenantAccessTests {
    static func setUp() throws -> (TemporaryDirectory, Vault, Retriever) {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.store(for: "acme").putDocument(RetrieverTests.doc("eng/a.md", ["walrus runbook"]))
        return (dir, vault, Retriever(vault: vault))
    }

    static func principal(_ scopes: Set<Scope>, subject: String = "user:ann") -> Principal {
        Principal(tenant: "acme", subject: subject, roles: ["role:eng"], groups: [], scopes: scopes)
    }

    static func forbidden(_ body: () throws -> Void) -> Bool {
        do { try body(); return false } catch let error as RAGVaultError { return error.code == .forbidden } catch { return false }
    }

    @Test func aSearchKeyMayReadAndNothingElse() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { withExtendedLifetime(dir) {}; vault.close() }
        let reader = retriever.access(as: Self.principal([.search]))
        #expect(try reader.search(SearchRequest(query: "walrus")).results.count == 1)
        let line = Data(#"{"id":"eng/b.md","text":"new","acl":{"allow":["role:eng"]}}"#.utf8)
        let refused: [(String, () throws -> Void)] = [
            ("policy", { _ = try reader.policy() }),
            ("setPolicy", { try reader.setPolicy(.default) }),
            ("keys", { _ = try reader.keys() }),
            ("createKey", { _ = try reader.createKey(subject: nil, roles: ["eng"], groups: [], scopes: [.search], expiresAt: nil) }),
            ("revokeKey", { try reader.revokeKey(id: "0123456789abcdef") }),
            ("auditRecords", { _ = try reader.auditRecords(filter: AuditFilter()) }),
            ("writeDocument", { _ = try reader.writeDocument(json: line, pathID: nil) }),
            ("deleteDocument", { _ = try reader.deleteDocument("eng/a.md") }),
            ("updateACL", { _ = try reader.updateACL("eng/a.md", to: AccessList(allow: ["tenant:*"])) }),
            ("requireWriter", { try reader.requireWriter() }),
            ("requireAdmin", { try reader.requireAdmin(to: "test") })
        ]
        for (name, call) in refused { #expect(Self.forbidden(call), "\(name) was not refused") }
        #expect(try reader.search(SearchRequest(query: "walrus")).results.count == 1, "nothing was written")
    }

    @Test func anIngestKeyMayWriteButNotReadOrAdminister() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { withExtendedLifetime(dir) {}; vault.close() }
        let writer = retriever.access(as: Self.principal([.ingest]))
        #expect(Self.forbidden { _ = try writer.search(SearchRequest(query: "walrus")) })
        #expect(Self.forbidden { _ = try writer.chunk("0123456789abcdef") })
        #expect(Self.forbidden { _ = try writer.policy() })
        let line = Data(#"{"id":"eng/b.md","text":"walrus notes","acl":{"allow":["role:eng"]}}"#.utf8)
        #expect(try writer.writeDocument(json: line, pathID: nil).outcome == "added")
        let admin = retriever.access(as: Self.principal([.search, .admin]))
        #expect(try admin.policy() == .default)
        #expect(try admin.search(SearchRequest(query: "walrus")).results.count == 2)
    }
}
