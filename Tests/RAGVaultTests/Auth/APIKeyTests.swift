import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// API keys: identity comes only from a verified key; the catalog keeps no secret; every
/// refusal looks the same; revocation and expiry hold from the next request, in any process.
@Suite struct APIKeyTests {
    static func setUp(_ dir: TemporaryDirectory) throws -> Vault {
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.createTenant("globex")
        try vault.store(for: "acme").putDocument(RetrieverTests.doc("eng-doc", ["walrus runbook"], allow: ["role:eng"]))
        try vault.store(for: "acme").putDocument(RetrieverTests.doc("hr-doc", ["walrus salaries"], allow: ["role:hr"]))
        return vault
    }

    @Test func aKeyIsItsPrincipalAndNothingElse() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.setUp(dir)
        defer { vault.close() }
        let (key, record) = try vault.createAPIKey(tenant: "acme", subject: "Alice", roles: ["Eng"], scopes: [.search])
        #expect(key.hasPrefix("rvk_\(record.id)_"))
        let credential = try vault.authenticate(apiKey: key)
        #expect(
            credential.principal
                == Principal(
                    tenant: "acme", subject: "user:alice", roles: ["role:eng"], groups: [], scopes: [.search],
                    keyID: record.id))
        let results = try Retriever(vault: vault).search(SearchRequest(query: "walrus"), as: try #require(credential.principal))
        #expect(results.results.map(\.documentID) == ["eng-doc"])
        // The catalog holds neither the key nor its secret, and listings never show them.
        // Everything after "rvk_<id>_": the secret's own alphabet may hold "_" too.
        let secret = String(key.dropFirst("rvk_\(record.id)_".count))
        #expect(secret.count >= 32)
        let stored = try StoreOpener.openEncrypted(path: vault.catalogPath, key: try vault.catalogKey(), label: "copy")
        defer { stored.close() }
        let rows = try stored.query("SELECT * FROM api_keys").flatMap { $0.compactMap { $0.string ?? $0.bytes.map { String(decoding: $0, as: UTF8.self) } } }
        #expect(!rows.joined().contains(secret) && !rows.joined().contains(key))
        let listing = String(decoding: try JSONEncoder().encode(try vault.apiKeys(tenant: "acme")), as: UTF8.self)
        #expect(listing.contains(record.id) && !listing.contains(secret))
    }

    @Test func everyRefusalLooksTheSame() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.setUp(dir)
        defer { vault.close() }
        let (key, _) = try vault.createAPIKey(tenant: "acme", subject: "alice", roles: ["eng"], scopes: [.search])
        let (other, _) = try vault.createAPIKey(tenant: "globex", subject: "bob", roles: ["eng"], scopes: [.search])
        let flipped = String(key.dropLast()) + (key.last == "A" ? "B" : "A")
        let unknownID = "rvk_0000000000000000_" + key.suffix(43)
        let mixed = String(key.prefix(21)) + String(other.suffix(43)) // acme's id, globex's secret
        var messages = Set<String>()
        for bad in [flipped, unknownID, mixed, "rvk_short", "", "Bearer " + key, key + "x"] {
            do {
                _ = try vault.authenticate(apiKey: bad)
                Issue.record("accepted \(bad.prefix(12))…")
            } catch let error as RAGVaultError {
                #expect(error.code == .unauthenticated)
                messages.insert(error.message)
            }
        }
        #expect(messages.count == 1)
        #expect(!(messages.first ?? "").contains("rvk_"))
    }

    @Test func revocationAndExpiryHoldFromTheNextRequestEverywhere() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.setUp(dir)
        defer { vault.close() }
        let (key, record) = try vault.createAPIKey(tenant: "acme", subject: "alice", roles: ["eng"], scopes: [.search])
        #expect(throws: Never.self) { _ = try vault.authenticate(apiKey: key) }
        // Revoked through another process's view of the same directory.
        let revoke = try CLIBinary.run(["apikey", "revoke", record.id, "--data", dir.file("data")])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(throws: RAGVaultError.self) { _ = try vault.authenticate(apiKey: key) }

        let (expiring, _) = try vault.createAPIKey(
            tenant: "acme", subject: "alice", roles: ["eng"], scopes: [.search],
            expiresAt: Date().addingTimeInterval(3600))
        #expect(throws: Never.self) { _ = try vault.authenticate(apiKey: expiring) }
        #expect(throws: RAGVaultError.self) { _ = try vault.authenticate(apiKey: expiring, now: Date().addingTimeInterval(7200)) }
    }

    @Test func operatorKeysHoldNoTenantAndKeysSurviveRotationButNotDeletion() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.setUp(dir)
        defer { vault.close() }
        let (op, _) = try vault.createOperatorKey()
        let credential = try vault.authenticate(apiKey: op)
        #expect(credential.isOperator && credential.principal == nil && credential.scopes == [.operator])
        #expect(throws: RAGVaultError.self) { _ = try vault.createAPIKey(tenant: "acme", subject: nil, roles: [], scopes: [.search]) }
        #expect(throws: RAGVaultError.self) { _ = try vault.createAPIKey(tenant: "acme", subject: "a", roles: [], scopes: [.operator]) }

        let (key, _) = try vault.createAPIKey(tenant: "globex", subject: "bob", roles: ["eng"], scopes: [.search, .ingest])
        try vault.rotateMasterKey(to: .generatedKeyFile)
        #expect(try vault.authenticate(apiKey: key).principal?.tenant == "globex")
        try vault.deleteTenant("globex")
        #expect(throws: RAGVaultError.self) { _ = try vault.authenticate(apiKey: key) }
    }

    @Test func theCLIPrintsAKeyOnceAndListsWithoutSecrets() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.setUp(dir)
        vault.close()
        let data = dir.file("data")
        let created = try CLIBinary.run([
            "apikey", "create", "--tenant", "acme", "--subject", "user:alice", "--roles", "eng",
            "--scopes", "search", "--expires", "30d", "--data", data
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(APIKeySecret.parse(key) != nil)
        let list = try CLIBinary.run(["apikey", "list", "--tenant", "acme", "--data", data])
        #expect(list.stdout.contains("user:alice") && !list.stdout.contains(String(key.suffix(43))))
        #expect(try CLIBinary.run(["apikey", "create", "--data", data]).status != 0) // neither --tenant nor --operator
    }
}
