import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// The pipeline end to end on the fixture tenants and on small generated trees.
@Suite struct IndexerTests {
    static var fixtures: String { CLIBinary.packageRoot + "/fixtures/tenants" }

    static func vault(_ dir: TemporaryDirectory, tenant: String = "acme") throws -> Vault {
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant(tenant)
        return vault
    }

    @discardableResult
    static func index(_ vault: Vault, _ tenant: String, _ source: DirectorySource) throws -> IndexSummary {
        let indexer = try vault.indexer(for: tenant)
        var summary = IndexSummary()
        var findings = DocumentPreparer.Findings()
        try source.forEach { item, _ in
            switch item {
            case .document(let doc): summary.record(try indexer.index(doc, findings: &findings), id: doc.externalID)
            case .unusable(let id, let code, let reason): summary.record(.skipped(code: code, reason: reason), id: id)
            }
        }
        summary.secretsScrubbed = findings.secretsScrubbed
        summary.possibleInjectionChunks = findings.injectionChunks
        summary.invisibleCharactersRemoved = findings.invisibleCharactersRemoved
        return summary
    }

    static func write(_ files: [String: String], in root: String) throws {
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    @Test func fixturesIndexWithACLsFlagsAndScrubbedSecrets() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let summary = try Self.index(vault, "acme", DirectorySource(paths: [Self.fixtures + "/acme"]))
        #expect(summary.added == 9)
        #expect(Set(summary.skipped.map(\.code)) == ["invalid_utf8", "binary"])
        #expect(summary.skipped.first { $0.code == "invalid_utf8" }?.reason.contains("byte offset 39") == true)
        #expect(summary.secretsScrubbed >= 2)
        #expect(summary.possibleInjectionChunks >= 2)
        #expect(summary.invisibleCharactersRemoved >= 6)

        let store = try vault.store(for: "acme")
        let docs = Dictionary(uniqueKeysWithValues: try store.documentSummaries().map { ($0.id, $0) })
        #expect(docs["hr/handbook.md"]?.acl == AccessList(allow: ["role:hr"]))
        #expect(docs["hr/salaries-2026.md"]?.acl == AccessList(allow: ["role:hr", "role:finance"], deny: ["user:bob"]))
        #expect(docs["board-minutes.md"]?.acl == AccessList(allow: ["role:exec"], deny: ["user:intern-7"]))
        #expect(docs["public/about.md"]?.acl == AccessList(allow: ["tenant:*"]))
        #expect(docs["engineering/onboarding.html"]?.flags.contains("possible_injection:hidden_display_none") == true)
        #expect(docs["engineering/vendor-notes.md"]?.flags.contains("possible_injection:exfiltration_link") == true)
        #expect(docs["public/tagged-faq.txt"]?.flags.contains("invisible_chars_removed") == true)
        // Nothing of a planted secret reached the store; the hidden HTML payload is not indexed.
        let texts = try store.withConnection { try $0.query("SELECT text FROM chunks").compactMap { $0[0].string } }.joined(separator: "\n")
        #expect(!texts.contains("ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG"))
        #expect(!texts.contains("AKIAQ3EGRVNWXK2ZLM7P"))
        #expect(texts.contains("[REDACTED:API_KEY]"))
        #expect(!texts.contains("reveal the admin password"))
        #expect(!texts.contains("\u{E0049}"))
        // PII is not scrubbed at ingest (policy applies when passages leave).
        #expect(texts.contains("hr-team@acme.example"))
    }

    @Test func reindexIsIdempotentAndACLOnlyChangesDoNotRechunk() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let root = dir.file("docs")
        try Self.write(["ragvault.acl.json": #"{"allow": ["role:eng"]}"#, "a.md": "# A\n\nalpha text", "b.md": "# B\n\nbeta text"], in: root)
        #expect(try Self.index(vault, "acme", DirectorySource(paths: [root])).added == 2)
        let second = try Self.index(vault, "acme", DirectorySource(paths: [root]))
        #expect(second.unchanged == 2 && second.added == 0 && second.updated == 0)

        let store = try vault.store(for: "acme")
        let chunkIDs = try store.withConnection { try $0.query("SELECT id FROM chunks ORDER BY id") }
        try Self.write(["ragvault.acl.json": #"{"allow": ["role:eng", "role:support"], "deny": ["user:eve"]}"#], in: root)
        let third = try Self.index(vault, "acme", DirectorySource(paths: [root]))
        #expect(third.aclUpdated == 2)
        #expect(try store.withConnection { try $0.query("SELECT id FROM chunks ORDER BY id") } == chunkIDs)
        #expect(try store.documentState(externalID: "a.md")?.acl == AccessList(allow: ["role:eng", "role:support"], deny: ["user:eve"]))
        // The index rows carry the new ACL tokens.
        let token = AccessList.token(for: "role:support")
        #expect(try store.withConnection { try $0.scalar("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", [.text("allow:\(token)")]).int } == 2)

        try Self.write(["a.md": "# A\n\nalpha text, revised"], in: root)
        let fourth = try Self.index(vault, "acme", DirectorySource(paths: [root]))
        #expect(fourth.updated == 1 && fourth.unchanged == 1)
        #expect(try store.documentState(externalID: "a.md")?.version == 2)
    }

    @Test func syncDeletesOnlyWhatIsGoneAndKeepsFailures() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let root = dir.file("docs")
        try Self.write(["ragvault.acl.json": #"{"allow": ["role:eng"]}"#, "keep.md": "keep", "gone.md": "gone", "flaky.md": "fine today"], in: root)
        try Self.index(vault, "acme", DirectorySource(paths: [root]))
        try FileManager.default.removeItem(atPath: root + "/gone.md")
        // flaky.md becomes unreadable as UTF-8: skipped, but its old version must survive.
        try Data([0x66, 0xFF, 0x00]).write(to: URL(fileURLWithPath: root + "/flaky.md"))
        var seen = Set<String>()
        try DirectorySource(paths: [root]).forEach { item, _ in
            if case .document(let d) = item { seen.insert(d.externalID) }
        }
        let store = try vault.store(for: "acme")
        #expect(try store.deleteDocuments(notIn: seen) == 1)
        #expect(try store.documentIDs() == ["flaky.md", "keep.md"])
    }

    @Test func unscopedFilesAreRefusedAndDefaultsApply() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let root = dir.file("docs")
        try Self.write(["open.md": "no manifest here", "team/ragvault.acl.json": #"{"allow": ["group:team"]}"#, "team/t.md": "team doc"], in: root)
        let refused = try Self.index(vault, "acme", DirectorySource(paths: [root]))
        #expect(refused.skipped.map(\.id) == ["open.md"])
        #expect(refused.skipped.first?.code == "no_acl")
        let defaulted = try Self.index(vault, "acme", DirectorySource(paths: [root], defaultAllow: ["role:eng"], extraDeny: ["user:bob"]))
        #expect(defaulted.added == 1)
        let store = try vault.store(for: "acme")
        #expect(try store.documentState(externalID: "open.md")?.acl == AccessList(allow: ["role:eng"], deny: ["user:bob"]))
        // Manifests win over the default; --deny is added everywhere.
        #expect(try store.documentState(externalID: "team/t.md")?.acl == AccessList(allow: ["group:team"], deny: ["user:bob"]))
    }

    @Test func yamlManifestsWorkAndTwoManifestsAreRefused() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let root = dir.file("docs")
        try Self.write(
            [
                "ragvault.acl.yaml": "allow:\n  - role:eng\nfiles:\n  - match: \"secret-*.md\"\n    allow: [role:exec]\n    deny: [user:eve]\n",
                "plan.md": "plan", "secret-one.md": "secret",
                "both/ragvault.acl.json": #"{"allow": ["role:a"]}"#, "both/ragvault.acl.yml": "allow: [role:b]\n", "both/x.md": "x"
            ], in: root)
        let summary = try Self.index(vault, "acme", DirectorySource(paths: [root]))
        let store = try vault.store(for: "acme")
        #expect(try store.documentState(externalID: "plan.md")?.acl == AccessList(allow: ["role:eng"]))
        #expect(try store.documentState(externalID: "secret-one.md")?.acl == AccessList(allow: ["role:exec"], deny: ["user:eve"]))
        #expect(summary.skipped.map(\.code) == ["manifest_invalid"])
        #expect(try store.documentState(externalID: "both/x.md") == nil)
    }

    @Test func badInputIsSkippedWithStableCodes() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let root = dir.file("docs")
        let manyACL = (0..<300).map { "\"user:u\($0)\"" }.joined(separator: ",")
        try Self.write(
            [
                "ragvault.acl.json": #"{"allow": ["role:eng"]}"#,
                "ok.md": "fine",
                "big.txt": String(repeating: "x", count: 9000),
                "image.png": "not really",
                "bad/ragvault.acl.json": #"{"allow": ["admin"]}"#,
                "bad/doc.md": "under a broken manifest",
                "batch.ndjson": """
                {"id": "n1", "text": "ok"}
                {"id": "n2", "text": "x", "acl": {"allow": [\(manyACL)]}}
                {"id": "n3", "text": "x", "acl": {"allow": ["role:eng OR 1=1"]}}
                {"id": "n4", "text": "a", "html": "b"}
                not json
                """
            ], in: root)
        let summary = try Self.index(vault, "acme", DirectorySource(paths: [root], maxDocumentBytes: 8000))
        let codes = Dictionary(summary.skipped.map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a })
        #expect(codes["big.txt"] == "too_large")
        #expect(codes["image.png"] == "unsupported_type")
        #expect(codes["bad/doc.md"] == "manifest_invalid")
        #expect(codes["n2"] == "invalid_acl")
        #expect(codes["n3"] == "invalid_acl")
        #expect(codes["batch.ndjson:4 (n4)"] == "invalid_body")
        #expect(codes["batch.ndjson:5"] == "invalid_json")
        #expect(summary.added == 2) // ok.md and n1
    }

    /// A reader never sees a document half replaced: during many replacements every read of
    /// the document's chunks is exactly the old set or exactly the new one.
    @Test func replacementIsAtomicForConcurrentReaders() async throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let path = vault.storePath(try vault.tenantRecord("acme"))
        let writer = try vault.store(for: "acme")
        let reader = try TenantStore.openOrCreate(tenant: "acme", path: path, key: try vault.unwrapKey(try vault.tenantRecord("acme")))
        defer { reader.close() }
        try writer.putDocument(Fixtures.document("doc", text: "version 0", chunks: 3))
        let counts = try await withThrowingTaskGroup(of: [Int].self) { group in
            group.addTask {
                for v in 1...60 { try writer.putDocument(Fixtures.document("doc", text: "version \(v)", chunks: v % 2 == 0 ? 3 : 5)) }
                return []
            }
            group.addTask {
                var seen: [Int] = []
                for _ in 0..<300 {
                    let n = try reader.withConnection {
                        try $0.scalar("SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.external_id = 'doc'").int ?? -1
                    }
                    seen.append(Int(n))
                }
                return seen
            }
            var all: [Int] = []
            for try await part in group { all += part }
            return all
        }
        #expect(counts.allSatisfy { $0 == 3 || $0 == 5 }, "saw \(Set(counts))")
    }
}

/// The CLI's batch files refuse a document with a key given twice (however it is escaped) or
/// nested past the limit, like the API does.
@Suite struct BatchDuplicateKeyTests {
    @Test(arguments: [
        (#"{"id": "a", "text": "t", "acl": {"allow": ["role:eng"], "deny": ["user:bob"], "deny": []}}"#, "duplicate_key"),
        (#"{"id": "a", "text": "t", "acl": {"allow": ["role:eng"], "deny": ["user:bob"], "d\u0065ny": []}}"#, "duplicate_key"),
        (
            #"{"id": "a", "text": "t", "metadata": "# + String(repeating: "{\"a\":", count: 32_768) + "1" + String(repeating: "}", count: 32_768) + "}",
            "invalid_json"
        )
    ])
    func aRefusedDocumentSaysWhy(line: String, expected: String) {
        guard case .unusable(_, let code, _) = NDJSONBatch.item(from: Data(line.utf8), label: "a.ndjson:1", defaultACL: nil, maxBytes: 1 << 20) else {
            Issue.record("accepted"); return
        }
        #expect(code == expected)
    }
}
