import CSodium

/// Wrapping of tenant data keys (DEKs) under the master key with XChaCha20-Poly1305.
///
/// The associated data binds the tenant id and key version, so a wrapped key copied onto
/// another tenant's row, or an older version replayed, fails to unwrap.
enum KeyWrap {
    static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    /// Bytes of a wrapped key: nonce + ciphertext + tag.
    static let wrappedLength = nonceLength + vaultKeyLength + tagLength

    private static func associatedData(tenantID: String, version: Int) -> [UInt8] {
        Array("ragvault-dek-v1\u{0}\(tenantID)\u{0}\(version)".utf8)
    }

    static func wrap(_ key: SecureBytes, with kek: SecureBytes, tenantID: String, version: Int) -> [UInt8] {
        let ad = associatedData(tenantID: tenantID, version: version)
        var out = Sodium.randomBytes(nonceLength) + [UInt8](repeating: 0, count: vaultKeyLength + tagLength)
        out.withUnsafeMutableBufferPointer { buffer in
            let nonce = buffer.baseAddress!
            let cipher = nonce + nonceLength
            key.withUnsafeBytes { plain in
                kek.withUnsafeBytes { k in
                    _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                        cipher, nil, plain.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(plain.count),
                        ad, UInt64(ad.count), nil, nonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        return out
    }

    static func unwrap(_ wrapped: [UInt8], with kek: SecureBytes, tenantID: String, version: Int) throws -> SecureBytes {
        guard wrapped.count == wrappedLength else {
            throw RAGVaultError(.keyUnwrapFailed, "the wrapped key of tenant id \(tenantID) has the wrong length; the catalog is damaged")
        }
        let ad = associatedData(tenantID: tenantID, version: version)
        return try SecureBytes(count: vaultKeyLength) { out in
            let rc = wrapped.withUnsafeBufferPointer { buffer in
                kek.withUnsafeBytes { k in
                    crypto_aead_xchacha20poly1305_ietf_decrypt(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil,
                        buffer.baseAddress! + nonceLength, UInt64(vaultKeyLength + tagLength),
                        ad, UInt64(ad.count), buffer.baseAddress!, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
            guard rc == 0 else {
                throw RAGVaultError(
                    .keyUnwrapFailed,
                    "the key of tenant id \(tenantID) version \(version) failed to unwrap: wrong master key or a tampered catalog (run 'ragvault doctor')")
            }
        }
    }
}
