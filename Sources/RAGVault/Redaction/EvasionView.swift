/// A rewritten copy of the text for a second detection pass, with a map back to original
/// byte offsets: invisible characters dropped (secrets split by zero-width spaces) and
/// `%XX` escapes decoded (percent-encoded secrets). Built only when the text has either.
struct EvasionView {
    var bytes: [UInt8]
    /// For each byte of `bytes`, the offset of the original byte it came from.
    var origin: [Int]

    static func make(_ s: UnsafeBufferPointer<UInt8>) -> EvasionView? {
        guard hasInvisibleOrEscape(s) else { return nil }
        var bytes = [UInt8]()
        var origin = [Int]()
        bytes.reserveCapacity(s.count)
        origin.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let n = invisibleLength(s, i)
            if n > 0 { i += n; continue }
            if s[i] == 0x25, i + 2 < s.count, Bytes.isHex(s[i + 1]), Bytes.isHex(s[i + 2]) {
                let value = hexValue(s[i + 1]) << 4 | hexValue(s[i + 2])
                if value >= 0x20 && value < 0x7F {
                    bytes.append(value)
                    origin.append(i)
                    i += 3
                    continue
                }
            }
            bytes.append(s[i])
            origin.append(i)
            i += 1
        }
        return EvasionView(bytes: bytes, origin: origin)
    }

    /// Maps a span of the view back to original byte offsets (end exclusive). The end runs to
    /// the origin of the next view byte, so a trailing "%XX" escape (or a dropped invisible
    /// character) is covered whole.
    func originalRange(_ start: Int, _ end: Int, originalCount: Int) -> (Int, Int) {
        (origin[start], end < origin.count ? origin[end] : originalCount)
    }

    private static func hexValue(_ b: UInt8) -> UInt8 {
        Bytes.isDigit(b) ? b - 0x30 : (Bytes.lower(b) - 0x61 + 10)
    }

    /// UTF-8 length of an invisible character at `i` (zero-width, bidi, soft hyphen, tags), or 0.
    static func invisibleLength(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = s[i]
        if b == 0xC2, i + 1 < s.count, s[i + 1] == 0xAD { return 2 } // U+00AD
        if b == 0xE2, i + 2 < s.count {
            let b1 = s[i + 1], b2 = s[i + 2]
            if b1 == 0x80, (0x8B...0x8F).contains(b2) || (0xAA...0xAE).contains(b2) { return 3 } // U+200B–F, U+202A–E
            if b1 == 0x81, (0xA0...0xAF).contains(b2) { return 3 } // U+2060–206F
        }
        if b == 0xEF, i + 2 < s.count, s[i + 1] == 0xBB, s[i + 2] == 0xBF { return 3 } // U+FEFF
        if b == 0xF3, i + 3 < s.count, s[i + 1] == 0xA0, (0x80...0x81).contains(s[i + 2]) { return 4 } // U+E0000–E007F
        return 0
    }

    /// Whether a second view would differ: an invisible character, or a `%XX` escape that
    /// decodes to a printable character an encoded secret could consist of (letters, digits,
    /// token punctuation) — not format strings like "%02x" in code, which are left alone.
    private static func hasInvisibleOrEscape(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = s.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < s.count {
            // Eight plain ASCII bytes without a '%' at a time (SWAR: a zero byte of x ^ "%%%…"
            // shows as a high bit of (v - 0x01…) & ~v).
            if i + 8 <= s.count {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let v = x ^ 0x2525_2525_2525_2525
                if (x | ((v &- 0x0101_0101_0101_0101) & ~v)) & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            defer { i += 1 }
            let b = s[i]
            if ScanIndex.mayHide(b) {
                if b == 0x25 {
                    if i + 2 < s.count && Bytes.isHex(s[i + 1]) && Bytes.isHex(s[i + 2]) {
                        let value = hexValue(s[i + 1]) << 4 | hexValue(s[i + 2])
                        if Bytes.isWord(value) || value == 0x2E || value == 0x2F || value == 0x2B || value == 0x3D
                            || value == 0x3A || value == 0x40 || value == 0x7E
                        {
                            return true
                        }
                    }
                } else if invisibleLength(s, i) > 0 {
                    return true
                }
            }
        }
        return false
    }
}
