import Foundation

/// A secret hidden as base64 of a whole token (e.g. a Kubernetes secret, a `.dockercfg`):
/// long base64 runs are decoded once and the decoded bytes scanned for secrets; a hit marks
/// the whole run.
enum Base64Evasion {
    static func scan(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Candidate],
                     secretScan: (UnsafeBufferPointer<UInt8>) -> [Candidate]) {
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
            let text = String(decoding: UnsafeBufferPointer(rebasing: s[i..<end]), as: UTF8.self)
            guard let decoded = Data(base64Encoded: text, options: .ignoreUnknownCharacters) ?? Data(base64Encoded: text + String(repeating: "=", count: (4 - length % 4) % 4)),
                  decoded.count >= 12 else { continue }
            let bytes = Array(decoded)
            // Only text-like payloads: binary blobs decode to noise that can look like anything.
            let printable = bytes.filter { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }.count
            guard printable * 100 >= bytes.count * 95 else { continue }
            let inner = bytes.withUnsafeBufferPointer { secretScan($0) }
            if let first = inner.first {
                out.append(Candidate(type: first.type, start: i, end: end, detector: "base64:\(first.detector)"))
            }
        }
    }
}
