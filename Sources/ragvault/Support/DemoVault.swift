import Foundation
import RAGVault

/// The demo behind `ragvault serve --demo`: the fixture tenants indexed into a private data
/// directory, and one key per demo principal (new keys each start, printed once).
enum DemoVault {
    struct DemoKey { let who: String; let tenant: String; let key: String }

    static func prepare(at directory: String, fixtures: String) throws -> Vault {
        let vault =
            FileManager.default.fileExists(atPath: directory + "/vault.json")
            ? try Vault.open(at: directory)
            : try Vault.initialize(at: directory, keySource: .generatedKeyFile)
        let existing = Set(try vault.tenants().map(\.name))
        for tenant in ["acme", "globex"] {
            if !existing.contains(tenant) { _ = try vault.createTenant(tenant) }
            let folder = fixtures + "/" + tenant
            guard FileManager.default.fileExists(atPath: folder) else {
                throw RAGVaultError(.invalidInput, "--demo needs the fixtures at \(folder) (run from the repository, or give --fixtures)")
            }
            try optIntoEmbeddedModel(vault, tenant: tenant)
            let (summary, _) = try IndexPipeline(indexer: try vault.indexer(for: tenant)).run(DirectorySource(paths: [folder]))
            FileHandle.standardError.write(
                Data(
                    "demo: \(tenant): \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.skipped.count) skipped\n"
                        .utf8))
        }
        return vault
    }

    /// The demo tenants search hybrid with the embedded model when `make` has fetched it. A
    /// tenant indexed before without vectors is emptied first, so every chunk gets one.
    static func optIntoEmbeddedModel(_ vault: Vault, tenant: String) throws {
        guard SentenceEncoder.defaultDirectory() != nil else {
            FileHandle.standardError.write(Data("demo: \(tenant): text search only (the embedded model is not installed: run make)\n".utf8))
            return
        }
        guard try vault.vectorStatus(for: tenant).config != .embedded else { return }
        try vault.setVectorConfig(.embedded, for: tenant)
        _ = try vault.store(for: tenant).deleteDocuments(notIn: [])
    }

    /// Where the ids of the keys of the last start are kept, to revoke them at the next.
    static let keyListFile = "demo-keys.json"

    /// New demo keys; the previous start's are revoked first, so restarts do not pile up
    /// valid keys (keys made otherwise in the demo directory are left alone).
    static func keys(_ vault: Vault, directory: String) throws -> [DemoKey] {
        let list = directory + "/" + keyListFile
        if let data = FileManager.default.contents(atPath: list), let ids = try? JSONDecoder().decode([String].self, from: data) {
            for id in ids { try? vault.revokeAPIKey(id: id) }
        }
        var ids: [String] = []
        func key(_ who: String, _ tenant: String, _ subject: String, _ roles: [String], _ scopes: Set<Scope>) throws -> DemoKey {
            let made = try vault.createAPIKey(tenant: tenant, subject: subject, roles: roles, scopes: scopes)
            ids.append(made.record.id)
            return DemoKey(who: who, tenant: tenant, key: made.key)
        }
        let operatorKey = try vault.createOperatorKey()
        ids.append(operatorKey.record.id)
        let keys = [
            try key("alice (acme, role:eng, role:employee)", "acme", "alice", ["eng", "employee"], [.search]),
            try key("carol (acme, role:hr, role:employee)", "acme", "carol", ["hr", "employee"], [.search]),
            try key("acme admin (search, ingest, admin as role:employee)", "acme", "admin", ["employee"], [.search, .ingest, .admin]),
            try key("dana (globex, role:staff)", "globex", "dana", ["staff"], [.search]),
            DemoKey(who: "operator (tenants, rotation)", tenant: "-", key: operatorKey.key)
        ]
        try JSONEncoder().encode(ids).write(to: URL(fileURLWithPath: list))
        return keys
    }

    static func printWelcome(keys: [DemoKey], base: String, directory: String) {
        var text = "\nRAGVault demo: \(directory)\nKeys (shown once; new ones each start):\n"
        for k in keys { text += "  \(k.who)\n    \(k.key)\n" }
        let alice = keys.first?.key ?? "rvk_…"
        let admin = keys.count > 2 ? keys[2].key : alice
        text += """

            Try:
              curl -s \(base)/v1/search -H 'Authorization: Bearer \(alice)' \\
                   -H 'Content-Type: application/json' -d '{"query": "rotate the signing key", "top_k": 3}'
              curl -s \(base)/v1/documents/engineering%2Fdeploy-runbook.md -H 'Authorization: Bearer \(admin)'
              curl -s \(base)/openapi.yaml
            Stop with Ctrl-C.

            """
        FileHandle.standardError.write(Data((text + "\n").utf8)) // stdout is the JSON log
    }
}
