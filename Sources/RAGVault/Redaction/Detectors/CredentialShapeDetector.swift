/// Secrets recognised by shape rather than by provider: PEM/OpenSSH/PGP private key blocks,
/// JSON Web Tokens, and credentials embedded in URLs (`scheme://user:pass@host`).
enum CredentialShapeDetector {
    private static let begin = Array("-----BEGIN ".utf8)
    private static let endMarker = Array("-----END ".utf8)
    private static let privateKey = Array("PRIVATE KEY".utf8)
    private static let pgpPrivate = Array("PGP PRIVATE KEY BLOCK".utf8)
    private static let dashes = Array("-----".utf8)
    private static let jwtStart = Array("eyJ".utf8)

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { (b == 0x2D && next == 0x2D) || (b == 0x65 && next == 0x79) || (b == 0x3A && next == 0x2F) }

    /// The credential anchored at point `i`, if any; returns its end.
    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        let b = s[i]
        if b == 0x2D, Bytes.matches(s, i, begin), let end = privateKeyBlock(s, i) {
            out.append(Candidate(type: .privateKey, start: i, end: end, detector: "private_key_block"))
            return end
        }
        if b == 0x65, i + 2 < s.count, s[i + 1] == 0x79, s[i + 2] == 0x4A,
            i == 0 || !Bytes.isBase64URL(s[i - 1]), let end = jwt(s, i)
        {
            out.append(Candidate(type: .jwt, start: i, end: end, detector: "jwt"))
            return end
        }
        if b == 0x3A, i + 2 < s.count, s[i + 1] == 0x2F, s[i + 2] == 0x2F, let (start, end) = urlCredential(s, i) {
            out.append(Candidate(type: .urlCredential, start: start, end: end, detector: "url_credentials"))
            return end
        }
        return nil
    }

    /// "-----BEGIN … PRIVATE KEY-----" through the matching END line; an unterminated block
    /// runs to the end of its base64 body, so a truncated key is still removed.
    private static func privateKeyBlock(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let labelStart = i + begin.count
        let labelEnd = Bytes.run(s, from: labelStart, limit: 64) { Bytes.isUpper($0) || $0 == 0x20 || Bytes.isDigit($0) }
        guard Bytes.matches(s, labelEnd, dashes) else { return nil }
        let label = labelStart..<labelEnd
        let isPrivate =
            (label.count >= privateKey.count && Bytes.matches(s, labelEnd - privateKey.count, privateKey))
            || (label.count == pgpPrivate.count && Bytes.matches(s, labelStart, pgpPrivate))
        guard isPrivate else { return nil }
        var k = labelEnd + dashes.count
        let bodyStart = k
        while k < s.count {
            if s[k] == 0x2D && Bytes.matches(s, k, endMarker) {
                var base64 = 0
                for j in bodyStart..<k where Bytes.isAlnum(s[j]) || s[j] == 0x2B || s[j] == 0x2F { base64 += 1 }
                guard base64 >= 64 else { return nil }
                let close = Bytes.run(s, from: k + endMarker.count, limit: 64) { Bytes.isUpper($0) || $0 == 0x20 || Bytes.isDigit($0) }
                return Bytes.matches(s, close, dashes) ? close + dashes.count : close
            }
            // Body: base64, headers ("Proc-Type: …"), line breaks, escaped "\n" in JSON.
            let c = s[k]
            guard Bytes.isBase64(c) || Bytes.isSpace(c) || c == 0x5C || c == 0x3A || c == 0x2C || c == 0x2D || c == 0x22 else { break }
            k += 1
        }
        // A real key has a long base64 body; "BEGIN … anything … END" is documentation.
        let end = truncatedBodyEnd(s, quote: i > 0 && (s[i - 1] == 0x22 || s[i - 1] == 0x27) ? s[i - 1] : nil, from: bodyStart, to: k)
        var base64 = 0
        for j in bodyStart..<end where Bytes.isAlnum(s[j]) || s[j] == 0x2B || s[j] == 0x2F { base64 += 1 }
        return base64 >= 64 ? end : nil
    }

    /// Where a block with no END line stops: inside a string (`"-----BEGIN …\nMIIE…"`) at the
    /// string's closing quote; otherwise after the last line that is body — base64, blank, or
    /// a header (`Proc-Type: 4,ENCRYPTED`) — so the text after a cut-off key stays readable.
    private static func truncatedBodyEnd(_ s: UnsafeBufferPointer<UInt8>, quote: UInt8?, from start: Int, to limit: Int) -> Int {
        if let quote {
            return (start..<limit).first { s[$0] == quote && s[$0 - 1] != 0x5C } ?? limit
        }
        var end = start, line = start
        while line < limit {
            let next = (line..<limit).first { s[$0] == 0x0A } ?? limit
            var z = next
            if z > line, s[z - 1] == 0x0D { z -= 1 }
            let isBody = isBase64Line(s, line, z) || isHeaderLine(s, line, z)
            guard isBody else { break }
            end = z
            line = next + 1
        }
        return end
    }

    /// Base64, or base64 words with blanks between them where a key was pasted onto one line
    /// (a word of 16 or more: "next line stays" is prose).
    private static func isBase64Line(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        var word = 0, longest = 0, blanks = false
        for k in a..<z {
            let c = s[k]
            if c == 0x20 || c == 0x09 {
                blanks = true
                word = 0
            } else if Bytes.isBase64(c) {
                word += 1
                longest = max(longest, word)
            } else {
                return false
            }
        }
        return !blanks || longest >= 16
    }

    /// `Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-128-CBC,…`, `Comment: "…"`: RFC 1421 / 4880 headers.
    private static func isHeaderLine(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        let name = Bytes.run(s, from: a, limit: z - a) { Bytes.isAlnum($0) || $0 == 0x2D }
        return name > a && name + 1 < z && s[name] == 0x3A && s[name + 1] == 0x20 && Bytes.isUpper(s[a])
    }

    /// header.payload[.signature], base64url; the header must decode to a JSON object, so
    /// random "eyJ…" strings are not taken for tokens. Unsigned tokens still carry claims.
    private static func jwt(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let a = Bytes.run(s, from: i, limit: 4096, Bytes.isBase64URL)
        guard a - i >= 10, a < s.count, s[a] == 0x2E else { return nil }
        let b = Bytes.run(s, from: a + 1, limit: 16384, Bytes.isBase64URL)
        guard b - a - 1 >= 10, Bytes.matches(s, a + 1, jwtStart) || (b < s.count && s[b] == 0x2E) else { return nil }
        guard isJSONObject(s, i, a) else { return nil }
        guard b < s.count, s[b] == 0x2E else { return b }
        let c = Bytes.run(s, from: b + 1, limit: 4096, Bytes.isBase64URL)
        return c - b - 1 >= 10 ? c : b + 1
    }

    /// Whether a JWT's first part decodes to text shaped like a JSON object — `{"…": …}` —
    /// checked on the bytes (it starts "eyJ", so '{"' is given; a parser is not needed to tell
    /// a header from noise, and it was most of a dense text's JWT cost).
    private static func isJSONObject(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard let text = Base64Evasion.decodeText(s, start, end, minimum: 7) else { return false }
        var last = text.count - 1
        while last > 0 && Bytes.isSpace(text[last]) { last -= 1 }
        return text.first == 0x7B && text[last] == 0x7D && text.contains(0x3A)
    }

    /// `scheme://user:password@host` → the password (the user name is kept readable).
    private static func urlCredential(_ s: UnsafeBufferPointer<UInt8>, _ colon: Int) -> (Int, Int)? {
        var k = colon - 1
        while k >= 0 && (Bytes.isAlnum(s[k]) || s[k] == 0x2B || s[k] == 0x2E || s[k] == 0x2D) && colon - k <= 32 { k -= 1 }
        guard colon - k - 1 >= 2 else { return nil } // a scheme of at least two letters
        let userStart = colon + 3
        // Quotes, ';' and ',' end a string in practice, so they end the user info too.
        let isUserInfo: (UInt8) -> Bool = { b in
            Bytes.isWord(b) || b == 0x2E || b == 0x7E || b == 0x25 || b == 0x21 || b == 0x24 || b == 0x26 || b == 0x2B || b == 0x3D
        }
        let userEnd = Bytes.run(s, from: userStart, limit: 128, isUserInfo)
        guard userEnd < s.count, s[userEnd] == 0x3A else { return nil }
        let passStart = userEnd + 1
        // Any RFC 3986 sub-delimiter ("!$&'()*+,;=") or percent-escape may be in a password;
        // the '@' and host that must follow keep prose out.
        // A quote that opened the string holding the URL closes it, so it is not in the password.
        let opening: UInt8? = k >= 0 && (s[k] == 0x27 || s[k] == 0x22) ? s[k] : nil
        let passEnd = Bytes.run(s, from: passStart, limit: 256) { b in
            (isUserInfo(b) || b == 0x3A || b == 0x27 || b == 0x28 || b == 0x29 || b == 0x2A || b == 0x2C || b == 0x3B) && b != opening
        }
        guard passEnd < s.count, s[passEnd] == 0x40, passEnd > passStart else { return nil }
        // "…8000';@x": a string ended and something else began.
        if s[passEnd - 1] == 0x27 || s[passEnd - 1] == 0x3B || s[passEnd - 1] == 0x2C { return nil }
        // A host must follow the '@'.
        guard passEnd + 1 < s.count, Bytes.isAlnum(s[passEnd + 1]) || s[passEnd + 1] == 0x5B else { return nil }
        if s[passStart] == 0x24 || s[passStart] == 0x7B || s[passStart] == 0x3C { return nil } // $VAR, {var}, <pass>
        return (passStart, passEnd)
    }
}
