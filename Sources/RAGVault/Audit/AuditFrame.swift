import CSodium
import Foundation

/// The on-disk form of an audit log: an 8-byte magic, then frames
///
///     u32 length | u64 seq | 32-byte chain link | 24-byte nonce | ciphertext (length bytes)
///
/// (little-endian). The record is XChaCha20-Poly1305 encrypted; the owner, seq and link are
/// its associated data, so none of them can be changed, and no frame moved to another log,
/// without failing authentication. The link (keyed BLAKE2b over the previous link, seq and
/// record) is in the clear so that a writer can continue the chain and `head` can be read
/// cheaply; it reveals nothing without the chain key.
enum AuditFrame {
    static let magic = Array("RVAUDIT1".utf8)
    static let headerSize = 4 + 8 + 32 + 24
    /// Larger lengths are damage, not records.
    static let maxCiphertext = 16 << 20
    static let genesis = [UInt8](repeating: 0, count: 32)

    struct Raw {
        let offset: Int
        let seq: UInt64
        let link: [UInt8]
        let nonce: [UInt8]
        let ciphertext: [UInt8]
        var end: Int { offset + headerSize + ciphertext.count }
    }

    /// One record sealed as a frame.
    static func seal(_ plaintext: [UInt8], seq: UInt64, link: [UInt8], owner: String, keys: AuditKeys) -> [UInt8] {
        let nonce = Sodium.randomBytes(24)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: UInt64 = 0
        let ad = associatedData(owner: owner, seq: seq, link: link)
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
            &ciphertext, &length, plaintext, UInt64(plaintext.count), ad, UInt64(ad.count),
            nil, nonce, keys.encryption)
        var frame = [UInt8]()
        frame.reserveCapacity(headerSize + ciphertext.count)
        withUnsafeBytes(of: UInt32(ciphertext.count).littleEndian) { frame.append(contentsOf: $0) }
        withUnsafeBytes(of: seq.littleEndian) { frame.append(contentsOf: $0) }
        frame += link
        frame += nonce
        frame += ciphertext
        return frame
    }

    /// The record bytes of a frame, or nil when it fails authentication.
    static func open(_ raw: Raw, owner: String, keys: AuditKeys) -> [UInt8]? {
        guard raw.ciphertext.count >= 16 else { return nil }
        var plaintext = [UInt8](repeating: 0, count: raw.ciphertext.count - 16)
        var length: UInt64 = 0
        let ad = associatedData(owner: owner, seq: raw.seq, link: raw.link)
        let rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
            &plaintext, &length, nil, raw.ciphertext, UInt64(raw.ciphertext.count),
            ad, UInt64(ad.count), raw.nonce, keys.encryption)
        return rc == 0 ? Array(plaintext.prefix(Int(length))) : nil
    }

    private static func associatedData(owner: String, seq: UInt64, link: [UInt8]) -> [UInt8] {
        var ad = Array("ragvault-audit-v1\u{0}\(owner)\u{0}".utf8)
        withUnsafeBytes(of: seq.littleEndian) { ad.append(contentsOf: $0) }
        return ad + link
    }

    /// How the bytes after the last whole frame look.
    enum Tail: Equatable {
        /// The frames end exactly at the end of the bytes.
        case clean
        /// A frame was cut short at `offset` — a write interrupted by a crash (never
        /// acknowledged) or a truncation.
        case torn(offset: Int)
        /// A frame header at `offset` is impossible (its length is out of range).
        case garbage(offset: Int)
    }

    /// The clear header of the frame at `at` in `bytes` (which holds at least `headerSize`
    /// bytes from there): ciphertext length (nil when impossible), seq, link and nonce.
    static func header(_ bytes: [UInt8], at: Int) -> (length: Int?, seq: UInt64, link: [UInt8], nonce: [UInt8]) {
        let length = Int(readUInt32(bytes, at))
        return (
            length >= 16 && length <= maxCiphertext ? length : nil, readUInt64(bytes, at + 4),
            Array(bytes[(at + 12)..<(at + 44)]), Array(bytes[(at + 44)..<(at + 68)])
        )
    }

    /// Splits `bytes` (starting at file offset `base`, on a frame boundary) into frames.
    static func split(_ bytes: [UInt8], base: Int) -> (frames: [Raw], tail: Tail) {
        var frames: [Raw] = []
        var at = 0
        while at < bytes.count {
            guard bytes.count - at >= headerSize else { return (frames, .torn(offset: base + at)) }
            let header = header(bytes, at: at)
            guard let length = header.length else { return (frames, .garbage(offset: base + at)) }
            guard bytes.count - at - headerSize >= length else { return (frames, .torn(offset: base + at)) }
            frames.append(
                Raw(
                    offset: base + at, seq: header.seq, link: header.link, nonce: header.nonce,
                    ciphertext: Array(bytes[(at + headerSize)..<(at + headerSize + length)])))
            at += headerSize + length
        }
        return (frames, .clean)
    }

    private static func readUInt32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }
    }

    private static func readUInt64(_ b: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
    }
}
