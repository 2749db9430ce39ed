import CSodium

/// Keys derived from the master key, each for one purpose (libsodium KDF, BLAKE2b based).
enum KeyDerivation {
    /// Subkey ids under the 8-byte context below; never reuse an id for another purpose.
    private enum Subkey: UInt64 {
        case catalog = 1
    }
    private static let context = Array("RGVAULT1".utf8).map { CChar(bitPattern: $0) }

    /// The key that encrypts catalog.db.
    static func catalogKey(from master: SecureBytes) throws -> SecureBytes {
        try derive(.catalog, from: master)
    }

    private static func derive(_ id: Subkey, from master: SecureBytes) throws -> SecureBytes {
        try SecureBytes(count: vaultKeyLength) { out in
            let rc = master.withUnsafeBytes { m in
                crypto_kdf_derive_from_key(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count,
                    id.rawValue, context, m.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            guard rc == 0 else { throw RAGVaultError(.internalError, "key derivation failed") }
        }
    }

    /// A 16-byte check value that tells a wrong master key from a damaged catalog without
    /// revealing anything about the key (keyed BLAKE2b of a constant).
    static func checkValue(of master: SecureBytes) -> String {
        let message = Array("ragvault master key check v1".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        master.withUnsafeBytes { m in
            _ = crypto_generichash(
                &out, out.count, message, UInt64(message.count),
                m.baseAddress!.assumingMemoryBound(to: UInt8.self), m.count)
        }
        return Hex.encode(out)
    }
}
