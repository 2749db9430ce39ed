/// Copies a tenant store into a new encrypted file under another key and proves the copy
/// before anyone relies on it: SQLite and FTS5 integrity checks, equal document and chunk
/// counts, and authentication of every page of the new file.
enum TenantStoreCopier {
    static func copy(_ source: TenantStore, toNewStoreAt path: String, key: SecureBytes) throws {
        let target = try StoreOpener.openEncrypted(path: path, key: key, label: "tenant '\(source.tenant)' (new key)")
        defer { target.close() }
        try source.withConnection { try Backup.copy(from: $0, to: target) }
        _ = try target.query("PRAGMA wal_checkpoint(TRUNCATE)")
        let copy = try TenantStore(tenant: source.tenant, path: path, key: key)
        defer { copy.close() }
        let problems = try copy.integrityProblems()
        guard problems.isEmpty,
              try copy.documentCount() == source.documentCount(),
              try copy.chunkCount() == source.chunkCount() else {
            throw RAGVaultError(.storeConfiguration,
                "re-encrypted copy of tenant '\(source.tenant)' failed verification (\(problems.prefix(3).joined(separator: "; "))); the old store is unchanged")
        }
        copy.close()
        target.close()
        _ = try VaultVFS.verifyFile(at: path, key: key, label: "tenant '\(source.tenant)' (new key)")
    }
}
