import Foundation

/// A secret hidden as base64 of a whole token (e.g. a Kubernetes secret, a `.dockercfg`):
/// long base64 runs are decoded once and the decoded bytes scanned for secrets; a hit marks
/// the whole run.
enum Base64Evasion {
    static func scan(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Candidate],
                     secretScan: (UnsafeBufferPointer<UInt8>) -> [Candidate]) {
        let classes = Bytes.classes
        var i = 0
        while i < s.count {
            guard classes[Int(s[i])] & Bytes.base64Flag != 0, i == 0 || classes[Int(s[i - 1])] & Bytes.base64Flag == 0 else { i += 1; continue }
            // Runs shorter than 24 are never decoded: sample before walking the run.
            guard i + 23 < s.count, Bytes.isBase64(s[i + 8]), Bytes.isBase64(s[i + 16]), Bytes.isBase64(s[i + 23]) else {
                i += 1
                continue
            }
            var end = i
            while end < s.count && end - i < 1 << 16 && Bytes.isBase64(s[end]) { end += 1 }
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
