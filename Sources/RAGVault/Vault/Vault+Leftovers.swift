import Foundation

/// Files an interrupted operation left behind. An old catalog with its old key file still
/// unwraps every tenant key it held — a deleted tenant's included, which would defeat
/// crypto-shredding — so they are removed as soon as no operation is running, not merely
/// reported.
extension Vault {
    /// What is in the data directory that the manifest and the catalog do not name.
    struct Leftovers: Equatable {
        /// Catalog files other than the current one (with their -wal/-shm), base names.
        var catalogs: [String] = []
        /// Key files other than the current one.
        var keyFiles: [String] = []
        /// Files under tenants/ that no tenant names.
        var storeFiles: [String] = []
        /// Temporary files of an interrupted atomic replace.
        var temporaries: [String] = []

        var isEmpty: Bool { catalogs.isEmpty && keyFiles.isEmpty && storeFiles.isEmpty && temporaries.isEmpty }
    }

    func leftovers() throws -> Leftovers {
        let (catalogName, keyFile, tenants) = try currentNames()
        var found = Leftovers()
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] {
            let base = Self.databaseBase(name)
            if base.hasPrefix("catalog"), base.hasSuffix(".db"), base != catalogName {
                if !found.catalogs.contains(base) { found.catalogs.append(base) }
            } else if name.hasPrefix("master"), name.hasSuffix(".key"), name != keyFile {
                found.keyFiles.append(name)
            } else if name.contains(".tmp-") {
                found.temporaries.append(name)
            }
        }
        let (_, _, _, ids) = try currentNamesWithIDs()
        let referenced = Set(tenants).union(ids.map(Self.auditFileName))
        for name in (try? fm.contentsOfDirectory(atPath: directory + "/" + Self.tenantsFolder)) ?? [] {
            if !referenced.contains(Self.databaseBase(name)) { found.storeFiles.append(name) }
        }
        found.catalogs.sort(); found.keyFiles.sort(); found.storeFiles.sort(); found.temporaries.sort()
        return found
    }

    /// Removes every leftover when no other operation holds the data directory lock; returns
    /// what remains (nothing, unless an operation is running or a removal failed).
    @discardableResult
    func removeLeftovers() throws -> Leftovers {
        guard let lock = try DataDirectoryLock.exclusive(directory, wait: false) else { return try leftovers() }
        defer { withExtendedLifetime(lock) {} }
        let found = try leftovers()
        for name in found.keyFiles { KeyFileProvider.shred(directory + "/" + name) }
        for base in found.catalogs { DurableFile.removeDatabase(directory + "/" + base) }
        for name in found.temporaries { KeyFileProvider.shred(directory + "/" + name) }
        for name in found.storeFiles { unlink(directory + "/" + Self.tenantsFolder + "/" + name) }
        DurableFile.syncDirectory(of: directory + "/" + Self.tenantsFolder + "/x")
        DurableFile.syncDirectory(of: directory + "/x")
        return try leftovers()
    }

    /// `x.db-wal` → `x.db`.
    static func databaseBase(_ name: String) -> String {
        for suffix in ["-wal", "-shm", "-journal"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return name
    }
}
