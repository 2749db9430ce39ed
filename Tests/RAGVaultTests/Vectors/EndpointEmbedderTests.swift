import Foundation
import RAGVaultTestSupport
import Testing
@testable import RAGVault

/// A tenant embedded by an operator's endpoint: a real OpenAI-compatible service on loopback
/// (scripts/embedding_server.py, the same model in numpy). Vectors equal the in-process model's;
/// only index forms leave; every failure is `embedder_unavailable` with nothing written; a search
/// falls back to text only when asked; the key is in no file, answer or audit record.
@Suite(.serialized) struct EndpointEmbedderTests {
    static let alice = try! Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])
    static let key = "sk-canary-7Qx2Vd9Lr4Tz8Wn1"

    static func server() throws -> EmbeddingServer {
        guard let model = SentenceEncoder.defaultDirectory() else {
            throw RAGVaultError(.embedderUnavailable, "the embedded model is not installed (make)")
        }
        return try EmbeddingServer(model: model, key: key)
    }

    static func config(_ url: String, timeoutMs: Int = 5_000) -> VectorConfig {
        VectorConfig(
            model: "all-MiniLM-L6-v2", dims: 384, embedder: .endpoint, endpoint: EmbeddingEndpoint(url: url, timeoutMs: timeoutMs))
    }

    static func vault(_ dir: TemporaryDirectory, _ url: String, timeoutMs: Int = 5_000) throws -> Vault {
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.setVectorConfig(config(url, timeoutMs: timeoutMs), for: "acme", endpointKey: .set(key))
        return vault
    }

    static func index(_ vault: Vault, _ id: String, _ text: String) throws -> Indexer.Outcome {
        var findings = DocumentPreparer.Findings()
        return try vault.indexer(for: "acme").index(
            SourceDocument(externalID: id, format: .markdown, bytes: Array(text.utf8), acl: AccessList(allow: ["role:eng"])), findings: &findings)
    }

    @Test func vectorsEqualTheInProcessModels() throws {
        let server = try Self.server()
        let texts = [
            "A man is eating food.", "Crème brûlée für Straße — naïve café", "東京の天気は晴れです", "",
            String(repeating: "kernel memory barrier semantics ", count: 120)
        ]
        let remote = try EndpointEmbedder(config: Self.config(server.url()), key: Self.key).embed(texts)
        let local = try SentenceEncoder.loaded()
        for (text, vector) in zip(texts, remote) {
            let mine = local.embed(text)
            #expect(zip(vector, mine).allSatisfy { abs($0 - $1) < 1e-4 }, "\(text.prefix(30))")
        }
        // End to end: chunks embedded at ingest, the query at search, ranked by meaning.
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, server.url())
        defer { vault.close() }
        #expect(try Self.index(vault, "cat", "# Pets\n\nThe cat sat quietly on the mat by the window.") == .added)
        #expect(try Self.index(vault, "revenue", "# Finance\n\nQuarterly revenue grew by ten percent on strong sales.") == .added)
        let result = try Retriever(vault: vault).search(SearchRequest(query: "a kitten resting on a rug", topK: 2), as: Self.alice)
        #expect(result.searchMode == .hybrid && result.fallback == nil)
        #expect(result.results.first?.documentID == "cat" && result.results.first?.ranks == Passage.Ranks(text: nil, vector: 1))
    }

    @Test func onlyIndexFormsLeave() throws {
        let server = try Self.server()
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, server.url())
        defer { vault.close() }
        let secret = "ghp_R8mXq2Lk9TzVw4Nc7Hd1Bs6Fy3Jp0Ga5Ue2K", email = "ann.lee@example.com"
        #expect(try Self.index(vault, "a", "# Rollout for \(email)\n\nAsk \(email) about the rollout; token \(secret).") == .added)
        _ = try Retriever(vault: vault).search(SearchRequest(query: "rollout mail \(email) token \(secret)"), as: Self.alice)
        let received = try server.received()
        #expect(received.count == 2 && received.contains { $0.contains("rollout") })
        for text in received { #expect(!text.contains(secret) && !text.contains(email), "\(text)") }
        // A tenant that masks names and addresses sends none, from ingest, a query or a later
        // `vectors embed` run.
        try vault.setPolicy(RedactionPolicy(pii: ["PERSON": .mask, "STREET_ADDRESS": .mask]), for: "acme")
        #expect(try Self.index(vault, "b", "# Visit\n\nDr. Marisol Quintanilla works at 48 Larchmont Road, Leeds LS6 2AB.") == .added)
        _ = try Retriever(vault: vault).search(SearchRequest(query: "visit by Marisol Quintanilla"), as: Self.alice)
        try vault.store(for: "acme").withConnection { try $0.run("DELETE FROM chunk_vectors") }
        _ = try vault.embedMissingVectors(tenant: "acme")
        let later = try server.received().dropFirst(received.count)
        #expect(later.count >= 3)
        for text in later { #expect(!text.contains("Quintanilla") && !text.contains("Larchmont"), "\(text)") }
    }

    @Test func failuresAreUnavailableWriteNothingAndFallBackOnlyWhenAsked() throws {
        let server = try Self.server()
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, server.url())
        defer { vault.close() }
        #expect(try Self.index(vault, "known", "# Depot\n\nThe northern depot opens at dawn.") == .added)
        let retriever = Retriever(vault: vault)
        let cases: [(String, VectorConfig, EndpointKeyChange)] = [
            ("slow", Self.config(server.url(.slow), timeoutMs: 500), .keep),
            ("redirect", Self.config(server.url(.redirect)), .keep),
            ("wrong dimension", Self.config(server.url(.wrongdims)), .keep),
            ("not JSON", Self.config(server.url(.garbage)), .keep),
            ("wrong key", Self.config(server.url()), .set("sk-wrong")),
            ("no key", Self.config(server.url()), .remove)
        ]
        for (what, config, key) in cases {
            try vault.setVectorConfig(config, for: "acme", endpointKey: key)
            let outcome = try Self.index(vault, "new", "# Depot\n\nThe southern depot closes at dusk.")
            guard case .skipped(let code, let reason) = outcome else {
                Issue.record("\(what): \(outcome)")
                continue
            }
            #expect(code == "embedder_unavailable", "\(what): \(reason)")
            #expect(!reason.contains(Self.key) && !reason.contains("southern"), "\(what): \(reason)")
            #expect(try vault.store(for: "acme").documentState(externalID: "new") == nil, "\(what)")
            #expect(throws: RAGVaultError(.embedderUnavailable, "")) {
                do {
                    _ = try retriever.search(SearchRequest(query: "northern depot"), as: Self.alice)
                } catch let error as RAGVaultError { throw RAGVaultError(error.code, "") }
            }
            let fallback = try retriever.search(SearchRequest(query: "northern depot", fallback: .text), as: Self.alice)
            #expect(fallback.searchMode == .text && fallback.fallback == .text && fallback.results.map(\.documentID) == ["known"], "\(what)")
        }
        // Down altogether: the same, and a search sending its own vector needs no embedder.
        try vault.setVectorConfig(Self.config(server.url()), for: "acme", endpointKey: .set(Self.key))
        server.stop()
        if case .skipped(let code, _) = try Self.index(vault, "new", "# Depot\n\nThe southern depot.") {
            #expect(code == "embedder_unavailable")
        } else {
            Issue.record("a document was written while the endpoint was down")
        }
        // The next call within a few seconds fails at once, without trying to connect again.
        if case .skipped(let code, let reason) = try Self.index(vault, "next", "# Depot\n\nThe western depot.") {
            #expect(code == "embedder_unavailable" && reason.contains("moments ago"), "\(reason)")
        } else {
            Issue.record("a document was written while the endpoint was down")
        }
        let own = try retriever.search(SearchRequest(query: "northern depot", vector: try SentenceEncoder.loaded().embed("depot")), as: Self.alice)
        #expect(own.searchMode == .hybrid && own.fallback == nil && own.results.map(\.documentID) == ["known"])
        let text = try retriever.search(SearchRequest(query: "northern depot", mode: .text), as: Self.alice)
        #expect(text.searchMode == .text && text.fallback == nil)
    }

    /// A new model makes the stored vectors stale; `embedMissingVectors` embeds them again with
    /// the endpoint, stopping without half-written documents when it goes down.
    @Test func staleVectorsAreEmbeddedAgain() throws {
        let server = try Self.server()
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, server.url())
        defer { vault.close() }
        for i in 0..<3 { #expect(try Self.index(vault, "d\(i)", "# Depot \(i)\n\nThe depot number \(i) opens at dawn.") == .added) }
        var renamed = Self.config(server.url())
        renamed.model = "minilm-served"
        renamed.endpoint?.model = "all-MiniLM-L6-v2"
        try vault.setVectorConfig(renamed, for: "acme")
        let store = try vault.store(for: "acme")
        #expect(try store.vectorCounts() == (stored: 3, stale: 3))
        #expect(throws: RAGVaultError.self) { try Retriever(vault: vault).search(SearchRequest(query: "depot"), as: Self.alice) }
        let run = try vault.embedMissingVectors(tenant: "acme")
        #expect(run.documents == 3 && run.chunks == 3)
        #expect(try store.vectorCounts() == (stored: 3, stale: 0))
        #expect(try Retriever(vault: vault).search(SearchRequest(query: "depot"), as: Self.alice).searchMode == .hybrid)
        // Down: the run fails as the embedder does and writes nothing for that document.
        renamed.model = "minilm-again"
        try vault.setVectorConfig(renamed, for: "acme")
        server.stop()
        #expect(throws: RAGVaultError(.embedderUnavailable, "")) {
            do { try vault.embedMissingVectors(tenant: "acme") } catch let error as RAGVaultError { throw RAGVaultError(error.code, "") }
        }
        #expect(try store.vectorCounts() == (stored: 3, stale: 3))
    }

    @Test func theKeyIsInNoFileAnswerOrAuditRecord() throws {
        let server = try Self.server()
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, server.url())
        #expect(try Self.index(vault, "a", "# Depot\n\nThe northern depot opens at dawn.") == .added)
        #expect(try vault.store(for: "acme").embedderKey() == Self.key)
        let shown = String(decoding: try JSONEncoder().encode(try vault.vectorStatus(for: "acme")), as: UTF8.self)
        #expect(shown.contains("127.0.0.1") && !shown.contains(Self.key))
        let scan = {
            for file in FileManager.default.enumerator(atPath: dir.path)!.compactMap({ $0 as? String }) {
                #expect(!FileScan.contains(dir.file(file), Self.key), "the endpoint key is readable in \(file)")
                #expect(!FileScan.contains(dir.file(file), "northern depot"), "document text is readable in \(file)")
            }
        }
        scan() // WAL and all, while open
        vault.close()
        scan()
    }

    @Test func aTenantAdminCannotPointTheTextElsewhere() throws {
        let server = try Self.server()
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, server.url())
        defer { vault.close() }
        let admin = Principal(tenant: "acme", subject: "user:root", roles: ["role:eng"], groups: [], scopes: [.search, .admin])
        let access = Retriever(vault: vault).access(as: admin)
        var elsewhere = Self.config("https://collector.example.net/v1")
        #expect(throws: RAGVaultError.self) { try access.setVectors(elsewhere) }
        elsewhere.endpoint?.url = server.url()
        elsewhere.endpoint?.allowPrivate = true
        #expect(throws: RAGVaultError.self) { try access.setVectors(elsewhere) }
        // Omitting the endpoint keeps the operator's (and its key); another embedder drops both.
        var kept = Self.config(server.url())
        kept.endpoint = nil
        kept.searchMode = .vector
        var expected = Self.config(server.url())
        expected.searchMode = .vector
        #expect(try access.setVectors(kept).config == expected)
        #expect(try vault.store(for: "acme").embedderKey() == Self.key)
        _ = try access.setVectors(.embedded)
        #expect(try vault.store(for: "acme").embedderKey() == nil)
    }

    /// What the host resolves to is checked before each call, not only the URL when it was set:
    /// a non-public address is refused without connecting (the message says so), unless allowed.
    @Test func aHostInsideTheNetworkIsRefusedBeforeAnyCall() throws {
        for host in ["10.255.255.1", "169.254.169.254", "[fd12::1]"] {
            let config = Self.config("https://\(host)/v1", timeoutMs: 300)
            do {
                _ = try EndpointEmbedder(config: config, key: Self.key).embed(["text"])
                Issue.record("\(host) was called")
            } catch let error as RAGVaultError {
                #expect(error.code == .embedderUnavailable && error.message.contains("not a public address"), "\(host): \(error.message)")
            }
        }
        var allowed = Self.config("https://10.255.255.1/v1", timeoutMs: 300)
        allowed.endpoint?.allowPrivate = true
        do {
            _ = try EndpointEmbedder(config: allowed, key: Self.key).embed(["text"])
        } catch let error as RAGVaultError {
            #expect(error.code == .embedderUnavailable && !error.message.contains("not a public address"), "\(error.message)")
        }
    }

    @Test(arguments: [
        ("https://10.1.2.3/v1", false), ("https://172.20.0.1/v1", false), ("https://192.168.1.9/v1", false),
        ("https://169.254.169.254/latest", false), ("https://[fd00::1]/v1", false), ("https://[fe80::1]/v1", false),
        ("https://[::ffff:10.0.0.1]/v1", false), ("https://100.64.0.1/v1", false), ("https://0.0.0.0/v1", false),
        ("http://example.com/v1", false), ("ftp://127.0.0.1/v1", false), ("https://user:pw@example.com/v1", false),
        ("https://example.com/v1?key=x", false), ("not a url", false),
        ("https://example.com/v1", true), ("https://93.184.215.14/v1", true), ("https://[2606:4700::1111]/v1", true),
        ("http://127.0.0.1:8080/v1", true), ("http://localhost:8080/v1", true), ("http://[::1]:8080/v1", true)
    ])
    func urlsAreHTTPSOrLoopbackAndPublic(url: String, accepted: Bool) {
        let config = Self.config(url)
        let valid = (try? config.validate()) != nil
        #expect(valid == accepted, "\(url)")
        if !accepted, url.hasPrefix("https://"), !url.contains("@"), !url.contains("?") {
            var allowed = config
            allowed.endpoint?.allowPrivate = true
            #expect((try? allowed.validate()) != nil, "\(url) with allow_private")
        }
    }
}
