import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// `index`, `docs`, `redact`, `policy` and `eval redaction` through the real binary.
@Suite struct IndexCLITests {
    static var fixtures: String { CLIBinary.packageRoot + "/fixtures" }

    @Test func indexesFixturesAndPrintsASummary() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        _ = try CLIBinary.run(["init", "--data", data])
        _ = try CLIBinary.run(["tenant", "create", "acme", "--data", data])
        let first = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--json", Self.fixtures + "/tenants/acme"])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(summary?["added"] as? Int == 9)
        #expect((summary?["skipped"] as? [[String: Any]])?.count == 2)
        #expect((summary?["secrets_scrubbed"] as? Int ?? 0) >= 2)
        let again = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, Self.fixtures + "/tenants/acme"])
        #expect(again.stdout.contains("unchanged 9"))
        let docs = try CLIBinary.run(["docs", "--tenant", "acme", "--data", data, "--id", "hr/salaries-2026.md"])
        #expect(docs.stdout.contains("allow role:hr,role:finance") && docs.stdout.contains("deny user:bob"))
        // --sync that would delete over half the tenant is refused (ids are relative to the
        // indexed root, so hr/… became …): nothing deleted, a clear code, exit 1.
        let refused = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--sync", "--yes", Self.fixtures + "/tenants/acme/hr"])
        #expect(refused.status != 0 && refused.stderr.contains("sync_refused"), "\(refused.stderr)")
        #expect(try CLIBinary.run(["docs", "--tenant", "acme", "--data", data]).stdout.contains("hr/salaries-2026.md"))
        // --sync without a terminal and without --yes keeps documents and says so.
        let sync = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--sync", "--allow-mass-delete", Self.fixtures + "/tenants/acme/hr"])
        #expect(sync.stderr.contains("were kept"))
        let yes = try CLIBinary.run([
            "index", "--tenant", "acme", "--data", data, "--sync", "--yes", "--allow-mass-delete", "--json",
            Self.fixtures + "/tenants/acme/hr"
        ])
        let synced = try JSONSerialization.jsonObject(with: Data(yes.stdout.utf8)) as? [String: Any]
        #expect(synced?["deleted"] as? Int == 9) // ids are relative to the indexed root: hr/… became …
        // Refused input: an unknown principal kind on the command line.
        let bad = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--allow", "admin", Self.fixtures])
        #expect(bad.status != 0)
    }

    @Test func redactPolicyAndEval() throws {
        let dir = try TemporaryDirectory()
        let text = "mail jane@acme.example, key AKIAQ3EGRVNWXK2ZLM7P"
        let plain = try CLIBinary.run(["redact"], stdin: text)
        #expect(plain.stdout == "mail [REDACTED:EMAIL], key [REDACTED:CLOUD_CREDENTIAL]")
        let json = try CLIBinary.run(["redact", "--json"], stdin: text)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let spans = parsed?["spans"] as? [[String: Any]]
        #expect(spans?.first?["start"] as? Int == 5 && spans?.first?["end"] as? Int == 22)

        let data = dir.file("data")
        _ = try CLIBinary.run(["init", "--data", data])
        _ = try CLIBinary.run(["tenant", "create", "acme", "--data", data])
        let rejected = try CLIBinary.run(["policy", "set", "--tenant", "acme", "--data", data], stdin: #"{"pii": {"API_KEY": "allow"}}"#)
        #expect(rejected.status != 0 && rejected.stderr.contains("secret type"))
        let set = try CLIBinary.run(["policy", "set", "--tenant", "acme", "--data", data], stdin: #"{"pii": {"EMAIL": "pseudonymise"}}"#)
        #expect(set.status == 0)
        let tenant = try CLIBinary.run(["redact", "--tenant", "acme", "--data", data], stdin: text)
        #expect(tenant.stdout.contains("[EMAIL_") && tenant.stdout.contains("[REDACTED:CLOUD_CREDENTIAL]"))
        let shown = try CLIBinary.run(["policy", "show", "--tenant", "acme", "--data", data])
        #expect(shown.stdout.contains("pseudonymise"))

        let eval = try CLIBinary.run(["eval", "redaction", "--corpus", Self.fixtures + "/redaction/sample.jsonl", "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
        let types = report?["types"] as? [String: [String: Any]]
        #expect(types?["EMAIL"]?["f1"] as? Double == 1.0)
        #expect(types?["CREDIT_CARD"]?["fp"] as? Int == 0)
        let secrets = report?["secretDocuments"] as? [String: Any]
        #expect(secrets?["tp"] as? Int == 1 && secrets?["fp"] as? Int == 0)
    }
}
