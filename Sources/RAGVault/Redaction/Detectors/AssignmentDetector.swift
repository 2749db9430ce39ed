/// Secrets assigned to secret-sounding names in config and code (`password = "…"`,
/// `api_key: …`, `"client_secret": "…"`, `--db-password=…`), `Authorization:` headers, and
/// high-entropy values next to secret-ish keywords.
enum AssignmentDetector {
    /// How strong a value must be for a key to count.
    enum Strength { case password, token }

    /// Key suffixes (lower-case, after normalising `-`/`.` to `_`) and the value rule they imply.
    private static let keywords: [(String, Strength)] = [
        ("password", .password), ("passwd", .password), ("pwd", .password), ("pass", .password), ("pw", .password),
        ("passphrase", .password), ("credentials", .password), ("credential", .password), ("auth", .password),
        ("secret", .token), ("secretkey", .token), ("apikey", .token), ("api_key", .token), ("access_key", .token),
        ("privatekey", .token), ("private_key", .token), ("token", .token), ("authtoken", .token), ("bearer", .token),
        ("key", .token), ("sas", .token), ("sig", .token), ("accountkey", .token), ("connection_string", .token), ("dsn", .token),
        ("accesskey", .token), ("secret_key_base", .token), ("keybase", .token), ("salt", .token),
        // A TOTP seed, a wallet's mnemonic (BIP-39 words).
        ("seed", .token), ("mnemonic", .password)
    ]
    /// Long keywords also match inside run-together names (SOFTLAYERAPIKEY, clientsecret);
    /// short ones only as a whole component ("bypass" is not "pass", "monkey" is not "key").
    private static let matchesInsideWords: Set<String> = [
        "password", "passwd", "passphrase", "credentials", "secret",
        "secretkey", "apikey", "privatekey", "authtoken", "accountkey", "accesskey"
    ]
    /// Names that hold identifiers or public values, however secret they sound.
    static let notSecretNames: [String] = [
        "public", "publishable", "csrf", "xsrf", "authenticity", "_id", "keyid", "key_id", "_name",
        "_path", "_file", "_url", "_type", "_length", "_size", "_format", "_version", "_env",
        // Pagination and cancellation: a cursor, not a credential (`nextPageToken`, `NextToken`).
        "next_token", "page_token", "continuation_token", "cancellation_token", "sync_token"
    ]
    private static let authorization = Array("authorization".utf8)
    private static let passphrase = Array("passphrase".utf8)
    private static let credential = Array("credential".utf8), credentials = Array("credentials".utf8)
    private static let mnemonic = Array("mnemonic".utf8)
    private static let schemes: [[UInt8]] = ["bearer ", "basic ", "token ", "bot ", "digest "].map { Array($0.utf8) }

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { b == 0x3D || b == 0x3A }

    /// The assigned value after the separator at point `i`, if any; returns where scanning
    /// resumes (past the value, or past a `://` or `==` that is no separator).
    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        let b = s[i]
        guard b == 0x3D || b == 0x3A else { return nil } // '=' or ':'
        if b == 0x3A, i + 2 < s.count, s[i + 1] == 0x2F, s[i + 2] == 0x2F { return i + 3 } // scheme://
        if b == 0x3D, i + 1 < s.count, s[i + 1] == 0x3D { return i + 2 } // '==' comparison
        if b == 0x3A, i + 1 < s.count, s[i + 1] == 0x3A { return i + 2 } // C++ scope "node::credentials::"
        if b == 0x3A, i > 0, s[i - 1] == 0x3A { return nil }
        if b == 0x3A, i + 1 < s.count, s[i + 1] == 0x0A || s[i + 1] == 0x0D || s[i + 1] == 0x20 && i + 2 < s.count && !Bytes.isAlnum(s[i + 2]),
            let end = yamlBlock(s, colon: i, into: &out)
        {
            return end
        }
        if b == 0x3A, let end = cookies(s, colon: i, into: &out) { return end }
        guard let (key, keyStart) = keyBefore(s, i) ?? namedBySurroundings(s, i) else { return VendorKeyDetector.visit(s, i, into: &out) }
        var valueStart = i + 1
        if valueStart < s.count, s[valueStart] == 0x3D || s[valueStart] == 0x3E { valueStart += 1 } // := =>
        guard let (start, end, type) = value(s, after: valueStart, key: key, keyStart: keyStart) else { return nil }
        out.append(Candidate(type: type, start: start, end: end, detector: type == .authHeader ? "authorization_header" : "secret_assignment"))
        return max(end, i + 1)
    }

    /// The identifier before a separator (skipping a closing quote and spaces), lower-cased
    /// with `-` and `.` folded to `_`.
    private static func keyBefore(_ s: UnsafeBufferPointer<UInt8>, _ sep: Int) -> ([UInt8], Int)? {
        var k = Bytes.skipBlanksBackward(s, from: sep - 1)
        if k >= 0 && s[k] == 0x5D { k -= 1 } // key] / ['key']
        if k >= 0 && (s[k] == 0x22 || s[k] == 0x27) { k -= 1 } // "key": / 'key': / ['key']
        if k >= 0 && s[k] == 0x5C { k -= 1 } // \"key\": inside a JSON string
        let end = k + 1
        while k >= 0 && (Bytes.isWord(s[k]) || s[k] == 0x2E) && end - k <= 64 { k -= 1 }
        var start = k + 1
        if start < end, Bytes.isEscapeLetter(s, at: start) { start += 1 } // "\ntoken:" inside a JSON string
        guard end > start, mayNameSecret(s, start, end) || mayNameSecret(s, start, end - wrapperLength(s, start, end)) else { return nil }
        if end - start == 3, let modifier = wordBefore(s, start) {
            // "API key:", "Secret Key =", "License key:" — a name in two words whose last, alone,
            // names nothing: read as the one-word name (`api_key`) and judged by its rules.
            return (foldedKey(s, modifier, start - 1) + [0x5F] + foldedKey(s, start, end), modifier)
        }
        return (foldedKey(s, start, end), start)
    }

    /// The start of a word of letters right before `start` across one blank, at a line's or a
    /// quote's start or after a blank — when `s[start..<start + 3]` is a bare "key".
    private static func wordBefore(_ s: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard fold(s[start]) == 0x6B, fold(s[start + 1]) == 0x65, fold(s[start + 2]) == 0x79,
            start >= 3, s[start - 1] == 0x20 || s[start - 1] == 0x09
        else { return nil }
        let end = start - 1
        var k = end
        while k > 0 && Bytes.isAlpha(s[k - 1]) && end - k < 24 { k -= 1 }
        guard end - k >= 2, k == 0 || Bytes.isSpace(s[k - 1]) || s[k - 1] == 0x22 || s[k - 1] == 0x27 || s[k - 1] == 0x7C else { return nil }
        return k
    }

    /// Whether the key at `start..<end` (folded as `keyBefore` folds it) ends in a keyword or
    /// in "authorization": almost every ':' and '=' fails this, before any key is copied.
    private static func mayNameSecret(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let last = fold(s[end - 1])
        guard last < 128 else { return false }
        var candidates = keywordsByLastByte[Int(last)]
        while candidates != 0 {
            let n = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            if endsWith(s, start, end, keywordBytes[n].0) { return true }
        }
        return last == 0x6E && endsWith(s, start, end, authorization)
    }

    /// For each ASCII byte, one bit per keyword ending in it: most keys end in a byte no
    /// keyword ends in, or in one or two that do.
    private static let keywordsByLastByte: [UInt64] = {
        precondition(keywordBytes.count <= 64, "a bit per keyword")
        var table = [UInt64](repeating: 0, count: 128)
        for (n, k) in keywordBytes.enumerated() { table[Int(k.0.last!)] |= 1 << UInt64(n) }
        return table
    }()

    @inline(__always) private static func fold(_ b: UInt8) -> UInt8 { b == 0x2D || b == 0x2E ? 0x5F : Bytes.lower(b) }

    /// `s[start..<end]` as keys are compared: lower case, `-` and `.` as `_`, and a camel-case
    /// join as `_` too — `apiToken`, `accessToken` are `api_token`, `access_token`, so the short
    /// keywords that name only a whole component name them.
    static func foldedKey(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [UInt8] {
        var key = [UInt8]()
        key.reserveCapacity(end - start + 2)
        for j in start..<end {
            if j > start, Bytes.isUpper(s[j]), Bytes.isLower(s[j - 1]) { key.append(0x5F) }
            key.append(fold(s[j]))
        }
        return key
    }

    /// Whether the folded `key` ends in `word` (folding a folded key changes nothing).
    private static func endsWith(_ key: [UInt8], _ word: [UInt8]) -> Bool {
        key.withUnsafeBufferPointer { endsWith($0, 0, key.count, word) }
    }

    private static func endsWith(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ word: [UInt8]) -> Bool {
        guard end - start >= word.count else { return false }
        let from = end - word.count
        for j in 0..<word.count where fold(s[from + j]) != word[j] { return false }
        return true
    }

    static let keywordBytes: [([UInt8], Strength, Bool)] = keywords.map { (Array($0.0.utf8), $0.1, matchesInsideWords.contains($0.0)) }
    static let notSecretBytes: [[UInt8]] = notSecretNames.map { Array($0.utf8) }
    private static let bareKeys: [[UInt8]] = [Array("key".utf8), Array("x:key".utf8)]
    /// Keys that name a record or an object, not a credential: an object store's object key,
    /// a database's primary, foreign, partition or sort key, a cache, routing or idempotency
    /// key. Matched as the end of the name, as a whole component ("s3_bucket_key").
    private static let recordKeys: [[UInt8]] = [
        "bucket_key", "object_key", "s3_key", "cache_key", "sort_key", "partition_key", "primary_key", "foreign_key", "row_key",
        "range_key", "routing_key", "lookup_key", "map_key", "dict_key", "idempotency_key", "dedup_key", "dedupe_key",
        "composite_key", "natural_key", "surrogate_key", "unique_key", "shard_key", "message_key", "group_key"
    ].map { Array($0.utf8) }

    /// Words that wrap a credential's name without changing what it holds: "secret_string",
    /// "SecretString", "password_value", "token_data".
    private static let wrappers: [[UInt8]] = ["_string", "string", "_value", "value", "_data", "_text", "_plaintext", "plaintext"].map { Array($0.utf8) }

    /// The length of a wrapper word ending `s[start..<end]` (folded), or 0.
    private static func wrapperLength(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        // Every ':' and '=' of a text gets here when its key names no secret: one byte rules
        // out most keys ("…g", "…e", "…a", "…t" end the wrappers).
        let last = fold(s[end - 1])
        guard end - start > 6, last == 0x67 || last == 0x65 || last == 0x61 || last == 0x74 else { return 0 }
        for w in wrappers where end - start > w.count && endsWith(s, start, end, w) { return w.count }
        return 0
    }

    static func strength(for key: [UInt8]) -> Strength? {
        if let found = unwrappedStrength(for: key) { return found }
        for w in wrappers where key.count > w.count && key.last == w.last && endsWith(key, w) {
            return unwrappedStrength(for: Array(key.dropLast(w.count)))
        }
        return nil
    }

    private static func unwrappedStrength(for key: [UInt8]) -> Strength? {
        // Only the keywords ending in the key's last byte are compared (most keys end in a
        // byte none does): almost every ':' and '=' in prose fails here.
        guard let last = key.last, last < 128 else { return nil }
        var best: Strength?
        var candidates = keywordsByLastByte[Int(last)]
        while candidates != 0 {
            let n = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            let (w, strength, inside) = keywordBytes[n]
            guard key.count >= w.count, endsWith(key, w) else { continue }
            let before = key.count - w.count - 1
            if before >= 0 && key[before] != 0x5F && !inside { continue }
            best = strength == .password ? .password : (best ?? .token)
            if best == .password { break }
        }
        guard let found = best else { return nil }
        // A bare "key" names a dictionary key or an XML attribute far more often than a secret.
        if bareKeys.contains(key) { return nil }
        for name in recordKeys where key.count >= name.count && key.last == name.last && endsWith(key, name) {
            if key.count == name.count || key[key.count - name.count - 1] == 0x5F { return nil }
        }
        for name in notSecretBytes where contains(key, name) { return nil }
        return found
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard hay.count >= needle.count else { return false }
        // Byte by byte over the buffers: a slice compared with `elementsEqual` was most of the
        // time of a key that names a secret.
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                candidates: for k in 0...(h.count - n.count) where h[k] == n[0] {
                    for j in 1..<n.count where h[k + j] != n[j] { continue candidates }
                    return true
                }
                return false
            }
        }
    }

    static func value(_ s: UnsafeBufferPointer<UInt8>, after: Int, key: [UInt8], keyStart: Int) -> (Int, Int, EntityType)? {
        var k = Bytes.skipBlanks(s, from: after)
        guard k < s.count else { return nil }
        // Authorization: Bearer <token>
        if key == authorization || key.count > authorization.count && Array(key.suffix(authorization.count)) == authorization {
            // "Authorization: <scheme> <credentials>" or a bare credential; the scheme word
            // (Bearer, Basic, Token, Api-Token, …) stays visible.
            let isToken: (UInt8) -> Bool = { Bytes.isBase64($0) || Bytes.isWord($0) || $0 == 0x2E || $0 == 0x7E || $0 == 0x40 }
            if s[k] == 0x22 || s[k] == 0x27 { k += 1 } // headers={"Authorization": "Bearer …"}
            guard k < s.count else { return nil }
            var start = k
            let word = Bytes.run(s, from: k, limit: 32) { Bytes.isAlpha($0) || $0 == 0x2D }
            if word > k, word < s.count, s[word] == 0x20 { start = word + 1 }
            while start < s.count && s[start] == 0x20 { start += 1 }
            let end = Bytes.run(s, from: start, limit: 4096, isToken)
            guard end - start >= 8, !Placeholder.isPlaceholder(s, start, end), s[start] != 0x24 else { return nil }
            // Code reading a header ("authorization = self.headers.get(…)") holds no credential.
            if end < s.count, s[end] == 0x28 || s[end] == 0x5B { return nil }
            if receiverPrefixes.contains(where: { Bytes.matchesIgnoringCase(s, start, $0) }) { return nil }
            return (start, end, .authHeader)
        }
        guard let rule = strength(for: key) else { return nil }
        // A YAML tag after "key:" ("!!str", "!Ref", "!Sub", "!vault") says how the value after
        // it is read; the tag is no part of the value, which is judged as any other is.
        if s[k] == 0x21, let colon = (0..<k).last(where: { s[$0] != 0x20 && s[$0] != 0x09 }), s[colon] == 0x3A {
            let tagEnd = Bytes.run(s, from: k + 1, limit: 64) { Bytes.isWord($0) || $0 == 0x21 || $0 == 0x3A || $0 == 0x2E }
            if tagEnd > k + 1, tagEnd < s.count, s[tagEnd] == 0x20 || s[tagEnd] == 0x09 {
                let local = s[k + 1] != 0x21
                k = tagEnd
                while k < s.count && (s[k] == 0x20 || s[k] == 0x09) { k += 1 }
                // Nothing after the tag on its line, or a block scalar ("!vault |"): no value here.
                guard k < s.count, s[k] != 0x0A, s[k] != 0x0D, s[k] != 0x7C, s[k] != 0x3E else { return nil }
                // After an application's own tag ("!Ref DbPassword", "!GetAtt Key.Value",
                // "!secret router_password") a bare name is what the application looks up.
                if local {
                    let name = Bytes.run(s, from: k, limit: 128) { Bytes.isWord($0) || $0 == 0x2E || $0 == 0x3A }
                    if name == s.count || Bytes.isSpace(s[name]) { return nil }
                }
            }
        }
        var quote: UInt8?
        // $'…' (shell ANSI-C quoting) is a literal; \"…\" is a string inside a JSON string.
        if s[k] == 0x24, k + 1 < s.count, s[k + 1] == 0x27 { k += 1 }
        let escaped = s[k] == 0x5C && k + 1 < s.count && s[k + 1] == 0x22
        if escaped { k += 1 }
        if s[k] == 0x22 || s[k] == 0x27 || s[k] == 0x60 { quote = s[k]; k += 1 }
        let start = k
        let end: Int
        if escaped {
            var k = start
            while k + 1 < s.count && k - start < 512 && !(s[k] == 0x5C && s[k + 1] == 0x22) && s[k] != 0x0A { k += 1 }
            end = k
            guard end + 1 < s.count, s[end] == 0x5C else { return nil }
        } else if let quote {
            // Up to the closing quote, stepping over escaped ones ("ab\"cd" is one value).
            var k = start
            while k < s.count && k - start < 512 && s[k] != quote && s[k] != 0x0A { k += s[k] == 0x5C && k + 1 < s.count ? 2 : 1 }
            end = k
            guard end < s.count, s[end] == quote else { return nil }
        } else {
            end = unquotedEnd(s, from: start)
        }
        if !escaped, let pieces = pieces(s, start: start, end: end, quote: quote) {
            guard let type = judgedJoined(s, pieces, after: after, key: key, keyStart: keyStart, start: start, quote: quote) else { return nil }
            return (start, pieces.end, type)
        }
        let length = end - start
        guard length > 0, !Placeholder.isPlaceholder(s, start, end), !isReference(s, start, end, quoted: quote != nil),
            quote != nil || !isDottedIdentifier(s, start, end) || Bytes.isDigit(s[end - 1])
        else { return nil }
        if endsWith(key, mnemonic) {
            // Twelve to twenty-four words, quoted or to the end of the line: read before the
            // test for prose, which more words after a password's name would fail.
            var z = quote != nil ? end : CredentialStructure.lineEnd(s, start)
            while z > start && Bytes.isSpace(s[z - 1]) { z -= 1 }
            return CredentialValue.isQuotedPassphrase(s, start, z, words: 12...24) ? (start, z, .password) : nil
        }
        if isCodeOrProse(s, key: key, keyStart: keyStart, separator: after - 1, start: start, end: end, quoted: quote != nil, rule: rule) {
            return nil
        }
        switch rule {
        case .password:
            if quote != nil, endsWith(key, passphrase), CredentialValue.isQuotedPassphrase(s, start, end) { return (start, end, .password) }
            // "credentials: deploy:X" names a user and the password after the ':'.
            if endsWith(key, credential) || endsWith(key, credentials),
                let colon = (start..<end).first(where: { s[$0] == 0x3A }), colon > start, colon + 4 <= end, s[colon + 1] != 0x2F
            {
                return CredentialValue.accepts(s, colon + 1, end, kind: .password, quoted: true) ? (colon + 1, end, .password) : nil
            }
            // Prose after "password:" ("must be at least 8 characters") is not a password, nor
            // is a word documentation puts there ("mypassword", "changeme").
            guard length >= 4, (start..<end).filter({ s[$0] == 0x20 }).count < 2,
                !Placeholder.isGenericWord(s, start, Bytes.withoutClosingPunctuation(s, start, end))
            else { return nil }
            return (start, end, .password)
        case .token:
            if length < 16 {
                // Short, under a name that says credential (Api-Token, SUMO_ACCESS_KEY,
                // client_secret), a value mixing upper case, lower case and digits is one.
                guard length >= 8, namesACredential(key), isMixedCase(s, start, end), distinct(s, start, end) >= 6 else { return nil }
                return (start, end, .genericSecret)
            }
            guard distinct(s, start, end) >= 6 else { return nil }
            // A UUID is an identifier (idempotency_key, request_id, cache_key) unless the name
            // says it is a credential (api_key, client_secret, access_token, …).
            if isUUID(s, start, end) && !namesACredential(key) { return nil }
            // So is an OpenPGP key ID or fingerprint (`--recv-key C94035C21B4F2AEB`,
            // `signingkey = 3AA5C34371567BD2`) under a name that only says key.
            if isKeyID(s, start, Bytes.withoutClosingPunctuation(s, start, end)) && !namesACredential(key) { return nil }
            if isLocatorOrDigest(s, start, end) { return nil }
            // "signing key: d69a…079: X509.RSA": a value ending in ':' labels what follows it.
            if s[end - 1] == 0x3A, end == s.count || Bytes.isSpace(s[end]) { return nil }
            // Prose ("key: the value of the setting") and names ("SalesResults") are not
            // secrets: require no spaces and a random-looking mix of letters and digits.
            let entropy = Bytes.entropy(s, start, end)
            guard !(start..<end).contains(where: { Bytes.isSpace(s[$0]) }), entropy >= 2.7 else { return nil }
            let hasDigit = (start..<end).contains { Bytes.isDigit(s[$0]) }
            let hasLetter = (start..<end).contains { Bytes.isAlpha(s[$0]) }
            guard (hasDigit && hasLetter) || (length >= 32 && entropy >= 4.0) else { return nil }
            return (start, end, .genericSecret)
        }
    }

    /// Where a key is, or what it hashes to, rather than the key: a resource name of word
    /// segments (`projects/acme/locations/global/keyRings/main`), a Windows registry or file
    /// path (`HKEY_LOCAL_MACHINE\Software\…`), a fingerprint (`SHA256:nThbg6…`, `MD5:…`).
    static func isLocatorOrDigest(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var colon = start
        while colon < end && colon - start < 7 && Bytes.isAlnum(s[colon]) { colon += 1 }
        if colon < end, s[colon] == 0x3A, digestNames.contains(where: { $0.count == colon - start && Bytes.matchesIgnoringCase(s, start, $0) }) {
            return true
        }
        guard (start..<end).contains(where: { s[$0] == 0x2F || s[$0] == 0x5C }) else { return false }
        // One pass: separators, and segments that are words (letters, mostly lower case).
        var backslashes = 0, segments = 0, wordSegments = 0, letters = 0, lower = 0, length = 0
        for k in start...end {
            if k < end, s[k] != 0x2F && s[k] != 0x5C {
                length += 1
                if Bytes.isAlpha(s[k]) { letters += 1; if Bytes.isLower(s[k]) { lower += 1 } }
                continue
            }
            if k < end, s[k] == 0x5C, k + 1 < end, Bytes.isAlpha(s[k + 1]) { backslashes += 1 }
            segments += 1
            if length >= 3, letters == length, lower * 4 >= length * 3 { wordSegments += 1 }
            (letters, lower, length) = (0, 0, 0)
        }
        return backslashes >= 2 || (segments >= 4 && wordSegments * 2 >= segments)
    }

    private static let digestNames: [[UInt8]] = ["sha256", "sha1", "sha512", "sha384", "md5"].map { Array($0.utf8) }

    /// 8-4-4-4-12 hex digits.
    static func isUUID(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start == 36 else { return false }
        for (offset, k) in (start..<end).enumerated() {
            let dash = offset == 8 || offset == 13 || offset == 18 || offset == 23
            guard dash ? s[k] == 0x2D : Bytes.isHex(s[k]) else { return false }
        }
        return true
    }

    /// 16 or 40 upper-case hex digits, optionally after `0x`: how gpg prints a long key ID and a
    /// fingerprint (a generated secret in hex is written in lower case).
    static func isKeyID(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var a = start
        if end - a > 2, s[a] == 0x30, s[a + 1] == 0x78 || s[a + 1] == 0x58 { a += 2 }
        guard end - a == 16 || end - a == 40 else { return false }
        return (a..<end).allSatisfy { Bytes.isDigit(s[$0]) || (s[$0] >= 0x41 && s[$0] <= 0x46) }
    }

    /// Names that say their value is a credential, not merely a key of something.
    private static let credentialWords: [[UInt8]] = [
        "secret", "password", "passwd", "token", "apikey", "api_key", "access_key", "accesskey",
        "private", "credential", "auth", "accountkey", "account_key", "sas", "signature",
        "session"
    ].map { Array($0.utf8) }
    static func namesACredential(_ key: [UInt8]) -> Bool {
        credentialWords.contains { contains(key, $0) }
    }

    /// End of an unquoted value: white space or a quote end it. ',', ';', ')' and '&' end it only
    /// where code or a query string goes on — before white space, the end, another delimiter,
    /// or a next "name=" (`f(password=x, y=1)`, `…&state=…`); inside a properties-file value
    /// they are part of it ("Tr0ub4dor&3", "pa,ss") and cutting there would show the rest.
    static func unquotedEnd(_ s: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var k = start
        while k < s.count && k - start < 512 {
            let b = s[k]
            if Bytes.isSpace(b) || b == 0x22 || b == 0x27 || (b == 0x5C && (Bytes.continuation(s, at: k) > 0 || Bytes.isEscapedBreak(s, at: k))) {
                break
            }
            if b == 0x2C || b == 0x3B || b == 0x29, endsValue(s, delimiter: k) { break }
            // '&' ends a value only before another query parameter ("…&state=…") or a blank:
            // "pHlmy%zgB&*2bO" goes on.
            if b == 0x26, k + 1 >= s.count || Bytes.isSpace(s[k + 1]) || (Bytes.isAlnum(s[k + 1]) && endsValue(s, delimiter: k)) { break }
            k += 1
        }
        return k
    }

    private static func endsValue(_ s: UnsafeBufferPointer<UInt8>, delimiter k: Int) -> Bool {
        guard k + 1 < s.count, Bytes.isAlnum(s[k + 1]) else { return true } // "None):", "x, y", "x)\n"
        let name = Bytes.run(s, from: k + 1, limit: 64) { Bytes.isWord($0) || $0 == 0x2E }
        return name < s.count && s[name] == 0x3D
    }

    /// Values that name a secret kept elsewhere: env lookups, function calls, null-ish words.
    private static let schemeSeparator = Array("://".utf8)
    private static let receiverPrefixes: [[UInt8]] = ["self.", "this."].map { Array($0.utf8) }

    private static let referenceWords: [[UInt8]] = [
        "none", "null", "nil", "true", "false", "undefined", "os.environ", "os.getenv",
        "process.env", "env(", "getenv", "secrets.", "vault:", "ref:", "required", "optional",
        "string", "str", "int"
    ].map { Array($0.utf8) }

    static func isReference(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, quoted: Bool) -> Bool {
        // A URL names where something is ("[credentials]: https://…"); credentials inside a
        // URL are the URL detector's.
        let scheme = Bytes.run(s, from: start, limit: 16, Bytes.isAlpha)
        if scheme > start, Bytes.matches(s, scheme, schemeSeparator), scheme + 3 <= end { return true }
        // A filesystem path ("PWD: /home/user/project") is a location, not a password.
        if s[start] == 0x2F || (s[start] == 0x7E && start + 1 < end && s[start + 1] == 0x2F),
            (start + 1..<end).contains(where: { s[$0] == 0x2F }) || end - start == 1,
            !(start..<end).contains(where: { Bytes.isSpace(s[$0]) })
        {
            return true
        }
        for w in referenceWords where Bytes.matchesIgnoringCase(s, start, w) && (end - start <= w.count + 64) {
            if end - start == w.count || w.last == 0x28 || w.last == 0x2E || w.last == 0x3A || w.contains(0x2E) { return true }
        }
        // A call or an attribute chain: getPassword(), self.password, config["x"] — unless
        // quoted: a string literal is a value, parentheses and all ('django-insecure-…(u)…').
        if !quoted { for k in start..<end where s[k] == 0x28 || s[k] == 0x5B { return true } }
        return false
    }

    /// `var.db_password`, `settings.SECRET_KEY`: an unquoted name that refers to a value. A part
    /// that looks random (`s.ZC9Ecf4M5g9o34Q6RkzGsj0z`, a Vault token) makes it a value.
    static func isDottedIdentifier(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard Bytes.isAlpha(s[start]) || s[start] == 0x5F else { return false }
        var dots = 0
        var partStart = start
        for k in start...end {
            if k == end || s[k] == 0x2E {
                if looksRandom(s, partStart, k) { return false }
                if k == end { break }
                dots += 1
                if k + 1 >= end || !(Bytes.isAlpha(s[k + 1]) || s[k + 1] == 0x5F) { return false }
                partStart = k + 1
            } else if !(Bytes.isAlnum(s[k]) || s[k] == 0x5F) {
                return false
            }
        }
        return dots > 0
    }

    /// At least 16 characters mixing upper case, lower case and two or more digits: generated,
    /// not a name someone typed.
    private static func looksRandom(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 16 else { return false }
        var upper = false, lower = false, digits = 0, lowerRun = 0, longestLowerRun = 0
        for k in start..<end {
            let b = s[k]
            if Bytes.isLower(b) { lower = true; lowerRun += 1; longestLowerRun = max(longestLowerRun, lowerRun); continue }
            lowerRun = 0
            if Bytes.isUpper(b) { upper = true } else if Bytes.isDigit(b) { digits += 1 }
        }
        // Words in CamelCase ("Ed25519PrivateKey") have runs of lower case; generated text rarely does.
        return upper && lower && digits >= 2 && longestLowerRun <= 4
    }

    /// Upper case, lower case and digits, with any other printable ASCII but spaces (Flask and
    /// Django keys are punctuation-heavy: `x7$kP!q2Lm`).
    private static func isMixedCase(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var upper = false, lower = false, digit = false
        for k in start..<end {
            let b = s[k]
            if Bytes.isUpper(b) {
                upper = true
            } else if Bytes.isLower(b) {
                lower = true
            } else if Bytes.isDigit(b) {
                digit = true
            } else if !(b > 0x20 && b < 0x7F) {
                return false
            }
        }
        return upper && lower && digit
    }

    /// Distinct bytes of `s[start..<end]`, counted up to 16.
    static func distinct(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        // A 256-bit set on the stack: this runs for every candidate value.
        var seen: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        for k in start..<end {
            let b = s[k], bit = UInt64(1) << UInt64(b & 63)
            let had: Bool
            switch b >> 6 {
            case 0: had = seen.0 & bit != 0; seen.0 |= bit
            case 1: had = seen.1 & bit != 0; seen.1 |= bit
            case 2: had = seen.2 & bit != 0; seen.2 |= bit
            default: had = seen.3 & bit != 0; seen.3 |= bit
            }
            if !had { count += 1; if count >= 16 { break } }
        }
        return count
    }
}
