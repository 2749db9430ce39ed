/// A secret hidden as base64 of a whole token (e.g. a Kubernetes secret, a `.dockercfg`):
/// long base64 runs are decoded once and the decoded bytes scanned for secrets; a hit marks
/// the whole run.
enum Base64Evasion {
    static func scan(
        _ s: UnsafeBufferPointer<UInt8>, into out: inout [Candidate],
        secretScan: (UnsafeBufferPointer<UInt8>) -> [Candidate]
    ) {
        let minimum = 24
        var i = 0
        while i + minimum <= s.count {
            // A run of at least `minimum` starting in [i, probe] must cover `probe`: when that
            // byte is not base64, every start up to it is ruled out without looking at them.
            let probe = i + minimum - 1
            guard Bytes.isBase64(s[probe]) else { i = probe + 1; continue }
            var start = probe
            while start > i && Bytes.isBase64(s[start - 1]) { start -= 1 }
            // A run reaching back past `i` started before it and was already judged.
            if start == i && i > 0 && Bytes.isBase64(s[i - 1]) {
                i = Bytes.run(s, from: probe, Bytes.isBase64) + 1
                continue
            }
            var end = probe
            while end < s.count && end - start < 1 << 16 && Bytes.isBase64(s[end]) { end += 1 }
            i = start
            defer { i = max(end, i + 1) }
            let length = end - i
            guard length >= 24, length % 4 == 0 || s[end - 1] != 0x3D else { continue }
            guard let bytes = decodeText(s, i, end) else { continue }
            let inner = bytes.withUnsafeBufferPointer { secretScan($0) }
            if let first = inner.first {
                out.append(Candidate(type: first.type, start: i, end: end, detector: "base64:\(first.detector)"))
            }
        }
    }

    /// Base64 value of each byte, 0xFF for anything else: the standard alphabet and the URL
    /// one ('-' and '_' for 62 and 63; a JWT's parts use it, runs found here never hold it).
    private nonisolated(unsafe) static let values: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        table[0x2D] = 62
        table[0x5F] = 63
        return UnsafePointer(table)
    }()

    /// The run `s[start..<end]` decoded (padding optional), if it is valid base64 of at least
    /// `minimum` bytes of text — at least 95 % printable. Decoding stops as soon as the payload has
    /// more unprintable bytes than that allows: a hash or a binary blob is given up after a
    /// few bytes instead of being decoded whole.
    static func decodeText(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, minimum: Int = 12) -> [UInt8]? {
        var dataEnd = end
        while dataEnd > start && s[dataEnd - 1] == 0x3D { dataEnd -= 1 }
        let symbols = dataEnd - start
        // '=' only at the end, at most two, and no lone trailing symbol.
        guard end - dataEnd <= 2, symbols % 4 != 1 else { return nil }
        let count = symbols / 4 * 3 + max(0, symbols % 4 - 1)
        guard count >= minimum else { return nil }
        let allowed = count * 5 / 100
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        var unprintable = 0, bits: UInt32 = 0, held = 0
        let values = Self.values
        for k in start..<dataEnd {
            let v = values[Int(s[k])]
            guard v != 0xFF else { return nil }
            bits = bits << 6 | UInt32(v)
            held += 6
            if held >= 8 {
                held -= 8
                let b = UInt8(truncatingIfNeeded: bits >> UInt32(held))
                if !((b >= 0x20 && b < 0x7F) || b == 0x0A || b == 0x0D || b == 0x09) {
                    unprintable += 1
                    if unprintable > allowed { return nil }
                }
                bytes.append(b)
            }
        }
        return bytes
    }
}
