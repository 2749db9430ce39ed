import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Master key sources, wrong and missing keys, permissions, rotations and crypto-shredding.
@Suite struct KeyHierarchyTests {
    static func base64Key() throws -> String { try Fixtures.key().withUnsafeBytes { Data($0).base64EncodedString() } }

    static func populated(_ dir: TemporaryDirectory, source: Vault.NewKeySource = .generatedKeyFile) throws -> (Vault, String) {
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: source)
        for tenant in ["acme", "globex"] {
            try vault.createTenant(tenant)
            try vault.store(for: tenant).putDocument(Fixtures.document("\(tenant)-1", text: "\(tenant) quarterly plan", chunks: 2))
        }
        return (vault, data)
    }

    static func code(_ body: () throws -> Void) -> RAGVaultError.Code? {
        do { try body(); return nil } catch let error as RAGVaultError { return error.code } catch { return .internalError }
    }

    @Test func keyFileModeRoundTripsAndChecksPermissions() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try Self.populated(dir)
        vault.close()
        let keyFile = data + "/master.key"
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: data)[.posixPermissions] as? Int == 0o700)
        let reopened = try Vault.open(at: data, environment: [:])
        #expect(try reopened.store(for: "acme").documentCount() == 1)
        reopened.close()

        chmod(keyFile, 0o644)
        #expect(Self.code { _ = try Vault.open(at: data, environment: [:]) } == .insecurePermissions)
        chmod(keyFile, 0o600)
        chmod(data, 0o755)
        #expect(Self.code { _ = try Vault.open(at: data, environment: [:]) } == .insecurePermissions)
        chmod(data, 0o700)
        try FileManager.default.moveItem(atPath: keyFile, toPath: dir.file("elsewhere.key"))
        #expect(Self.code { _ = try Vault.open(at: data, environment: [:]) } == .masterKeyMissing)
    }

    @Test func wrongMasterKeyIsRejectedWithoutTouchingFiles() throws {
        let dir = try TemporaryDirectory()
        let key = try Self.base64Key()
        let (vault, data) = try Self.populated(dir, source: .provided(base64: key))
        vault.close()
        let before = try dir.allFiles().map { ($0, try Data(contentsOf: URL(fileURLWithPath: $0))) }
        #expect(Self.code { _ = try Vault.open(at: data, environment: ["RAGVAULT_MASTER_KEY": try Self.base64Key()]) } == .wrongMasterKey)
        #expect(Self.code { _ = try Vault.open(at: data, environment: ["RAGVAULT_MASTER_KEY": "not base64!"]) } == .masterKeyInvalid)
        #expect(Self.code { _ = try Vault.open(at: data, environment: [:]) } == .masterKeyMissing)
        for (path, bytes) in before { #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(path) changed") }
        let right = try Vault.open(at: data, environment: ["RAGVAULT_MASTER_KEY": key])
        #expect(try right.store(for: "globex").documentCount() == 1)
        right.close()
    }

    @Test func passphraseMode() throws {
        let dir = try TemporaryDirectory()
        let phrase = "correct horse battery staple"
        let (vault, data) = try Self.populated(dir, source: .passphrase(phrase, interactive: true))
        vault.close()
        let manifest = try String(contentsOfFile: data + "/vault.json", encoding: .utf8)
        #expect(!manifest.contains(phrase))
        #expect(Self.code { _ = try Vault.open(at: data, environment: [:]) } == .masterKeyMissing)
        #expect(Self.code { _ = try Vault.open(at: data, environment: ["RAGVAULT_PASSPHRASE": "wrong passphrase here"]) } == .wrongMasterKey)
        let opened = try Vault.open(at: data, environment: ["RAGVAULT_PASSPHRASE": phrase])
        #expect(try opened.store(for: "acme").documentCount() == 1)
        opened.close()
    }

    @Test func masterRotationRewrapsKeysAndRetiresTheOldKey() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try Self.populated(dir)
        let oldKey = try String(contentsOfFile: data + "/master.key", encoding: .utf8)
        try vault.rotateMasterKey(to: .generatedKeyFile)
        #expect(try vault.store(for: "acme").documentCount() == 1)
        vault.close()
        #expect(!FileManager.default.fileExists(atPath: data + "/master.key"))
        #expect(!FileManager.default.fileExists(atPath: data + "/catalog.db"))
        let reopened = try Vault.open(at: data, environment: [:])
        #expect(try reopened.store(for: "globex").documentCount() == 1)
        #expect(Doctor.run(at: data, environment: [:]).healthy)
        reopened.close()
        #expect(Self.code { _ = try Vault.open(at: data, environment: ["RAGVAULT_MASTER_KEY": oldKey]) } == .wrongMasterKey)

        // To an operator-held key: the old key file goes away and the env key opens it.
        let newKey = try Self.base64Key()
        let again = try Vault.open(at: data, environment: [:])
        try again.rotateMasterKey(to: .provided(base64: newKey))
        again.close()
        #expect(Self.code { _ = try Vault.open(at: data, environment: [:]) } == .masterKeyMissing)
        let env = try Vault.open(at: data, environment: ["RAGVAULT_MASTER_KEY": newKey])
        #expect(try env.store(for: "acme").documentCount() == 1)
        env.close()
    }

    @Test func tenantKeyRotationReencryptsIntoANewFile() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try Self.populated(dir)
        defer { vault.close() }
        let before = try vault.tenantRecord("acme")
        let oldPath = vault.storePath(before)
        let oldKey = try vault.unwrapKey(before)
        let after = try vault.rotateTenantKey("acme")
        #expect(after.keyVersion == before.keyVersion + 1)
        #expect(after.fileName != before.fileName)
        #expect(!FileManager.default.fileExists(atPath: oldPath))
        let store = try vault.store(for: "acme")
        #expect(try store.documentCount() == 1)
        #expect(try store.integrityProblems().isEmpty)
        // The new file does not open under the old key.
        try store.checkpoint()
        #expect(throws: RAGVaultError.self) { _ = try VaultVFS.verifyFile(at: vault.storePath(after), key: oldKey, label: "old") }
        #expect(Doctor.run(at: data, environment: [:]).healthy)
    }

    @Test func deletedTenantCannotBeDecryptedWithAnyRemainingKey() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try Self.populated(dir)
        defer { vault.close() }
        let record = try vault.tenantRecord("acme")
        let store = try vault.store(for: "acme")
        try store.checkpoint()
        let stolen = dir.file("stolen.db")
        try FileManager.default.copyItem(atPath: vault.storePath(record), toPath: stolen)
        try vault.deleteTenant("acme")
        #expect(!FileManager.default.fileExists(atPath: vault.storePath(record)))
        #expect(Self.code { _ = try vault.store(for: "acme") } == .tenantNotFound)
        #expect(Self.code { try store.putDocument(Fixtures.document("x", text: "y")) } == .storeIO)
        // Every key the system still holds: the master, the catalog key, every tenant key.
        var keys = [try vault.catalogKey()]
        for tenant in try vault.tenants() { keys.append(try vault.unwrapKey(tenant)) }
        let master = try KeyFileProvider(path: data + "/master.key").masterKey()
        keys.append(master)
        for key in keys {
            #expect(throws: RAGVaultError.self) { _ = try VaultVFS.verifyFile(at: stolen, key: key, label: "stolen") }
            #expect(throws: RAGVaultError.self) { _ = try TenantStore.openOrCreate(tenant: "acme", path: stolen, key: key) }
        }
        // The catalog no longer holds the wrapped key, in its file or its WAL.
        #expect(try vault.tenants().map(\.name) == ["globex"])
        let catalogFiles = dir.allFiles().filter { $0.contains("catalog") }
        for file in catalogFiles {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(record.wrappedKey)) == nil)
        }
    }

    @Test func tenantNamesAreValidated() throws {
        let dir = try TemporaryDirectory()
        let (vault, _) = try Self.populated(dir)
        defer { vault.close() }
        for bad in ["", "../etc", "Acme", "a b", "-lead", String(repeating: "a", count: 64), "acme/x", "é"] {
            #expect(Self.code { try vault.createTenant(bad) } == .tenantNameInvalid, "\(bad)")
        }
        #expect(Self.code { try vault.createTenant("acme") } == .tenantExists)
        #expect(Self.code { _ = try vault.store(for: "nobody") } == .tenantNotFound)
        try vault.createTenant(String(repeating: "a", count: 63))
    }

    @Test func initRefusesExistingDirectories() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try Self.populated(dir)
        vault.close()
        #expect(Self.code { _ = try Vault.initialize(at: data, keySource: .generatedKeyFile) } == .alreadyInitialised)
        try "x".write(toFile: dir.file("file"), atomically: true, encoding: .utf8)
        #expect(Self.code { _ = try Vault.initialize(at: dir.path, keySource: .generatedKeyFile) } == .dataDirectoryInvalid)
    }
}
