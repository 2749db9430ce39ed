import CSodium

/// libsodium must be initialised once before any of its functions are used.
package enum Sodium {
    /// `sodium_init` is idempotent and thread-safe; the stored result makes later calls free.
    private static let initialised: Bool = sodium_init() >= 0

    static func ensureInitialised() throws {
        guard initialised else {
            throw RAGVaultError(.internalError, "libsodium failed to initialise; no random source is available")
        }
    }

    /// Random bytes from libsodium's CSPRNG.
    package static func randomBytes(_ count: Int) -> [UInt8] {
        _ = initialised
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    /// Lower-case hex of `count` random bytes: used for opaque ids and file names.
    package static func randomHex(_ count: Int) -> String {
        Hex.encode(randomBytes(count))
    }
}
