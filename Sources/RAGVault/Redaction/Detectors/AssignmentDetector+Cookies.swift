/// Session cookies in `Cookie:` and `Set-Cookie:` headers (RFC 6265): whoever holds one is
/// logged in. A cookie's value counts when it looks generated — long, varied, letters and
/// digits — whatever the cookie is called (`sessionid`, `JSESSIONID`, `auth_session`, `_gh_sess`);
/// short values and flags (`csrftoken=abc`, `theme=dark`, `Path=/`) stay.
extension AssignmentDetector {
    private static let cookieHeader = Array("cookie".utf8)

    /// The cookies of the header whose ':' is at `colon`, if the name before it is `Cookie` or
    /// `Set-Cookie`; returns the end of the header's line.
    static func cookies(_ s: UnsafeBufferPointer<UInt8>, colon: Int, into out: inout [Candidate]) -> Int? {
        guard colon >= 6, Bytes.lower(s[colon - 1]) == 0x65, Bytes.matchesIgnoringCase(s, colon - 6, cookieHeader),
            colon == 6 || !Bytes.isAlnum(s[colon - 7]) || s[colon - 7] == 0x2D
        else { return nil }
        let lineEnd = CredentialStructure.lineEnd(s, colon)
        var k = colon + 1
        while k < lineEnd {
            // name=value, up to ';' or the end of the line.
            let pairEnd = Bytes.run(s, from: k, limit: lineEnd - k) { $0 != 0x3B }
            if let equals = (k..<pairEnd).first(where: { s[$0] == 0x3D }) {
                var (a, z) = (equals + 1, pairEnd)
                while z > a && Bytes.isSpace(s[z - 1]) { z -= 1 }
                if z - a >= 2, s[a] == 0x22, s[z - 1] == 0x22 { (a, z) = (a + 1, z - 1) }
                if isGeneratedCookie(s, a, z) { out.append(Candidate(type: .genericSecret, start: a, end: z, detector: "session_cookie")) }
            }
            k = pairEnd + 1
        }
        return lineEnd
    }

    private static func isGeneratedCookie(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        guard z - a >= 16, z - a <= 4096, distinct(s, a, z) >= 10, !Placeholder.isPlaceholder(s, a, z) else { return false }
        // Letters among the digits: `GA1.2.1234567890.1612345678` (analytics) is numbers.
        var letters = 0, digits = 0
        for k in a..<z {
            if Bytes.isAlpha(s[k]) { letters += 1 } else if Bytes.isDigit(s[k]) { digits += 1 } else if Bytes.isSpace(s[k]) { return false }
        }
        return letters >= 4 && digits > 0 && !isUUIDOnly(s, a, z)
    }

    /// A bare UUID names a visitor or a request (`_ga`-style analytics ids are longer).
    private static func isUUIDOnly(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool { z - a == 36 && isUUID(s, a, z) }
}
