import Foundation
import RAGVaultTestSupport
import Testing
@testable import RAGVault

/// `vectors set|show`, a batch with embeddings through `index`, and `query --match vector`.
@Suite struct VectorCLITests {
    @Test func configureIndexAndQuery() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        vault.close()
        let set = try CLIBinary.run(["vectors", "set", "--tenant", "acme", "--data", data, "--model", "m1", "--dims", "3"])
        #expect(set.status == 0, "\(set.stderr)")
        let batch = dir.file("batch.ndjson")
        try """
        {"id": "north", "text": "the northern depot", "acl": {"allow": ["role:eng"]}, "embedding": [1, 0, 0]}
        {"id": "south", "text": "the southern depot", "acl": {"allow": ["role:eng"]}, "embedding": [0, 1, 0]}
        {"id": "bad", "text": "a wrong vector", "acl": {"allow": ["role:eng"]}, "embedding": [0, 1]}

        """.write(toFile: batch, atomically: true, encoding: .utf8)
        let index = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--json", batch])
        #expect(index.stdout.contains("invalid_embedding"), "\(index.stdout) \(index.stderr)")
        let show = try CLIBinary.run(["vectors", "show", "--tenant", "acme", "--data", data])
        let status = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect(status?["stored"] as? Int == 2, "\(show.stdout) \(show.stderr)")
        let base = ["query", "--tenant", "acme", "--data", data, "--roles", "eng"]
        let query = try CLIBinary.run(base + ["--match", "vector", "--vector", "[0.1, 1, 0]", "--json", ""])
        let result = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [String: Any]
        #expect(result?["search_mode"] as? String == "vector", "\(query.stdout) \(query.stderr)")
        #expect((result?["results"] as? [[String: Any]])?.first?["document_id"] as? String == "south")
        let plain = try CLIBinary.run(base + ["--vector", "[1, 0, 0]", "depot"])
        #expect(plain.stdout.contains("vector rank 1"), "\(plain.stdout) \(plain.stderr)")
        let wrong = try CLIBinary.run(base + ["--vector", "[1, 0]", "depot"])
        #expect(wrong.status != 0 && wrong.stderr.contains("query_invalid"))
        let typo = try CLIBinary.run(["vectors", "set", "--tenant", "acme", "--data", data, "--model", "m1", "--dims", "0"])
        #expect(typo.status != 0 && typo.stderr.contains("dims"))
    }
}
