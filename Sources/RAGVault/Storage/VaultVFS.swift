import CSQLite
import CVault

/// The page-encryption VFS (C, `CVault`) as seen from Swift: registration and key slots.
public enum VaultVFS {
    /// Name under which the encrypting VFS is registered with SQLite.
    public static let name = "ragvault"
    /// Page size every encrypted store uses; 40 bytes of each page hold nonce and tag.
    public static let pageSize = Int(VAULT_PAGE_SIZE)
    public static let reservedBytes = Int(VAULT_RESERVE_BYTES)

    /// The first use of SQLite in a process that uses the vault: its process-wide settings
    /// go first (`vault_sqlite_configure`: no memory statistics, so no global allocator mutex),
    /// then the VFS. Runs once (a static's initialiser), before any store or catalog opens.
    private static let registration: Int32 = {
        _ = vault_sqlite_configure()
        return vault_vfs_register(name, nil)
    }()

    /// Registers the encrypting VFS `name` over `base` (tests stack it on a recording VFS).
    public static func register(name: String = VaultVFS.name, over base: String? = nil) throws {
        let rc = name == VaultVFS.name && base == nil ? registration : vault_vfs_register(name, base)
        guard rc == SQLITE_OK else {
            throw RAGVaultError(.internalError, "could not register the encrypting VFS '\(name)' (SQLite code \(rc))")
        }
    }

    /// Makes `key` available to the VFS for the duration of `body` under an opaque slot
    /// number, so the key never appears in a path or URI.
    static func withKeySlot<T>(_ key: SecureBytes, _ body: (Int64) throws -> T) throws -> T {
        let slot = key.withUnsafeBytes { vault_keyslot_put($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        guard slot > 0 else { throw RAGVaultError(.internalError, "could not store a key in guarded memory") }
        defer { vault_keyslot_remove(slot) }
        return try body(slot)
    }

    /// Authenticates every page of a closed or checkpointed store file without SQLite.
    /// Returns the number of pages verified; throws `store_tampered` naming the first bad page.
    static func verifyFile(at path: String, key: SecureBytes, label: String) throws -> Int {
        var pages: Int64 = 0
        let result = key.withUnsafeBytes {
            vault_verify_file("unix", path, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &pages)
        }
        if result == 0 { return Int(pages) }
        if result < 0 {
            throw RAGVaultError(
                .storeNotVault, "\(label) store file is unreadable or not an encrypted RAGVault file (size not a multiple of 4096 or header damaged)")
        }
        throw RAGVaultError(
            .storeTampered,
            "\(label) store failed authentication at page \(result): the file was modified or the key is wrong (restore the tenant from a backup)")
    }
}
