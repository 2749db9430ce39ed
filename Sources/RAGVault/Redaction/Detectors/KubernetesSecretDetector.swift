/// The `data:` values of a Kubernetes `kind: Secret` manifest: base64 of the secret itself,
/// however short (`YWRtaW46cGFzc3dvcmQ=` is "admin:password").
enum KubernetesSecretDetector {
    private static let dataKey = Array("data:".utf8)

    private static let documentSeparator = Array("---".utf8)
    private static let kindKey = Array("kind".utf8)

    /// Whether `isKindKey` can hold at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { b == 0x3A }

    /// Whether the point at `i` is the ':' of a "kind:" key. Without one a text holds no
    /// manifest, so the walk asks this at every point and calls `scanManifests` only if seen.
    @inline(__always)
    static func isKindKey(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        s[i] == 0x3A && Bytes.matchesIgnoringCase(s, i - kindKey.count, kindKey)
    }

    static func scanManifests(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        // A stream may hold several YAML documents ("---"); only those of kind Secret count.
        var docStart = 0
        while docStart < s.count {
            var docEnd = docStart
            while docEnd < s.count && !(s[docEnd] == 0x0A && Bytes.matches(s, docEnd + 1, documentSeparator)) { docEnd += 1 }
            let doc = UnsafeBufferPointer(rebasing: s[docStart..<docEnd])
            if isSecretManifest(doc) {
                var found: [Candidate] = []
                scanDataBlocks(doc, into: &found)
                out.append(contentsOf: found.map { Candidate(type: $0.type, start: $0.start + docStart, end: $0.end + docStart, detector: $0.detector) })
            }
            docStart = docEnd + 1
        }
    }

    private static func scanDataBlocks(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        var i = 0
        while i < s.count {
            guard Bytes.matches(s, i, dataKey) else { i += 1; continue }
            var lineStart = i
            while lineStart > 0 && s[lineStart - 1] != 0x0A { lineStart -= 1 }
            guard (lineStart..<i).allSatisfy({ s[$0] == 0x20 || s[$0] == 0x09 }) else { i += 1; continue }
            let dataIndent = i - lineStart
            var k = i + dataKey.count
            // Each following line indented deeper: `name: base64` (or a block scalar below it).
            while k < s.count {
                guard s[k] == 0x0A else { k += 1; continue }
                let entryStart = k + 1
                let indentEnd = Bytes.run(s, from: entryStart, limit: 64) { $0 == 0x20 || $0 == 0x09 }
                if indentEnd - entryStart <= dataIndent { break }
                let colon = Bytes.run(s, from: indentEnd, limit: 128) { $0 != 0x3A && $0 != 0x0A }
                guard colon < s.count, s[colon] == 0x3A else { k = colon; continue }
                var v = colon + 1
                while v < s.count && (s[v] == 0x20 || s[v] == 0x22 || s[v] == 0x27 || s[v] == 0x3E || s[v] == 0x7C) { v += 1 }
                if v < s.count && s[v] == 0x0A {
                    v += 1
                    while v < s.count && (s[v] == 0x20 || s[v] == 0x09) { v += 1 }
                }
                let end = Bytes.run(s, from: v, limit: 1 << 16, Bytes.isBase64)
                if end - v >= 8, !Placeholder.isPlaceholder(s, v, end) {
                    out.append(Candidate(type: .genericSecret, start: v, end: end, detector: "kubernetes_secret_data"))
                }
                k = max(end, v)
            }
            i = k
        }
    }

    /// `kind: Secret` (any quoting or case) appears in the text.
    private static func isSecretManifest(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let kind = Array("kind:".utf8), secret = Array("secret".utf8)
        var i = 0
        while i < s.count {
            if (s[i] | 0x20) == 0x6B, Bytes.matchesIgnoringCase(s, i, kind) {
                var k = i + kind.count
                while k < s.count && (s[k] == 0x20 || s[k] == 0x22 || s[k] == 0x27) { k += 1 }
                let end = k + secret.count
                if Bytes.matchesIgnoringCase(s, k, secret) && (end == s.count || !Bytes.isAlpha(s[end])) { return true }
            }
            i += 1
        }
        return false
    }
}
