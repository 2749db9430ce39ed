import CSQLite
import CVault
import Foundation

/// Opens SQLite files with the connection settings every store needs, applied in one place.
///
/// Encrypted files get: page size 4096 with 40 reserved bytes (set before the first write,
/// then read back — SQLite silently ignores a late change), WAL created without any on-disk
/// rollback journal, `temp_store=MEMORY`, `secure_delete`, no mmap. Plain files (benchmarks
/// and differential tests only) get the same settings minus encryption.
package enum StoreOpener {
    /// Opens an encrypted store at `path` under `key`. Only `creating` makes a new file: a store
    /// the catalog names that is missing or empty is `store_missing`, never recreated empty.
    static func openEncrypted(
        path: String, key: SecureBytes, label: String, creating: Bool = false,
        vfs: String = VaultVFS.name
    ) throws -> Connection {
        if creating {
            // A new store goes where nothing is: never over an existing file.
            if FileManager.default.fileExists(atPath: path) {
                throw RAGVaultError(.storeConfiguration, "\(label) store cannot be created: \(path) already exists")
            }
        } else {
            try requireExisting(path, label: label)
        }
        try VaultVFS.register()
        let connection = try VaultVFS.withKeySlot(key) { slot in
            try Connection(uri: fileURI(path, ["vfs": vfs, "vault_key": String(slot)]), label: label)
        }
        try configure(connection, encrypted: true)
        restrictPermissions(path)
        return connection
    }

    /// A store that must exist: present and not empty (SQLite would take an empty file for a
    /// new database and write a fresh one into it).
    static func requireExisting(_ path: String, label: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == EACCES {
                throw RAGVaultError(
                    .insecurePermissions, "\(label) store at \(path) cannot be read: permission denied (run ragvault as the data directory's owner)")
            }
            throw RAGVaultError(
                .storeMissing,
                "\(label) store file \(path) is missing: it was deleted or moved; restore it from a backup (run 'ragvault doctor')")
        }
        guard info.st_size > 0 else {
            throw RAGVaultError(
                .storeMissing,
                "\(label) store file \(path) is empty: it was truncated; restore it from a backup (run 'ragvault doctor')")
        }
    }

    /// Opens a plain, unencrypted file through the default VFS with the same settings.
    package static func openPlain(path: String, label: String) throws -> Connection {
        let connection = try Connection(uri: fileURI(path, [:]), label: label)
        try configure(connection, encrypted: false)
        return connection
    }

    /// Store files are owner-only (SQLite creates 0644 under the umask); the unix VFS gives
    /// a later -wal/-shm the database file's mode, so fixing the database fixes those too.
    private static func restrictPermissions(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { chmod(path + suffix, 0o600) }
    }

    private static func configure(_ db: Connection, encrypted: Bool) throws {
        try db.execute("PRAGMA page_size=\(VaultVFS.pageSize); PRAGMA temp_store=MEMORY;")
        if encrypted {
            // Ask for the reserve after page_size (which would otherwise re-request 0); on an
            // existing file the header's value wins and is checked below.
            var reserve = Int32(VaultVFS.reservedBytes)
            sqlite3_file_control(db.handle, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve)
        }
        let isNew = try db.scalar("PRAGMA page_count").int == 0
        if isNew && encrypted {
            // The first write creates page 1; MEMORY keeps its rollback journal off the disk.
            try db.execute("PRAGMA journal_mode=MEMORY")
        }
        let mode = try db.scalar("PRAGMA journal_mode=WAL").string
        guard mode == "wal" else {
            throw RAGVaultError(.storeConfiguration, "\(db.label) store could not enter WAL mode (got \(mode ?? "nothing")); run 'ragvault doctor'")
        }
        // wal_autocheckpoint=4000: every checkpointed page costs a decrypt and an encrypt, so
        // checkpointing less often (16 MB of WAL) lets repeated writes of a page coalesce.
        try db.execute(
            """
            PRAGMA secure_delete=ON;
            PRAGMA cache_size=-16000;
            PRAGMA synchronous=FULL;
            PRAGMA foreign_keys=ON;
            PRAGMA trusted_schema=OFF;
            PRAGMA cell_size_check=ON;
            PRAGMA journal_size_limit=67108864;
            PRAGMA wal_autocheckpoint=4000;
            """)
        if encrypted { try verifyLayout(db) }
        // Scoped ranking, phrase masks and the tokenizer bridge (CVault/vault_fts5.c) on every connection.
        guard db.registerRankingFunctions() == SQLITE_OK else {
            throw RAGVaultError(.internalError, "could not register the FTS5 ranking functions on \(db.label)")
        }
    }

    /// Refuses a store whose page layout would leave no room for nonce and tag.
    private static func verifyLayout(_ db: Connection) throws {
        var query = Int32(-1)
        sqlite3_file_control(db.handle, "main", SQLITE_FCNTL_RESERVE_BYTES, &query)
        let pageSize = try db.scalar("PRAGMA page_size").int
        guard query == Int32(VaultVFS.reservedBytes), pageSize == Int64(VaultVFS.pageSize) else {
            throw RAGVaultError(
                .storeConfiguration,
                "\(db.label) store has page size \(pageSize ?? 0) and \(query) reserved bytes, expected \(VaultVFS.pageSize) and \(VaultVFS.reservedBytes)")
        }
    }

    /// A `file:` URI for `path` with query parameters; the path is percent-encoded so that
    /// characters such as `?` or `#` in a data directory cannot inject parameters.
    static func fileURI(_ path: String, _ parameters: [String: String]) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%&=")
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        let query = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        return "file:\(encoded)" + (query.isEmpty ? "" : "?\(query)")
    }
}
