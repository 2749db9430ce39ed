import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// The hot-path JSON reader must agree with JSONDecoder on everything RAGVault writes, and
/// fall back (not guess) on anything else.
@Suite struct StoredJSONTests {
    @Test(arguments: [
        AccessList(allow: ["role:eng", "user:alice"], deny: ["group:contractors"]),
        AccessList(allow: ["role:hr"]),
        AccessList(allow: [], deny: []),
        AccessList(allow: ["user:zoë", "group:日本"], deny: ["user:\"quoted\"", "user:back\\slash"])
    ])
    func accessListsRoundTripThroughTheEncoder(acl: AccessList) throws {
        let json = String(decoding: try JSONEncoder().encode(acl), as: UTF8.self)
        #expect(StoredJSON.accessList(json) == acl)
    }

    @Test func keyOrderAndSpacesDoNotMatter() {
        #expect(StoredJSON.accessList(#" { "deny" : [ "b" ] , "allow" : [ "a" ] } "#) == AccessList(allow: ["a"], deny: ["b"]))
        #expect(StoredJSON.accessList(#"{"allow":["a"]}"#) == AccessList(allow: ["a"]))
    }

    @Test(arguments: [
        #"{"deny":["a"]}"#, #"{"allow":["a"]"#,
        #"{"allow":"a"}"#, "", "[]", #"{"allow":["a"]} trailing"#
    ])
    func malformedOrForeignAccessListsAreRefused(json: String) {
        #expect(StoredJSON.accessList(json) == nil)
    }

    @Test func stringArrays() {
        #expect(StoredJSON.stringArray(#"["possible_injection","invisible_chars_removed"]"#) == ["possible_injection", "invisible_chars_removed"])
        #expect(StoredJSON.stringArray("[]") == [])
        #expect(StoredJSON.stringArray(#"["a\"b"]"#) == ["a\"b"]) // escapes go through JSONDecoder
        #expect(StoredJSON.stringArray("not json") == [])
    }

    /// The passage builder re-checks each row's stored ACL with this reader: one it cannot read
    /// must fail the search, never return the passage (fail closed).
    @Test func anUnreadableStoredACLFailsTheSearch() throws {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        defer { vault.close() }
        try vault.createTenant("acme")
        let store = try vault.store(for: "acme")
        try store.putDocument(Fixtures.document("d1", text: "quarterly roadmap", allow: ["role:eng"]))
        try store.withConnection { try $0.run("UPDATE documents SET acl_json = 'not an acl'") }
        let alice = try Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])
        #expect(throws: RAGVaultError.self) { _ = try Retriever(vault: vault).search(SearchRequest(query: "roadmap"), as: alice) }
    }
}
