import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// `ragvault index` killed with SIGKILL mid-run leaves every document wholly old or wholly
/// new (content hash and chunk count of one version), and the store passes integrity checks.
@Suite struct IndexCrashTests {
    static func tree(_ root: String, version: Int) throws {
        try IndexerTests.write(["ragvault.acl.json": #"{"allow": ["role:eng"]}"#], in: root)
        for i in 0..<150 {
            let sections = (0..<(3 + (i + version) % 4)).map { s in
                "## Section \(s)\n\n" + (0..<40).map { "v\(version) doc \(i) word\((i * 7 + s * 13 + $0) % 500)" }.joined(separator: " ")
            }.joined(separator: "\n\n")
            try IndexerTests.write(["d\(i).md": "# Doc \(i) v\(version)\n\n\(sections)"], in: root)
        }
    }

    /// content hash → chunk count for every document of a tree, as the pipeline computes them.
    static func expectations(_ root: String, vault: Vault) throws -> [String: (String, Int)] {
        let preparer = try vault.indexer(for: "acme").preparer
        var result: [String: (String, Int)] = [:]
        try DirectorySource(paths: [root]).forEach { item, _ in
            guard case .document(let doc) = item else { return }
            let hash = preparer.contentHash(of: doc)
            let (record, _) = try preparer.prepare(doc, acl: doc.acl!, contentHash: hash)
            result[doc.externalID] = (hash, record.chunks.count)
        }
        return result
    }

    @Test func killedIndexRunLeavesEveryDocumentWhole() throws {
        let dir = try TemporaryDirectory()
        let key = try KeyHierarchyTests.base64Key()
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .provided(base64: key))
        try vault.createTenant("acme")
        let v1 = dir.file("v1"), v2 = dir.file("v2")
        try Self.tree(v1, version: 1)
        try Self.tree(v2, version: 2)
        let expected1 = try Self.expectations(v1, vault: vault)
        let expected2 = try Self.expectations(v2, vault: vault)
        vault.close()
        let env = ["RAGVAULT_MASTER_KEY": key]
        #expect(try CLIBinary.run(["index", "--tenant", "acme", "--data", data, v1], environment: env).status == 0)

        var random = SplitMix64(seed: killPointSeed("IndexCrashTests"))
        for iteration in 0..<4 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIBinary.path)
            process.arguments = ["index", "--tenant", "acme", "--data", data, iteration % 2 == 0 ? v2 : v1]
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(60_000 + random.next() % 250_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let opened = try Vault.open(at: data, environment: env)
            defer { opened.close() }
            let store = try opened.store(for: "acme")
            #expect(try store.integrityProblems().isEmpty)
            let rows = try store.withConnection {
                try $0.query("SELECT d.external_id, d.content_hash, (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) FROM documents d")
            }
            #expect(rows.count == 150)
            var mixed = 0
            for row in rows {
                let id = row[0].string ?? "", hash = row[1].string ?? "", chunks = Int(row[2].int ?? -1)
                let ok = [expected1[id], expected2[id]].contains { $0?.0 == hash && $0?.1 == chunks }
                #expect(ok, "iteration \(iteration): \(id) is neither version whole")
                if expected2[id]?.0 == hash { mixed += 1 }
            }
            _ = mixed
        }
    }
}
