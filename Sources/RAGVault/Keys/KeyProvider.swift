import CSodium
import Foundation

/// A source of the 32-byte master key (KEK). Implementations exist for an environment
/// variable, a key file and a passphrase; an external KMS would be another conformance.
public protocol KeyProvider: Sendable {
    /// Where the key comes from, for messages (never the key itself).
    var source: String { get }
    /// Produces the master key in guarded memory.
    func masterKey() throws -> SecureBytes
}

/// Length of every key in the hierarchy (master, catalog, tenant).
public let vaultKeyLength = 32

/// Decodes a base64 32-byte key, wiping the intermediate copy.
func decodeBase64Key(_ text: String, source: String) throws -> SecureBytes {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard var bytes = Data(base64Encoded: trimmed).map(Array.init), bytes.count == vaultKeyLength else {
        throw RAGVaultError(
            .masterKeyInvalid,
            "the master key from \(source) is not base64 of exactly \(vaultKeyLength) bytes (generate one with 'head -c 32 /dev/urandom | base64')")
    }
    defer { bytes.wipe() }
    return try SecureBytes(copying: bytes)
}

/// The master key given as base64 in an environment variable (`RAGVAULT_MASTER_KEY`).
public struct EnvironmentKeyProvider: KeyProvider {
    public let variable: String
    private let value: String

    public init(variable: String = "RAGVAULT_MASTER_KEY", value: String) {
        self.variable = variable
        self.value = value
    }

    public var source: String { "environment variable \(variable)" }

    public func masterKey() throws -> SecureBytes { try decodeBase64Key(value, source: source) }
}

/// The master key stored base64-encoded in a file that only its owner may read.
public struct KeyFileProvider: KeyProvider {
    public let path: String

    public init(path: String) { self.path = path }

    public var source: String { "key file \(path)" }

    public func masterKey() throws -> SecureBytes {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RAGVaultError(.masterKeyMissing, "the key file \(path) does not exist (set RAGVAULT_MASTER_KEY, or restore the file from your key backup)")
        }
        try FilePermissions.requireOwnerOnly(path, kind: "key file")
        guard var contents = FileManager.default.contents(atPath: path).map(Array.init) else {
            throw RAGVaultError(.masterKeyMissing, "the key file \(path) cannot be read")
        }
        defer { contents.wipe() }
        return try decodeBase64Key(String(decoding: contents, as: UTF8.self), source: source)
    }

    /// Overwrites a file with zeros, syncs, and removes it: an old key file must not survive
    /// in its blocks after rotation (as far as the file system overwrites in place).
    static func shred(_ path: String) {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd >= 0 {
            var info = stat()
            if fstat(fd, &info) == 0, info.st_size > 0 {
                let zeros = [UInt8](repeating: 0, count: Int(info.st_size))
                _ = zeros.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                fsync(fd)
            }
            close(fd)
        }
        unlink(path)
    }

    /// Creates a new key file with mode 0600 holding a random key; refuses to overwrite.
    static func create(at path: String, key: SecureBytes) throws {
        var text = Array(key.withUnsafeBytes { Data($0).base64EncodedString() }.utf8) + [0x0a]
        defer { text.wipe() }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw RAGVaultError(.dataDirectoryInvalid, "cannot create key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(fd) == 0 else {
            throw RAGVaultError(.dataDirectoryInvalid, "cannot write key file \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Argon2id parameters stored (with the salt) in the data directory's manifest.
public struct PassphraseParameters: Codable, Equatable, Sendable {
    public var salt: String // base64, crypto_pwhash_SALTBYTES
    public var opsLimit: UInt64
    public var memLimit: Int

    /// A new random salt with libsodium's MODERATE (default) or INTERACTIVE limits.
    public static func fresh(interactive: Bool = false) -> PassphraseParameters {
        let salt = Data(Sodium.randomBytes(Int(crypto_pwhash_SALTBYTES))).base64EncodedString()
        return interactive
            ? PassphraseParameters(
                salt: salt, opsLimit: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE),
                memLimit: Int(crypto_pwhash_MEMLIMIT_INTERACTIVE))
            : PassphraseParameters(
                salt: salt, opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MODERATE),
                memLimit: Int(crypto_pwhash_MEMLIMIT_MODERATE))
    }
}

/// The master key stretched from a passphrase (`RAGVAULT_PASSPHRASE`) with Argon2id.
public struct PassphraseKeyProvider: KeyProvider {
    private let passphrase: String
    public let parameters: PassphraseParameters

    public init(passphrase: String, parameters: PassphraseParameters) {
        self.passphrase = passphrase
        self.parameters = parameters
    }

    public var source: String { "passphrase (Argon2id)" }

    public func masterKey() throws -> SecureBytes {
        guard passphrase.utf8.count >= 12 else {
            throw RAGVaultError(.masterKeyInvalid, "the passphrase is shorter than 12 characters; choose a longer one")
        }
        guard let salt = Data(base64Encoded: parameters.salt), salt.count == Int(crypto_pwhash_SALTBYTES) else {
            throw RAGVaultError(.dataDirectoryInvalid, "the stored passphrase salt is malformed (vault.json was edited?)")
        }
        let utf8 = Array(passphrase.utf8)
        return try SecureBytes(count: vaultKeyLength) { out in
            let rc = salt.withUnsafeBytes { saltBytes in
                crypto_pwhash(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(out.count),
                    utf8, UInt64(utf8.count), saltBytes.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    parameters.opsLimit, parameters.memLimit, crypto_pwhash_ALG_ARGON2ID13)
            }
            guard rc == 0 else {
                throw RAGVaultError(.internalError, "Argon2id ran out of memory stretching the passphrase")
            }
        }
    }
}
