import Foundation

/// `vault.json`: the one plaintext file of a data directory. It holds no secrets — only
/// which catalog and key file are current, a key check value and the passphrase salt.
/// Replacing it (write, fsync, rename) is the commit point of a master key rotation.
struct VaultManifest: Codable, Equatable {
    static let fileName = "vault.json"
    static let currentFormat = 1

    var format: Int
    /// File name of the current catalog within the data directory.
    var catalog: String
    /// Keyed BLAKE2b check value of the master key (tells a wrong key from damage).
    var keyCheck: String
    /// Key file name within the data directory, when the key is kept in a file.
    var keyFile: String?
    /// Argon2id parameters, when the key is stretched from a passphrase.
    var passphrase: PassphraseParameters?
    var createdAt: String

    static func load(from directory: String) throws -> VaultManifest {
        let path = directory + "/" + fileName
        if FileManager.default.fileExists(atPath: path) && access(path, R_OK) != 0 {
            throw RAGVaultError(.insecurePermissions, "cannot read \(path): permission denied — run ragvault as the data directory's owner")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RAGVaultError(
                .dataDirectoryInvalid,
                "\(directory) is not a RAGVault data directory (no \(fileName)); run 'ragvault init --data \(directory)'")
        }
        let manifest: VaultManifest
        do {
            manifest = try JSONDecoder().decode(VaultManifest.self, from: data)
        } catch {
            throw RAGVaultError(.dataDirectoryInvalid, "\(path) is not valid: \(error.localizedDescription)")
        }
        guard manifest.format == currentFormat else {
            throw RAGVaultError(.dataDirectoryInvalid, "\(path) has format \(manifest.format); this ragvault reads format \(currentFormat)")
        }
        // File names only: a manifest naming "../x.db" must not make ragvault open or create
        // anything outside the data directory.
        for (field, name) in [("catalog", manifest.catalog), ("keyFile", manifest.keyFile)] {
            guard let name else { continue }
            guard isPlainFileName(name) else {
                throw RAGVaultError(
                    .dataDirectoryInvalid,
                    "\(path) names \(field) '\(name.prefix(80))', which is not a plain file name inside the data directory; restore vault.json from a backup")
            }
        }
        return manifest
    }

    /// Letters, digits, '.', '_' and '-', not starting with '.': no path, no parent.
    static func isPlainFileName(_ name: String) -> Bool {
        (1...128).contains(name.utf8.count) && name.first != "."
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// Atomically replaces the manifest: temp file, fsync, rename, fsync of the directory.
    func save(to directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        try DurableFile.replace(directory + "/" + Self.fileName, with: Array(data), mode: 0o600)
    }
}
