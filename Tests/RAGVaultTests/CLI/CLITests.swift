import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// The real `ragvault` binary: set-up commands, doctor's exit codes, clear errors.
@Suite struct CLITests {
    @Test func initTenantsDoctorAndRotation() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        let initResult = try CLIBinary.run(["init", "--data", data])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        for tenant in ["acme", "globex"] {
            #expect(try CLIBinary.run(["tenant", "create", tenant, "--data", data]).status == 0)
        }
        let list = try CLIBinary.run(["tenant", "list", "--data", data, "--json"])
        #expect(list.stdout.contains("\"acme\"") && list.stdout.contains("\"globex\""))
        #expect(try CLIBinary.run(["tenant", "rotate-key", "acme", "--data", data]).status == 0)
        #expect(try CLIBinary.run(["key", "rotate-master", "--data", data]).status == 0)
        let doctor = try CLIBinary.run(["doctor", "--data", data])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stdout.contains("tenant 'acme'") && doctor.stdout.contains("healthy"))

        // Files created by the CLI are private.
        for file in dir.allFiles() {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int ?? 0
            #expect(mode & 0o077 == 0, "\(file) has mode \(String(mode, radix: 8))")
        }

        // Deleting asks for confirmation; "no" keeps the tenant.
        let refused = try CLIBinary.run(["tenant", "delete", "globex", "--data", data], stdin: "n\n")
        #expect(refused.status != 0)
        #expect(try CLIBinary.run(["tenant", "delete", "globex", "--data", data, "--yes"]).status == 0)
        #expect(!(try CLIBinary.run(["tenant", "list", "--data", data]).stdout.contains("globex")))
    }

    @Test func identityProvidersAreAddedListedAndRemoved() async throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        #expect(try CLIBinary.run(["init", "--data", data]).status == 0)
        #expect(try CLIBinary.run(["tenant", "create", "acme", "--data", data]).status == 0)
        let idp = try await TestIdentityProvider.make(issuer: "https://idp.acme.test", audience: "ragvault-acme", keys: [.ec])
        try Data(idp.jwks.utf8).write(to: URL(fileURLWithPath: dir.file("jwks.json")))
        let add = try CLIBinary.run([
            "idp", "add", "--data", data, "--tenant", "acme", "--issuer", idp.issuer, "--audience", idp.audience, "--jwks", dir.file("jwks.json"),
            "--roles-claim", "realm_access.roles"
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let list = try CLIBinary.run(["idp", "list", "--data", data, "--tenant", "acme", "--json"])
        #expect(list.stdout.contains("\"issuer\" : \"https:\\/\\/idp.acme.test\"") || list.stdout.contains("idp.acme.test"), "\(list.stdout)")
        #expect(list.stdout.contains("realm_access.roles"))
        // Clear errors: a missing JWKS file, both key sources, an unknown issuer to remove.
        let missing = try CLIBinary.run([
            "idp", "add", "--data", data, "--tenant", "acme", "--issuer", "i", "--audience", "a", "--jwks", dir.file("nope.json")
        ])
        #expect(missing.status != 0 && missing.stderr.contains("invalid_input"), "\(missing.stderr)")
        let both = try CLIBinary.run([
            "idp", "add", "--data", data, "--tenant", "acme", "--issuer", "i", "--audience", "a", "--jwks", dir.file("jwks.json"),
            "--jwks-url", "https://idp.test/jwks"
        ])
        #expect(both.status != 0 && both.stderr.contains("invalid_input"))
        let unknown = try CLIBinary.run(["idp", "remove", "--data", data, "--tenant", "acme", "--issuer", "https://other.test"])
        #expect(unknown.status != 0 && unknown.stderr.contains("not_found"))
        #expect(try CLIBinary.run(["idp", "remove", "--data", data, "--tenant", "acme", "--issuer", idp.issuer]).status == 0)
        #expect(try CLIBinary.run(["idp", "list", "--data", data, "--tenant", "acme"]).stdout.contains("trusts no identity provider"))
        // The changes, and the refused one, are on record in the tenant's audit log.
        let vault = try Vault.open(at: data)
        defer { vault.close() }
        let writes = try vault.auditRecords(tenant: "acme").records.filter { $0.action == "idp.write" }
        #expect(writes.filter { $0.outcome == "ok" }.count == 2 && writes.contains { $0.outcome != "ok" && $0.code == "invalid_input" })
    }

    @Test func doctorFailsOnATamperedStore() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        let store = try vault.store(for: "acme")
        for i in 0..<30 { try store.putDocument(Fixtures.document("d\(i)", text: String(repeating: "word \(i) ", count: 200))) }
        try store.checkpoint()
        let path = vault.storePath(try vault.tenantRecord("acme"))
        vault.close()
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[3 * 4096 + 77] ^= 0x04
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let doctor = try CLIBinary.run(["doctor", "--data", data, "--json"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("store_tampered"))
        #expect(doctor.stdout.contains("page 4"))
    }

    @Test func errorsAreOneClearLineWithACode() throws {
        let dir = try TemporaryDirectory()
        let missing = try CLIBinary.run(["tenant", "list", "--data", dir.file("nope")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("[data_dir_invalid]"))
        let data = dir.file("data")
        _ = try CLIBinary.run(["init", "--data", data])
        let bad = try CLIBinary.run(["tenant", "create", "../evil", "--data", data])
        #expect(bad.stderr.contains("[tenant_name_invalid]"))
        let wrong = try CLIBinary.run(
            ["tenant", "list", "--data", data],
            environment: ["RAGVAULT_MASTER_KEY": try KeyHierarchyTests.base64Key()])
        #expect(wrong.stderr.contains("[wrong_master_key]"))
        #expect(!wrong.stderr.contains(try String(contentsOfFile: data + "/master.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
