import Foundation

/// The catalog: tenants and their wrapped keys (later API keys and policies), in an
/// encrypted store of its own under a key derived from the master key.
final class Catalog {
    let path: String
    private let db: Connection
    /// Decoded reads every search makes (tenant record, policy, settings), kept until one of
    /// their tables changes through any connection (`config_version`, migration 9). Used under
    /// the vault's lock, like `db`.
    private var memo: [String: Any] = [:]
    private var memoStamp: Int64 = -1
    /// Inside `reading`: the stamp was read once and nothing here writes, so it holds.
    private var readingOnly = false
    private var stampFresh = false

    /// Runs `body`, which only reads, checking `config_version` once for all its reads.
    func reading<T>(_ body: () throws -> T) rethrows -> T {
        readingOnly = true
        defer { (readingOnly, stampFresh) = (false, false) }
        return try body()
    }

    private func memoised<T>(_ key: String, _ read: () throws -> T) throws -> T {
        if !stampFresh {
            let stamp = try db.scalar("SELECT value FROM config_version WHERE id = 1").int ?? -1
            if stamp != memoStamp {
                memo.removeAll(keepingCapacity: true)
                memoStamp = stamp
            }
            stampFresh = readingOnly
        }
        if let entry = memo[key], let known = entry as? T { return known }
        let value = try read()
        // Bounded whatever is asked (lineages are memoised only for keys whose secret matched).
        if memo.count >= 65_536 { memo.removeAll(keepingCapacity: true) }
        memo[key] = value
        return value
    }

    static let migrations = Migrations(steps: [
        (
            1,
            """
            CREATE TABLE tenants(
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                file_name TEXT NOT NULL UNIQUE,
                key_version INTEGER NOT NULL,
                wrapped_key BLOB NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            """
        ),
        (
            2,
            """
            CREATE TABLE policies(
                tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
                policy_json TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            """
        ),
        (
            3,
            """
            CREATE TABLE settings(
                tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
                settings_json TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            """
        ),
        // API keys: only a keyed hash of each secret, under a random pepper that lives in this
        // (encrypted) catalog and moves with it through master key rotation.
        (
            4,
            """
            CREATE TABLE catalog_meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
            INSERT INTO catalog_meta(key, value) VALUES ('api_key_pepper', randomblob(32));
            CREATE TABLE api_keys(
                id TEXT PRIMARY KEY,
                tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
                subject TEXT,
                roles_json TEXT NOT NULL,
                groups_json TEXT NOT NULL,
                scopes_json TEXT NOT NULL,
                secret_hash BLOB NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT
            );
            """
        ),
        // Audit log roots: one per tenant (created with it, or on its first record) and one for
        // the operator log. Here, inside the encrypted catalog, they move with it through
        // master key rotation and leave with the tenant.
        (
            5,
            """
            CREATE TABLE audit_keys(owner TEXT PRIMARY KEY, root BLOB NOT NULL);
            INSERT INTO audit_keys(owner, root) VALUES ('operator', randomblob(32));
            """
        ),
        // Who minted each key: a key ends with its creator (revoked or expired).
        (
            6,
            """
            ALTER TABLE api_keys ADD COLUMN created_by TEXT;
            CREATE INDEX api_keys_created_by ON api_keys(created_by);
            """
        ),
        // Each audit log's high-water mark: the last seq and link a writer committed, and the
        // seq a writer knew of when it found the log ending before it (evidence of a cut,
        // kept until an operator accepts it).
        (
            7,
            """
            CREATE TABLE audit_marks(owner TEXT PRIMARY KEY, seq INTEGER NOT NULL, link BLOB NOT NULL, cut_below INTEGER);
            """
        ),
        // Trusted identity providers: an issuer + audience belongs to one tenant only.
        (
            8,
            """
            CREATE TABLE identity_providers(
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                issuer TEXT NOT NULL,
                audience TEXT NOT NULL,
                provider_json TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE(issuer, audience)
            );
            CREATE INDEX identity_providers_tenant ON identity_providers(tenant_id);
            """
        ),
        // A counter every change to what searches read (tenants, policies, settings) moves,
        // through any connection — so a memo of those reads is kept until it moves, while the
        // audit marks written after every search leave it alone.
        (
            9,
            """
            CREATE TABLE config_version(id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
            INSERT INTO config_version(id, value) VALUES (1, 0);
            \(["tenants", "policies", "settings"].flatMap { table in
                ["INSERT", "UPDATE", "DELETE"].map { event in
                    "CREATE TRIGGER \(table)_\(event.lowercased())_version AFTER \(event) ON \(table) BEGIN UPDATE config_version SET value = value + 1 WHERE id = 1; END;"
                }
            }.joined(separator: "\n"))
            """
        ),
        // API keys and the pepper join what the stamp covers: every request authenticates, and
        // a revocation or deletion through any connection must end the memo of a key at once.
        (
            10,
            """
            \(["api_keys", "catalog_meta"].flatMap { table in
                ["INSERT", "UPDATE", "DELETE"].map { event in
                    "CREATE TRIGGER \(table)_\(event.lowercased())_version AFTER \(event) ON \(table) BEGIN UPDATE config_version SET value = value + 1 WHERE id = 1; END;"
                }
            }.joined(separator: "\n"))
            UPDATE config_version SET value = value + 1 WHERE id = 1;
            """
        )
    ])

    /// Opens the catalog; only `init` and master key rotation create one (`creating`): a
    /// missing or empty catalog is `store_missing`, never an empty list of tenants.
    init(path: String, key: SecureBytes, creating: Bool = false) throws {
        self.path = path
        db = try StoreOpener.openEncrypted(path: path, key: key, label: "the catalog", creating: creating)
        try Catalog.migrations.apply(to: db)
    }

    func close() { db.close() }

    func tenant(named name: String) throws -> TenantRecord? {
        try memoised("tenant\u{1F}" + name) { try readTenant(named: name) }
    }

    private func readTenant(named name: String) throws -> TenantRecord? {
        try db.query("SELECT \(Self.columns) FROM tenants WHERE name = ?", [.text(name)]).first.map(Self.record)
    }

    func allTenants() throws -> [TenantRecord] {
        try db.query("SELECT \(Self.columns) FROM tenants ORDER BY name").map(Self.record)
    }

    func insert(_ tenant: TenantRecord) throws {
        try db.transaction {
            if try db.scalar("SELECT 1 FROM tenants WHERE name = ?", [.text(tenant.name)]) != .null {
                throw RAGVaultError(.tenantExists, "tenant '\(tenant.name)' already exists")
            }
            try db.run(
                """
                INSERT INTO tenants(id, name, file_name, key_version, wrapped_key, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(tenant.id), .text(tenant.name), .text(tenant.fileName), .integer(Int64(tenant.keyVersion)),
                    .blob(tenant.wrappedKey), .text(tenant.createdAt), .text(tenant.createdAt)
                ])
        }
    }

    /// Points a tenant at a new store file and key in one transaction (the commit point of a
    /// tenant key rotation).
    func replaceKey(tenantID: String, fileName: String, keyVersion: Int, wrappedKey: [UInt8]) throws {
        try db.transaction {
            try db.run(
                "UPDATE tenants SET file_name = ?, key_version = ?, wrapped_key = ?, updated_at = ? WHERE id = ?",
                [.text(fileName), .integer(Int64(keyVersion)), .blob(wrappedKey), .text(Self.now()), .text(tenantID)])
        }
    }

    /// Rewraps every tenant key in one transaction (master key rotation).
    func rewrapAll(_ rewrap: (TenantRecord) throws -> [UInt8]) throws {
        try db.transaction {
            for tenant in try allTenants() {
                try db.run(
                    "UPDATE tenants SET wrapped_key = ?, updated_at = ? WHERE id = ?",
                    [.blob(try rewrap(tenant)), .text(Self.now()), .text(tenant.id)])
            }
        }
    }

    /// Removes a tenant row and pushes the change out of the WAL, so the wrapped key is gone
    /// from every catalog file (secure_delete zeroes the freed cell).
    func delete(tenantID: String) throws {
        try db.transaction {
            try db.run("DELETE FROM policies WHERE tenant_id = ?", [.text(tenantID)])
            try db.run("DELETE FROM settings WHERE tenant_id = ?", [.text(tenantID)])
            try db.run("DELETE FROM api_keys WHERE tenant_id = ?", [.text(tenantID)])
            try db.run("DELETE FROM audit_keys WHERE owner = ?", [.text(tenantID)])
            try db.run("DELETE FROM audit_marks WHERE owner = ?", [.text(tenantID)])
            try db.run("DELETE FROM identity_providers WHERE tenant_id = ?", [.text(tenantID)])
            try db.run("DELETE FROM tenants WHERE id = ?", [.text(tenantID)])
        }
        try checkpoint()
    }

    func policy(tenantID: String) throws -> RedactionPolicy {
        try document(.policies, tenantID: tenantID) ?? .default
    }

    func setPolicy(_ policy: RedactionPolicy, tenantID: String) throws {
        try setDocument(policy, .policies, tenantID: tenantID)
    }

    func settings(tenantID: String) throws -> TenantSettings {
        try document(.settings, tenantID: tenantID) ?? TenantSettings()
    }

    func setSettings(_ settings: TenantSettings, tenantID: String) throws {
        try setDocument(settings, .settings, tenantID: tenantID)
    }

    /// Per-tenant JSON documents: the table and its column.
    private enum DocumentTable: String {
        case policies = "policy_json", settings = "settings_json"
    }

    /// A stored document, decoded without re-validation: it was validated when it was set and
    /// is read on every search. (Its type's decoder still refuses unknown keys.)
    private func document<T: Decodable>(_ table: DocumentTable, tenantID: String) throws -> T? {
        try memoised(table.rawValue + "\u{1F}" + tenantID) { () throws -> T? in try readDocument(table, tenantID: tenantID) }
    }

    private func readDocument<T: Decodable>(_ table: DocumentTable, tenantID: String) throws -> T? {
        guard let json = try db.scalar("SELECT \(table.rawValue) FROM \(table) WHERE tenant_id = ?", [.text(tenantID)]).string else {
            return nil
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            throw RAGVaultError(.storeConfiguration, "the catalog's stored \(table) of this tenant cannot be read; set it again")
        }
    }

    private func setDocument<T: Encodable>(_ value: T, _ table: DocumentTable, tenantID: String) throws {
        let json = String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
        try db.transaction {
            try db.run(
                "INSERT INTO \(table)(tenant_id, \(table.rawValue), updated_at) VALUES (?, ?, ?) ON CONFLICT(tenant_id) DO UPDATE SET \(table.rawValue) = excluded.\(table.rawValue), updated_at = excluded.updated_at",
                [.text(tenantID), .text(json), .text(Self.now())])
        }
    }

    // MARK: - identity providers

    func identityProviders(tenantID: String) throws -> [IdentityProvider] {
        try db.query("SELECT provider_json FROM identity_providers WHERE tenant_id = ? ORDER BY issuer, audience", [.text(tenantID)]).map {
            do {
                return try JSONDecoder().decode(IdentityProvider.self, from: Data(($0[0].string ?? "").utf8))
            } catch {
                throw RAGVaultError(.storeConfiguration, "the catalog's stored identity providers of this tenant cannot be read; set them again")
            }
        }
    }

    /// Replaces the tenant's providers in one transaction; an issuer + audience another tenant
    /// trusts is refused (`idp_taken`).
    func setIdentityProviders(_ providers: [IdentityProvider], tenantID: String) throws {
        try db.transaction {
            try db.run("DELETE FROM identity_providers WHERE tenant_id = ?", [.text(tenantID)])
            for provider in providers {
                let owner = try db.scalar(
                    "SELECT tenant_id FROM identity_providers WHERE issuer = ? AND audience = ?", [.text(provider.issuer), .text(provider.audience)])
                guard owner == .null else {
                    throw RAGVaultError(
                        .idpTaken,
                        "the issuer '\(provider.issuer.prefix(200))' with this audience is already trusted by another tenant; give each tenant its own audience"
                    )
                }
                try db.run(
                    "INSERT INTO identity_providers(tenant_id, issuer, audience, provider_json, updated_at) VALUES (?, ?, ?, ?, ?)",
                    [
                        .text(tenantID), .text(provider.issuer), .text(provider.audience),
                        .text(String(decoding: try JSONEncoder.sorted.encode(provider), as: UTF8.self)), .text(Self.now())
                    ])
            }
        }
    }

    // MARK: - API keys

    func apiKeyPepper() throws -> [UInt8] {
        let stored = try memoised("api_key_pepper") { () throws -> [UInt8]? in
            try db.scalar("SELECT value FROM catalog_meta WHERE key = 'api_key_pepper'").bytes
        }
        guard let pepper = stored, pepper.count == 32 else {
            throw RAGVaultError(.storeConfiguration, "the catalog has no API key pepper; run 'ragvault doctor'")
        }
        return pepper
    }

    func insertAPIKey(_ key: APIKeyRecord, secretHash: [UInt8]) throws {
        let encode = { (values: [String]) in String(decoding: try JSONEncoder().encode(values), as: UTF8.self) }
        try db.transaction {
            try db.run(
                """
                INSERT INTO api_keys(id, tenant_id, subject, roles_json, groups_json, scopes_json, secret_hash, created_at, expires_at,
                                     created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(key.id), key.tenantID.map(SQLValue.text) ?? .null, key.subject.map(SQLValue.text) ?? .null,
                    .text(try encode(key.roles)), .text(try encode(key.groups)), .text(try encode(key.scopes.sorted().map(\.rawValue))),
                    .blob(secretHash), .text(key.createdAt), key.expiresAt.map(SQLValue.text) ?? .null,
                    key.createdBy.map(SQLValue.text) ?? .null
                ])
        }
    }

    /// One key with its stored hash, or nil.
    func apiKey(id: String) throws -> (APIKeyRecord, [UInt8])? {
        try db.query("SELECT \(Self.keyColumns), secret_hash FROM api_keys WHERE id = ?", [.text(id)]).first.map {
            (try Self.apiKeyRecord($0), $0[11].bytes ?? [])
        }
    }

    /// Only the stored hash of a key's secret: what authentication compares before it reads
    /// anything else, so an unknown id and a wrong secret cost the same. Every key's hash is
    /// read at once, once per catalog change: a memo filled id by id would answer a known id
    /// faster than an unknown one.
    func apiKeySecretHash(id: String) throws -> [UInt8]? {
        try memoised("key_hashes") { () throws -> [String: [UInt8]] in
            Dictionary(
                try db.query("SELECT id, secret_hash FROM api_keys").map { ($0[0].string ?? "", $0[1].bytes ?? []) },
                uniquingKeysWith: { first, _ in first })
        }[id]
    }

    /// A key and the keys that minted it, nearest first (at most `limit` links). A creator
    /// that no longer exists ends the list early, which the caller sees in the last
    /// record's `createdBy`.
    func apiKeyLineage(id: String, limit: Int = 64) throws -> [APIKeyRecord] {
        try memoised("key_lineage\u{1F}\(limit)\u{1F}" + id) { try readAPIKeyLineage(id: id, limit: limit) }
    }

    private func readAPIKeyLineage(id: String, limit: Int) throws -> [APIKeyRecord] {
        try db.query(
            """
            WITH RECURSIVE lineage(id, creator, depth) AS (
                SELECT id, created_by, 0 FROM api_keys WHERE id = ?
                UNION ALL
                SELECT k.id, k.created_by, l.depth + 1 FROM api_keys k JOIN lineage l ON k.id = l.creator WHERE l.depth < ?)
            SELECT \(Self.keyColumns) FROM lineage JOIN api_keys USING (id) ORDER BY depth
            """, [.text(id), .integer(Int64(limit))]
        ).map(Self.apiKeyRecord)
    }

    /// Keys of a tenant (or operator keys when nil), newest first.
    func apiKeys(tenantID: String?) throws -> [APIKeyRecord] {
        let filter = tenantID == nil ? "tenant_id IS NULL" : "tenant_id = ?"
        return try db.query(
            "SELECT \(Self.keyColumns) FROM api_keys WHERE \(filter) ORDER BY created_at DESC, id",
            tenantID.map { [.text($0)] } ?? []
        ).map(Self.apiKeyRecord)
    }

    /// Marks a key revoked; returns false when no such key exists.
    func revokeAPIKey(id: String) throws -> Bool {
        try db.transaction {
            guard try db.scalar("SELECT 1 FROM api_keys WHERE id = ?", [.text(id)]).int != nil else { return false }
            try db.run("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?", [.text(Self.now()), .text(id)])
            return true
        }
    }

    private static let keyColumns =
        "id, tenant_id, subject, roles_json, groups_json, scopes_json, created_at, expires_at, revoked_at, (SELECT name FROM tenants t WHERE t.id = api_keys.tenant_id), created_by"

    private static func apiKeyRecord(_ row: [SQLValue]) throws -> APIKeyRecord {
        let decode = { (json: String?) in try JSONDecoder().decode([String].self, from: Data((json ?? "[]").utf8)) }
        return APIKeyRecord(
            id: row[0].string ?? "", tenantID: row[1].string, tenant: row[9].string, subject: row[2].string,
            roles: try decode(row[3].string), groups: try decode(row[4].string), scopes: Set(try decode(row[5].string).compactMap(Scope.init(rawValue:))),
            createdAt: row[6].string ?? "", expiresAt: row[7].string, revokedAt: row[8].string,
            createdBy: row[10].string)
    }

    // MARK: - audit

    /// The root key of `owner`'s audit log, made on first use.
    func auditRoot(owner: String) throws -> [UInt8] {
        try db.transaction {
            try db.run("INSERT OR IGNORE INTO audit_keys(owner, root) VALUES (?, randomblob(32))", [.text(owner)])
        }
        guard let root = try db.scalar("SELECT root FROM audit_keys WHERE owner = ?", [.text(owner)]).bytes, root.count == 32 else {
            throw RAGVaultError(.storeConfiguration, "the catalog's audit key of this log is unreadable; run 'ragvault doctor'")
        }
        return root
    }

    /// An audit log's high-water mark, or nil before its first recorded commit.
    func auditMark(owner: String) throws -> AuditMark? {
        try db.query("SELECT seq, link, cut_below FROM audit_marks WHERE owner = ?", [.text(owner)]).first.map {
            AuditMark(seq: UInt64($0[0].int ?? 0), link: $0[1].bytes ?? [], cutBelow: $0[2].int.map { UInt64($0) })
        }
    }

    /// Raises the mark to `committed` (never lowers it: writers in other processes raise it
    /// too), and keeps the first evidence of a cut. Written without a sync of its own: a mark
    /// lost to a power cut is only lower, so it can miss a cut but never invent one.
    func advanceAuditMark(owner: String, committed: AuditChain.Position?, cutBelow: UInt64?) throws {
        try db.execute("PRAGMA synchronous=NORMAL")
        defer { try? db.execute("PRAGMA synchronous=FULL") }
        try db.transaction {
            if let committed {
                try db.run(
                    """
                    INSERT INTO audit_marks(owner, seq, link) VALUES (?, ?, ?)
                    ON CONFLICT(owner) DO UPDATE SET seq = excluded.seq, link = excluded.link WHERE excluded.seq > audit_marks.seq
                    """, [.text(owner), .integer(Int64(committed.seq)), .blob(committed.link)])
            }
            if let cutBelow {
                try db.run(
                    "UPDATE audit_marks SET cut_below = coalesce(cut_below, ?) WHERE owner = ?",
                    [.integer(Int64(cutBelow)), .text(owner)])
            }
        }
    }

    /// Sets the mark to where the log ends now and forgets the evidence of a cut (an operator
    /// has looked at it).
    func resetAuditMark(owner: String, to position: AuditChain.Position) throws {
        try db.transaction {
            try db.run("DELETE FROM audit_marks WHERE owner = ?", [.text(owner)])
            if position.seq > 0 {
                try db.run(
                    "INSERT INTO audit_marks(owner, seq, link) VALUES (?, ?, ?)",
                    [.text(owner), .integer(Int64(position.seq)), .blob(position.link)])
            }
        }
    }

    func countAuditKeys(owner: String) throws -> Int {
        Int(try db.scalar("SELECT count(*) FROM audit_keys WHERE owner = ?", [.text(owner)]).int ?? 0)
    }

    func checkpoint() throws { _ = try db.query("PRAGMA wal_checkpoint(TRUNCATE)") }

    func integrityProblems() throws -> [String] {
        try db.query("PRAGMA integrity_check").compactMap { $0[0].string }.filter { $0 != "ok" }
    }

    /// Copies the whole catalog into `destination` (an open, empty encrypted catalog).
    func copy(into destination: Catalog) throws {
        try Backup.copy(from: db, to: destination.db)
    }

    static func now() -> String { Date().ISO8601Format() }

    private static let columns = "id, name, file_name, key_version, wrapped_key, created_at"

    private static func record(_ row: [SQLValue]) -> TenantRecord {
        TenantRecord(
            id: row[0].string ?? "", name: row[1].string ?? "", fileName: row[2].string ?? "",
            keyVersion: Int(row[3].int ?? 0), wrappedKey: row[4].bytes ?? [], createdAt: row[5].string ?? "")
    }
}
