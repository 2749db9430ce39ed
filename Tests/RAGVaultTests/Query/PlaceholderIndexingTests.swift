import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Secrets scrubbed at ingest leave "[REDACTED:API_KEY]" in chunks. The store's tokenizer
/// (CVault/vault_tokenizer.c) keeps those words out of the index, so "api key" finds chunks
/// about API keys, not every chunk that once held one.
@Suite struct PlaceholderIndexingTests {
    static func vault(_ dir: TemporaryDirectory) throws -> Vault {
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        let store = try vault.store(for: "acme")
        try store.putDocument(Fixtures.document("scrubbed", text: "deploy with token [REDACTED:API_KEY] then restart the worker"))
        try store.putDocument(Fixtures.document("about", text: "rotate the api key every quarter"))
        try store.putDocument(Fixtures.document("two", text: "call [REDACTED:PHONE] or mail [REDACTED:EMAIL] today"))
        try store.putDocument(Fixtures.document("torn", text: "a torn [REDACTED:oops marker stays text"))
        return vault
    }

    static func ids(_ vault: Vault, _ query: String) throws -> [String] {
        let alice = try Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])
        return try Retriever(vault: vault).search(SearchRequest(query: query), as: alice).results.map(\.documentID)
    }

    @Test func placeholderWordsAreNotIndexed() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        #expect(try Self.ids(vault, "api key") == ["about"])
        #expect(try Self.ids(vault, "redacted") == ["torn"]) // not a placeholder: lower case, no ']'
        #expect(try Self.ids(vault, "phone OR email").isEmpty)
        #expect(try Self.ids(vault, "mail today") == ["two"])
        #expect(try Self.ids(vault, "restart worker") == ["scrubbed"]) // the rest of the chunk still is
        #expect(try vault.store(for: "acme").integrityProblems().isEmpty)
    }

    @Test func highlightsUseTheSameTokenizer() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let alice = try Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])
        let passage = try #require(try Retriever(vault: vault).search(SearchRequest(query: "token restart"), as: alice).results.first)
        let words = passage.highlights.map { range in
            String(passage.text.unicodeScalars.dropFirst(range[0]).prefix(range[1] - range[0]).map(Character.init))
        }
        #expect(words == ["token", "restart"])
        // A query word that only occurs inside the placeholder is not highlighted there.
        let other = try #require(
            try Retriever(vault: vault).search(SearchRequest(query: "restart OR key"), as: alice)
                .results.first { $0.documentID == "scrubbed" })
        #expect(other.highlights.map { String(other.text.unicodeScalars.dropFirst($0[0]).prefix($0[1] - $0[0]).map(Character.init)) } == ["restart"])
    }

    /// A store indexed before the tokenizer existed (schema 3) is re-indexed when opened.
    @Test func aVersionThreeStoreIsReindexedOnOpen() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = dir.file("old.db")
        let match = { (store: TenantStore, query: String) in
            try store.withConnection { try $0.query("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", [.text(query)]).count }
        }
        do {
            // Put the file back to schema 3: the index with the plain tokenizer, placeholder words in it.
            let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
            try store.putDocument(Fixtures.document("d1", text: "key [REDACTED:API_KEY] here"))
            try store.withConnection { db in
                try db.execute(
                    """
                    DROP TABLE chunks_fts;
                    DROP VIEW chunk_content;
                    DROP INDEX chunks_public_id;
                    ALTER TABLE documents DROP COLUMN index_title;
                    ALTER TABLE chunks DROP COLUMN index_heading;
                    ALTER TABLE chunks DROP COLUMN index_body;
                    ALTER TABLE chunks DROP COLUMN pii_tokens;
                    ALTER TABLE chunks DROP COLUMN public_id;
                    ALTER TABLE chunks DROP COLUMN body_detections;
                    DROP TABLE pii_values;
                    DROP TABLE chunk_vectors;
                    DELETE FROM store_meta WHERE key = 'index_key';
                    CREATE VIEW chunk_content AS
                        SELECT c.id AS id, d.title AS title, c.heading_path AS heading, c.text AS body,
                               d.allow_tokens AS allow, d.deny_tokens AS deny
                        FROM chunks c JOIN documents d ON d.id = c.document_id;
                    CREATE VIRTUAL TABLE chunks_fts USING fts5(title, heading, body, allow, deny,
                        content = 'chunk_content', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');
                    INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild');
                    DELETE FROM schema_migrations WHERE version > 3;
                    """)
            }
            #expect(try match(store, "redacted") == 1)
            store.close()
        }
        let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key) // migrates to the latest schema
        defer { store.close() }
        let version = try store.withConnection { try $0.scalar("SELECT max(version) FROM schema_migrations").int }
        #expect(version == Int64(TenantSchema.migrations.steps.last!.version))
        #expect(try match(store, "redacted") == 0)
        #expect(try match(store, "here") == 1)
        #expect(try store.integrityProblems().isEmpty)
    }
}
