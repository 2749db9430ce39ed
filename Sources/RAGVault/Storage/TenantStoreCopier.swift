/// Copies a tenant store into a new encrypted file under another key and proves the copy
/// before anyone relies on it: SQLite and FTS5 integrity checks, equal document and chunk
/// counts, and authentication of every page of the new file.
enum TenantStoreCopier {
    /// `source` is a connection to the old store, used for nothing else meanwhile.
    static func copy(_ source: Connection, tenant: String, toNewStoreAt path: String, key: SecureBytes) throws {
        let target = try StoreOpener.openEncrypted(path: path, key: key, label: "tenant '\(tenant)' (new key)", creating: true)
        defer { target.close() }
        try Backup.copy(from: source, to: target)
        _ = try target.query("PRAGMA wal_checkpoint(TRUNCATE)")
        let copy = try TenantStore(tenant: tenant, path: path, key: key)
        defer { copy.close() }
        let problems = try copy.integrityProblems()
        let count = { (table: String) in Int(try source.scalar("SELECT count(*) FROM \(table)").int ?? 0) }
        guard problems.isEmpty, try copy.documentCount() == count("documents"), try copy.chunkCount() == count("chunks") else {
            throw RAGVaultError(
                .storeConfiguration,
                "re-encrypted copy of tenant '\(tenant)' failed verification (\(problems.prefix(3).joined(separator: "; "))); the old store is unchanged")
        }
        copy.close()
        target.close()
        _ = try VaultVFS.verifyFile(at: path, key: key, label: "tenant '\(tenant)' (new key)")
    }
}
