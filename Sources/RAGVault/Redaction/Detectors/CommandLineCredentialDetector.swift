/// Credentials passed on command lines and in XML settings: `curl -u user:pass`,
/// `--user 'name:pass'`, `--db-password VALUE`, and `<add key="Password" value="…"/>`.
enum CommandLineCredentialDetector {
    private static let userFlags: [[UInt8]] = ["-u ", "--user ", "--user=", "-u\"", "-u\\\n", "--user\\\n", "-u\\\r\n", "--user\\\r\n"].map {
        Array($0.utf8)
    }
    private static let valueAttribute = Array("value=".utf8)
    private static let keyAttribute = Array("key=\"".utf8), nameAttribute = Array("name=\"".utf8)
    private static let secretSettingWords: [[UInt8]] = [
        "password", "passwd", "secret", "apikey", "api_key", "token",
        "connectionstring"
    ].map { Array($0.utf8) }

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { b == 0x2D || (b == 0x76 && next == 0x61) }

    /// The credential anchored at point `i` (a flag's '-', or "value=" in an XML tag); returns its end.
    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        let b = s[i]
        if b == 0x2D, i == 0 || s[i - 1] == 0x20 || s[i - 1] == 0x09 {
            if let (start, end) = userFlag(s, i) {
                out.append(Candidate(type: .password, start: start, end: end, detector: "cli_user_password")); return end
            }
            if let (start, end, type) = secretFlag(s, i) {
                out.append(Candidate(type: type, start: start, end: end, detector: "cli_secret_flag")); return end
            }
        } else if b == 0x76, Bytes.matches(s, i, valueAttribute), let (start, end) = xmlSetting(s, i) {
            out.append(Candidate(type: .password, start: start, end: end, detector: "xml_setting_secret")); return end
        }
        return nil
    }

    /// `-u user:pass` → pass (or the whole value when it has no user part).
    private static func userFlag(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard let flag = userFlags.first(where: { Bytes.matches(s, i, $0) }) else { return nil }
        var k = i + flag.count
        if flag.last == 0x22 { k -= 1 }
        while k < s.count && (s[k] == 0x20 || s[k] == 0x5C || s[k] == 0x0A || s[k] == 0x0D || s[k] == 0x09 || s[k] == 0x2F) && k - i < 24 { k += 1 }
        guard k < s.count else { return nil }
        var quote: UInt8?
        if s[k] == 0x22 || s[k] == 0x27 { quote = s[k]; k += 1 }
        let start = k
        var end = Bytes.run(s, from: start, limit: 256) { b in quote.map { b != $0 && b != 0x0A } ?? !(Bytes.isSpace(b)) }
        if quote == nil, end - 1 > start, Bytes.continuation(s, at: end - 1) > 0 { end -= 1 } // `user:pass\⏎`
        guard end > start, let colon = (start..<end).first(where: { s[$0] == 0x3A }) else { return nil }
        // "user:pass" → pass; "token:" (an API token passed as the user name) → token.
        let tokenAsUser = colon + 1 == end
        let (a, z) = tokenAsUser ? (start, colon) : (colon + 1, end)
        guard z - a >= 4, !Placeholder.isPlaceholder(s, a, z), s[a] != 0x24, s[a] != 0x5B else { return nil }
        // Documentation credentials: "user:pass", "test:test", "username:password".
        let password = String(decoding: UnsafeBufferPointer(rebasing: s[a..<z]), as: UTF8.self).lowercased()
        let user = colon > start ? String(decoding: UnsafeBufferPointer(rebasing: s[start..<colon]), as: UTF8.self).lowercased() : ""
        if Placeholder.isGenericWord(password) || (!tokenAsUser && password == user) { return nil }
        return (a, z)
    }

    /// `--db-password VALUE`, `--api-key "VALUE"`: a long option named like a secret, with its
    /// value after a space (the `=` form is an assignment and handled there).
    private static func secretFlag(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int, EntityType)? {
        guard i + 2 < s.count, s[i + 1] == 0x2D else { return nil }
        let nameEnd = Bytes.run(s, from: i + 2, limit: 64) { Bytes.isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
        guard nameEnd > i + 2, nameEnd < s.count else { return nil }
        // The value after a space, or on the next line after `\`.
        var after = nameEnd + 1
        if s[nameEnd] == 0x5C, Bytes.continuation(s, at: nameEnd) > 0 {
            after = nameEnd + Bytes.continuation(s, at: nameEnd)
            while after < s.count && (s[after] == 0x20 || s[after] == 0x09) && after - nameEnd < 16 { after += 1 }
        } else if s[nameEnd] != 0x20 {
            return nil
        }
        var key = [UInt8]()
        for j in (i + 2)..<nameEnd { key.append(s[j] == 0x2D ? 0x5F : Bytes.lower(s[j])) }
        guard AssignmentDetector.strength(for: key) != nil, after < s.count, s[after] != 0x2D else { return nil }
        return AssignmentDetector.value(s, after: after, key: key, keyStart: i + 2)
    }

    /// `<add key="DbPassword" value="s3cr3t"/>`: the value of a setting whose name is secret-ish.
    private static func xmlSetting(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> (Int, Int)? {
        var k = at - 1
        while k >= 0 && s[k] != 0x3C && s[k] != 0x3E && at - k < 200 { k -= 1 }
        guard k >= 0, s[k] == 0x3C else { return nil }
        guard
            let attribute = Bytes.firstIndex(of: keyAttribute, in: s, from: k, to: at).map({ $0 + keyAttribute.count })
                ?? Bytes.firstIndex(of: nameAttribute, in: s, from: k, to: at).map({ $0 + nameAttribute.count })
        else { return nil }
        let name = (attribute..<Bytes.run(s, from: attribute, limit: at - attribute) { $0 != 0x22 }).map { Bytes.lower(s[$0]) }
        guard secretSettingWords.contains(where: { AssignmentDetector.contains(name, $0) }),
            !AssignmentDetector.notSecretBytes.contains(where: { AssignmentDetector.contains(name, $0) })
        else { return nil }
        var v = at + valueAttribute.count
        guard v < s.count, s[v] == 0x22 || s[v] == 0x27 else { return nil }
        let quote = s[v]
        v += 1
        let end = Bytes.run(s, from: v, limit: 512) { $0 != quote && $0 != 0x0A }
        guard end < s.count, s[end] == quote, end - v >= 4, !Placeholder.isPlaceholder(s, v, end) else { return nil }
        return (v, end)
    }
}
