import CSodium

/// The keys of one audit log, derived from its random 32-byte root (kept in the encrypted
/// catalog, one per tenant and one for the operator log; removed with the tenant). The root is
/// not the tenant's data key on purpose: a data key rotation re-encrypts the store, and the log
/// — append-only, chained — must neither be rewritten nor change its chain key.
struct AuditKeys: Sendable {
    /// XChaCha20-Poly1305 key of the records.
    let encryption: [UInt8]
    /// Keyed BLAKE2b key of the hash chain.
    let chain: [UInt8]
    /// Keyed BLAKE2b key of raw-query hashes.
    let query: [UInt8]

    init(root: [UInt8]) {
        encryption = Self.derive(root, "ragvault audit encryption v1")
        chain = Self.derive(root, "ragvault audit chain v1")
        query = Self.derive(root, "ragvault audit query v1")
    }

    private static func derive(_ root: [UInt8], _ purpose: String) -> [UInt8] {
        keyedHash(key: root, Array(purpose.utf8))
    }

    /// BLAKE2b-256 keyed with `key`.
    static func keyedHash(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_generichash(&out, 32, message, UInt64(message.count), key, key.count)
        return out
    }

    /// The hash an investigator compares: the raw query as typed (UTF-8), keyed.
    func queryHash(_ query: String) -> String {
        Hex.encode(Self.keyedHash(key: self.query, Array(query.utf8)))
    }

    /// Link `seq` of the chain: keyed BLAKE2b over the previous link, the sequence number and
    /// the record's bytes.
    func link(previous: [UInt8], seq: UInt64, record: [UInt8]) -> [UInt8] {
        var message = previous
        message.reserveCapacity(previous.count + 8 + record.count)
        withUnsafeBytes(of: seq.littleEndian) { message.append(contentsOf: $0) }
        message.append(contentsOf: record)
        return Self.keyedHash(key: chain, message)
    }
}
