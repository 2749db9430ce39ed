import Foundation

/// A RAGVault data directory: the key hierarchy, the catalog of tenants and their encrypted
/// stores.
///
/// ```swift
/// let vault = try Vault.initialize(at: "/var/lib/ragvault", keySource: .generatedKeyFile)
/// try vault.createTenant("acme")
/// let store = try vault.store(for: "acme")
/// ```
public final class Vault: @unchecked Sendable {
    /// Where a new master key comes from.
    public enum NewKeySource: Sendable {
        /// A random key written to a 0600 key file inside the data directory.
        case generatedKeyFile
        /// A base64 key the operator keeps (e.g. in `RAGVAULT_MASTER_KEY`).
        case provided(base64: String)
        /// A passphrase stretched with Argon2id (`interactive` = faster, weaker limits).
        case passphrase(String, interactive: Bool = false)
    }

    public let directory: String
    let pool: StorePool
    // Protects manifest, master, catalog and keySource; admin operations hold it throughout.
    private let lock = NSLock()
    private var manifest: VaultManifest
    private var master: SecureBytes
    private var catalog: Catalog
    public private(set) var keySource: String
    package let auditTrail = AuditTrail(durability: .default)
    /// The interface recorded for actions called without an `AuditContext` (the CLI sets `.cli`).
    public nonisolated(unsafe) var defaultAuditInterface: AuditInterface = .library
    /// Identity providers' signing keys, fetched once and shared by every request.
    let identityKeys = IssuerKeyCache()
    /// User tokens already verified, by token and provider configuration.
    let verifiedTokens = VerifiedTokenCache()
    /// The time user tokens are checked against (tests move it).
    package nonisolated(unsafe) var tokenClock: @Sendable () -> Date = { Date() }

    static let tenantsFolder = "tenants"

    private init(
        directory: String, manifest: VaultManifest, master: SecureBytes, keySource: String,
        poolCapacity: Int, creating: Bool = false
    ) throws {
        self.directory = directory
        self.manifest = manifest
        self.master = master
        self.keySource = keySource
        catalog = try Catalog(path: directory + "/" + manifest.catalog, key: try KeyDerivation.catalogKey(from: master), creating: creating)
        pool = StorePool(capacity: poolCapacity)
    }

    deinit { close() }

    /// Closes every open store and the catalog.
    /// Tenant stores open now, and how many were closed to make room (for metrics).
    public var openStores: (open: Int, evictions: Int) { (pool.openCount, pool.evictions) }

    public func close() {
        flushAudit()
        auditTrail.closeAll()
        pool.closeAll()
        catalog.close()
    }

    // MARK: - creating and opening

    /// Creates a new data directory (mode 0700) with a catalog and a master key.
    public static func initialize(
        at directory: String, keySource source: NewKeySource,
        poolCapacity: Int = 256
    ) throws -> Vault {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory + "/" + VaultManifest.fileName) {
            throw RAGVaultError(.alreadyInitialised, "\(directory) is already a RAGVault data directory")
        }
        // A passphrase or provided key is checked before anything is created, and whatever
        // this call creates is removed again if it fails: a failed init leaves no debris that
        // would block the retry.
        switch source {
        case .generatedKeyFile: break
        case .provided(let base64): _ = try decodeBase64Key(base64, source: "the provided key")
        case .passphrase(let passphrase, _):
            guard passphrase.utf8.count >= 12 else {
                throw RAGVaultError(.masterKeyInvalid, "the passphrase is shorter than 12 characters; choose a longer one")
            }
        }
        var created: [String] = []
        do {
            if fm.fileExists(atPath: directory) {
                let contents: [String]
                do { contents = try fm.contentsOfDirectory(atPath: directory) } catch {
                    throw RAGVaultError(.dataDirectoryInvalid, "cannot read \(directory): permission denied or not a directory")
                }
                guard contents.isEmpty else {
                    throw RAGVaultError(.dataDirectoryInvalid, "\(directory) exists and is not empty; choose a new directory")
                }
                chmod(directory, 0o700)
            } else {
                do {
                    try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw RAGVaultError(.dataDirectoryInvalid, "cannot create \(directory): \(Self.reason(error)) — choose a directory you may write to")
                }
                created.append(directory)
            }
            let tenants = directory + "/" + tenantsFolder
            do {
                try fm.createDirectory(atPath: tenants, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            } catch {
                throw RAGVaultError(.dataDirectoryInvalid, "cannot create \(tenants): \(Self.reason(error))")
            }
            created.append(tenants)
            return try initializeInside(directory, keySource: source, poolCapacity: poolCapacity)
        } catch {
            for path in created.reversed() { try? fm.removeItem(atPath: path) }
            if !created.contains(directory) {
                // The directory existed (empty): empty it again.
                for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] { try? fm.removeItem(atPath: directory + "/" + name) }
            }
            throw error
        }
    }

    /// Why a file operation failed, in words (the POSIX reason, not a Foundation error domain).
    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))).lowercased() }
        switch ns.code {
        case NSFileWriteNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "read-only file system"
        default: return "the file system refused (a part of the path may not be a directory)"
        }
    }

    private static func initializeInside(_ directory: String, keySource source: NewKeySource, poolCapacity: Int) throws -> Vault {
        let (master, keyFile, passphrase, description) = try makeMasterKey(source, in: directory)
        let manifest = VaultManifest(
            format: VaultManifest.currentFormat, catalog: "catalog.db",
            keyCheck: KeyDerivation.checkValue(of: master), keyFile: keyFile,
            passphrase: passphrase, createdAt: Catalog.now())
        let vault = try Vault(
            directory: directory, manifest: manifest, master: master, keySource: description,
            poolCapacity: poolCapacity, creating: true)
        try manifest.save(to: directory)
        return vault
    }

    /// Opens an existing data directory, taking the master key from `environment` or the
    /// directory's key file (see `MasterKeyResolver`).
    public static func open(
        at directory: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        poolCapacity: Int = 256
    ) throws -> Vault {
        guard FileManager.default.fileExists(atPath: directory) else {
            throw RAGVaultError(.dataDirectoryInvalid, "data directory \(directory) does not exist; run 'ragvault init --data \(directory)'")
        }
        try FilePermissions.requireOwnerOnly(directory, kind: "data directory")
        let manifest = try VaultManifest.load(from: directory)
        let provider = try MasterKeyResolver.provider(for: manifest, in: directory, environment: environment)
        let master = try provider.masterKey()
        guard KeyDerivation.checkValue(of: master) == manifest.keyCheck else {
            throw RAGVaultError(
                .wrongMasterKey,
                "the master key from \(provider.source) does not belong to \(directory) (key check failed); nothing was changed")
        }
        let vault = try Vault(
            directory: directory, manifest: manifest, master: master, keySource: provider.source,
            poolCapacity: poolCapacity)
        // What an interrupted rotation or creation left (old catalogs and keys, orphan stores).
        try vault.removeLeftovers()
        return vault
    }

    private static func makeMasterKey(_ source: NewKeySource, in directory: String) throws
        -> (SecureBytes, String?, PassphraseParameters?, String)
    {
        switch source {
        case .generatedKeyFile:
            let key = try SecureBytes(randomCount: vaultKeyLength)
            let name = "master.key"
            try KeyFileProvider.create(at: directory + "/" + name, key: key)
            return (key, name, nil, "key file \(directory)/\(name)")
        case .provided(let base64):
            return (try decodeBase64Key(base64, source: "the provided key"), nil, nil, "environment variable \(MasterKeyResolver.keyVariable)")
        case .passphrase(let passphrase, let interactive):
            let parameters = PassphraseParameters.fresh(interactive: interactive)
            let key = try PassphraseKeyProvider(passphrase: passphrase, parameters: parameters).masterKey()
            return (key, nil, parameters, "passphrase (Argon2id)")
        }
    }

    // MARK: - tenants

    /// Creates a tenant with a fresh random data key and an empty encrypted store.
    @discardableResult
    public func createTenant(_ name: String, audit: AuditContext? = nil) throws -> TenantRecord {
        try audited(audit, "tenant.create", tenant: nil, subject: nil) { record in
            record.tenant = String(name.prefix(64))
            return try createTenantUnaudited(name)
        }
    }

    private func createTenantUnaudited(_ name: String) throws -> TenantRecord {
        try TenantName.validate(name)
        let directoryLock = try DataDirectoryLock.exclusive(directory, wait: true)
        defer { withExtendedLifetime(directoryLock) {} }
        return try locked {
            if try catalog.tenant(named: name) != nil {
                throw RAGVaultError(.tenantExists, "tenant '\(name)' already exists")
            }
            let id = Sodium.randomHex(16)
            let key = try SecureBytes(randomCount: vaultKeyLength)
            let record = TenantRecord(
                id: id, name: name, fileName: Self.newStoreFileName(), keyVersion: 1,
                wrappedKey: KeyWrap.wrap(key, with: master, tenantID: id, version: 1),
                createdAt: Catalog.now())
            // The store exists before the catalog names it: a crash leaves an orphan file
            // (reported by doctor), never a tenant without a store.
            let store = try TenantStore(tenant: name, path: storePath(record), key: key, creating: true)
            store.close()
            try catalog.insert(record)
            return record
        }
    }

    /// All tenants, sorted by name.
    public func tenants() throws -> [TenantRecord] {
        try locked { try catalog.allTenants() }
    }

    /// The open store of tenant `name`.
    public func store(for name: String) throws -> TenantStore {
        try store(for: name, reading: { _, _ in () }).store
    }

    /// The open store of tenant `name`, and what `read` takes from the catalog in the same
    /// catalog read as the tenant's record (the search path: one freshness check, not two).
    func store<T>(for name: String, reading read: (Catalog, TenantRecord) throws -> T) throws -> (store: TenantStore, read: T) {
        // Read what opening needs under the vault lock, then open under the pool lock only:
        // admin operations take vault → pool, so pool → vault here could deadlock.
        var extra: T?
        let store = try afterRotationRace(name, reading: { extra = try read(catalog, $0) }) { record, master in
            try pool.store(for: record.id) { try openStore(record, master: master) }
        }
        guard let extra else { throw RAGVaultError(.internalError, "the catalog read of tenant '\(name)' did not run") }
        return (store, extra)
    }

    /// Runs `open` with the tenant's record as the catalog has it now. A key rotation in another
    /// process may switch the catalog and remove the old file between the read and the open:
    /// then the catalog is read once more, and only a file it still names but that is gone is
    /// `store_missing`. (The vault lock is not held while opening: see `store(for:)`.)
    private func afterRotationRace(
        _ name: String, reading: (TenantRecord) throws -> Void = { _ in }, _ open: (TenantRecord, SecureBytes) throws -> TenantStore
    ) throws -> TenantStore {
        let (record, master) = try locked {
            try catalog.reading {
                let record = try requireTenant(name)
                try reading(record)
                return (record, self.master)
            }
        }
        do {
            return try open(record, master)
        } catch let error as RAGVaultError where error.code == .storeMissing {
            let current = try locked {
                try catalog.reading {
                    let record = try requireTenant(name)
                    try reading(record)
                    return record
                }
            }
            guard current.fileName != record.fileName else { throw error }
            return try open(current, master)
        }
    }

    private func openStore(_ record: TenantRecord, master: SecureBytes) throws -> TenantStore {
        let key = try KeyWrap.unwrap(record.wrappedKey, with: master, tenantID: record.id, version: record.keyVersion)
        return try TenantStore(tenant: record.name, path: storePath(record), key: key)
    }

    /// A separate connection to the tenant's store, outside the pool (closed when released).
    func unpooledStore(for name: String) throws -> TenantStore {
        try afterRotationRace(name) { record, master in try openStore(record, master: master) }
    }

    /// Crypto-shreds a tenant: its wrapped key leaves the catalog first (and the catalog WAL),
    /// then its files are removed. A copy of the files taken earlier cannot be decrypted with
    /// any key the system still holds.
    public func deleteTenant(_ name: String, audit: AuditContext? = nil) throws {
        try audited(audit, "tenant.delete", tenant: nil, subject: nil) { record in
            record.tenant = String(name.prefix(64))
            try deleteTenantUnaudited(name)
        }
    }

    private func deleteTenantUnaudited(_ name: String) throws {
        let directoryLock = try DataDirectoryLock.exclusive(directory, wait: true)
        defer { withExtendedLifetime(directoryLock) {} }
        try locked {
            let record = try requireTenant(name)
            pool.evict(record.id)
            // Under the store's write lock, so that a writer in another process (a running
            // `ragvault index`) either committed before or fails with tenant_not_found.
            if let store = try? TenantStore(tenant: name, path: storePath(record), key: try unwrapKey(record)) {
                defer { store.close() }
                try store.retire(mark: TenantStore.deletedMark) { try catalog.delete(tenantID: record.id) }
            } else {
                try catalog.delete(tenantID: record.id) // the store is missing or damaged: still shred the key
            }
            DurableFile.removeDatabase(storePath(record))
            // Its audit log goes with it: the key is already out of the catalog.
            auditTrail.forget(record.id)
            unlink(directory + "/" + Self.tenantsFolder + "/" + Self.auditFileName(tenantID: record.id))
            DurableFile.syncDirectory(of: storePath(record))
        }
    }

    /// Re-encrypts a tenant's store under a new data key into a new file, verifies it, then
    /// switches the catalog to it; the old file is removed only after the switch. The old
    /// store's write lock is held from before the copy until it is marked retired, so a writer
    /// in another process (a running `ragvault index`) waits, and then fails with
    /// `store_retired` instead of writing into a file that is about to go.
    @discardableResult
    public func rotateTenantKey(_ name: String, audit: AuditContext? = nil) throws -> TenantRecord {
        try audited(audit, "tenant.rotate_key", tenant: nil, subject: nil) { record in
            record.tenant = String(name.prefix(64))
            let rotated = try rotateTenantKeyUnaudited(name)
            record.after = .object(["key_version": .number(Double(rotated.keyVersion))])
            return rotated
        }
    }

    private func rotateTenantKeyUnaudited(_ name: String) throws -> TenantRecord {
        let directoryLock = try DataDirectoryLock.exclusive(directory, wait: true)
        defer { withExtendedLifetime(directoryLock) {} }
        return try locked {
            let old = try requireTenant(name)
            pool.evict(old.id)
            let oldKey = try unwrapKey(old)
            let oldStore = try TenantStore(tenant: name, path: storePath(old), key: oldKey)
            defer { oldStore.close() }
            let newKey = try SecureBytes(randomCount: vaultKeyLength)
            let version = old.keyVersion + 1
            let new = TenantRecord(
                id: old.id, name: name, fileName: Self.newStoreFileName(), keyVersion: version,
                wrappedKey: KeyWrap.wrap(newKey, with: master, tenantID: old.id, version: version),
                createdAt: old.createdAt)
            let newPath = storePath(new)
            do {
                try oldStore.retire {
                    let source = try StoreOpener.openEncrypted(path: storePath(old), key: oldKey, label: "tenant '\(name)'")
                    defer { source.close() }
                    try TenantStoreCopier.copy(source, tenant: name, toNewStoreAt: newPath, key: newKey)
                    try catalog.replaceKey(tenantID: old.id, fileName: new.fileName, keyVersion: version, wrappedKey: new.wrappedKey)
                }
            } catch {
                // Nothing switched unless the catalog says so: keep whichever file it names.
                if (try? catalog.tenant(named: name))?.fileName != new.fileName { DurableFile.removeDatabase(newPath) }
                throw error
            }
            oldStore.close()
            DurableFile.removeDatabase(storePath(old))
            return new
        }
    }

    /// Forgets this process's open store of tenant `name`, so the next use opens whatever the
    /// catalog names now (after another process rotated its key).
    func reopenStore(for name: String) throws {
        pool.evict(try tenantRecord(name).id)
    }

    // MARK: - master key

    /// Re-encrypts the catalog under a new master key and rewraps every tenant key; tenant
    /// stores are untouched. The switch is one atomic rename of `vault.json`.
    public func rotateMasterKey(to source: NewKeySource, audit: AuditContext? = nil) throws {
        try audited(audit, "master_key.rotate", tenant: nil, subject: nil) { _ in try rotateMasterKeyUnaudited(to: source) }
    }

    private func rotateMasterKeyUnaudited(to source: NewKeySource) throws {
        let directoryLock = try DataDirectoryLock.exclusive(directory, wait: true)
        defer { withExtendedLifetime(directoryLock) {} }
        try locked {
            let (newMaster, keyFile, passphrase, description) = try Self.makeMasterKeyForRotation(source, in: directory)
            let catalogName = "catalog-\(Sodium.randomHex(8)).db"
            let catalogPath = directory + "/" + catalogName
            let newCatalog: Catalog
            do {
                newCatalog = try Catalog(path: catalogPath, key: try KeyDerivation.catalogKey(from: newMaster), creating: true)
                try catalog.copy(into: newCatalog)
                try newCatalog.rewrapAll { tenant in
                    let key = try unwrapKey(tenant)
                    return KeyWrap.wrap(key, with: newMaster, tenantID: tenant.id, version: tenant.keyVersion)
                }
                try newCatalog.checkpoint()
            } catch {
                DurableFile.removeDatabase(catalogPath)
                if let keyFile { unlink(directory + "/" + keyFile) }
                throw error
            }
            var next = manifest
            next.catalog = catalogName
            next.keyCheck = KeyDerivation.checkValue(of: newMaster)
            next.keyFile = keyFile
            next.passphrase = passphrase
            try next.save(to: directory) // commit point
            let oldCatalogPath = catalog.path
            let oldKeyFile = manifest.keyFile
            catalog.close()
            catalog = newCatalog
            manifest = next
            master = newMaster
            keySource = description
            DurableFile.removeDatabase(oldCatalogPath)
            if let oldKeyFile, oldKeyFile != keyFile { KeyFileProvider.shred(directory + "/" + oldKeyFile) }
        }
    }

    private static func makeMasterKeyForRotation(_ source: NewKeySource, in directory: String) throws
        -> (SecureBytes, String?, PassphraseParameters?, String)
    {
        if case .generatedKeyFile = source {
            let key = try SecureBytes(randomCount: vaultKeyLength)
            let name = "master-\(Sodium.randomHex(4)).key"
            try KeyFileProvider.create(at: directory + "/" + name, key: key)
            return (key, name, nil, "key file \(directory)/\(name)")
        }
        return try makeMasterKey(source, in: directory)
    }

    // MARK: - internals

    func tenantRecord(_ name: String) throws -> TenantRecord {
        try locked { try requireTenant(name) }
    }

    /// The tenant's record, or `tenant_not_found`. Call under the vault's lock (`withCatalog`).
    func requireTenant(_ name: String) throws -> TenantRecord {
        try TenantName.validate(name)
        guard let record = try catalog.tenant(named: name) else {
            throw RAGVaultError(.tenantNotFound, "tenant '\(name)' does not exist (see 'ragvault tenant list')")
        }
        return record
    }

    func unwrapKey(_ record: TenantRecord) throws -> SecureBytes {
        try KeyWrap.unwrap(record.wrappedKey, with: master, tenantID: record.id, version: record.keyVersion)
    }

    func storePath(_ record: TenantRecord) -> String {
        directory + "/" + Self.tenantsFolder + "/" + record.fileName
    }

    var catalogPath: String { locked { catalog.path } }

    /// The current catalog and key file names and every tenant's store file name.
    func currentNames() throws -> (catalog: String, keyFile: String?, stores: [String]) {
        try locked { (manifest.catalog, manifest.keyFile, try catalog.allTenants().map(\.fileName)) }
    }

    /// The same, with every tenant's id (audit logs are named by it).
    func currentNamesWithIDs() throws -> (catalog: String, keyFile: String?, stores: [String], ids: [String]) {
        try locked {
            let all = try catalog.allTenants()
            return (manifest.catalog, manifest.keyFile, all.map(\.fileName), all.map(\.id))
        }
    }

    func catalogIntegrityProblems() throws -> [String] {
        try locked {
            try catalog.checkpoint()
            return try catalog.integrityProblems()
        }
    }

    func withCatalog<T>(_ body: (Catalog) throws -> T) throws -> T { try locked { try body(catalog) } }

    func catalogKey() throws -> SecureBytes { try locked { try KeyDerivation.catalogKey(from: master) } }

    private static func newStoreFileName() -> String { Sodium.randomHex(16) + ".db" }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
