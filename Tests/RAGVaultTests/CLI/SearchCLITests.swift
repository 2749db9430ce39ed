import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// `docs` output through the redactor, `query --match`, `settings`, and many processes
/// reading while another writes.
@Suite struct SearchCLITests {
    static func data(_ dir: TemporaryDirectory) throws -> String {
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.store(for: "acme").putDocument(
            DocumentRecord(
                externalID: "contact", title: "Owner dana.ross@example.org", source: "mailto:dana.ross@example.org", contentHash: "c",
                acl: AccessList(allow: ["role:eng"]),
                chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: 30, text: "escalation walrus contact for billing")]))
        vault.close()
        return data
    }

    @Test func docsRedactsTitlesUnlessAskedNotTo() throws {
        let dir = try TemporaryDirectory()
        let data = try Self.data(dir)
        let docs = try CLIBinary.run(["docs", "--tenant", "acme", "--data", data, "--json"])
        #expect(docs.status == 0, "\(docs.stderr)")
        #expect(!docs.stdout.contains("dana.ross") && docs.stdout.contains("[REDACTED:EMAIL]"))
        let raw = try CLIBinary.run(["docs", "--tenant", "acme", "--data", data, "--unredacted"])
        #expect(raw.stdout.contains("dana.ross@example.org"))
    }

    @Test func matchModesAndSettings() throws {
        let dir = try TemporaryDirectory()
        let data = try Self.data(dir)
        let base = ["query", "--tenant", "acme", "--data", data, "--as", "ann", "--roles", "eng", "--json"]
        let natural = try CLIBinary.run(base + ["walrus migration plans"])
        #expect(natural.stdout.contains("\"contact\""), "\(natural.stderr)")
        let all = try CLIBinary.run(base + ["--match", "all", "walrus migration plans"])
        #expect(all.status == 0 && !all.stdout.contains("\"contact\""))
        let settings = try CLIBinary.run(["settings", "set", "--tenant", "acme", "--data", data], stdin: #"{"stopwords": ["walrus"], "min_search_ms": 30}"#)
        #expect(settings.status == 0, "\(settings.stderr)")
        let floored = try CLIBinary.run(base + ["walrus billing"])
        let took = try JSONSerialization.jsonObject(with: Data(floored.stdout.utf8)) as? [String: Any]
        #expect((took?["took_ms"] as? Double ?? 0) >= 30)
        #expect(try CLIBinary.run(base + ["walrus"]).stderr.contains("query_invalid"), "walrus is a stopword now")
        let typo = try CLIBinary.run(["settings", "set", "--tenant", "acme", "--data", data], stdin: #"{"min_serch_ms": 30}"#)
        #expect(typo.status != 0 && typo.stderr.contains("min_serch_ms"))
    }

    /// Readers never fail because of other readers, a writer or key rotations in other processes.
    @Test func parallelQueriesBesideAnIndexRunNeverFail() throws {
        let dir = try TemporaryDirectory()
        let data = try Self.data(dir)
        let corpus = dir.file("corpus")
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for i in 0..<120 {
            try "# Note \(i)\n\n".appending(String(repeating: "walrus billing note \(i) ", count: 60))
                .write(toFile: corpus + "/n\(i).md", atomically: true, encoding: .utf8)
        }
        let group = DispatchGroup()
        final class Failures: @unchecked Sendable { // guarded by `lock`
            let lock = NSLock()
            var all: [String] = []
            var internalErrors: [String] = []
            func add(_ s: String, mayFail: Bool) {
                lock.lock()
                if !mayFail { all.append(s) }
                if s.contains("[internal]") || s.contains("database is locked") { internalErrors.append(s) }
                lock.unlock()
            }
        }
        let failures = Failures()
        // Readers must never fail; the writer and the rotations may lose a race only with a
        // clear code (store_retired, busy), never `internal`.
        func launch(_ arguments: [String], mayFail: Bool = false, in group: DispatchGroup = group) {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                let result = try? CLIBinary.run(arguments)
                if result?.status != 0 {
                    failures.add(result?.stderr ?? "did not run", mayFail: mayFail)
                }
            }
        }
        launch(["index", "--tenant", "acme", "--data", data, "--allow", "role:eng", corpus], mayFail: true)
        // Rounds, each waiting for the one before (not a timer), so the index run overlaps them.
        for round in 0..<6 {
            let roundGroup = DispatchGroup()
            for _ in 0..<12 { launch(["query", "--tenant", "acme", "--data", data, "--as", "ann", "--roles", "eng", "walrus billing"], in: roundGroup) }
            if round % 2 == 1 { launch(["docs", "--tenant", "acme", "--data", data], in: roundGroup) }
            if round == 2 || round == 4 { launch(["tenant", "rotate-key", "acme", "--data", data], mayFail: true, in: roundGroup) }
            roundGroup.wait()
        }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(failures.internalErrors.isEmpty, "\(failures.internalErrors)")
    }
}
