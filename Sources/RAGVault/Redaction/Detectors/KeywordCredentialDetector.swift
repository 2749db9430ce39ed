/// Passwords introduced by a keyword rather than by `=` or `:` — SQL
/// (`CREATE USER … PASSWORD '…'`, `IDENTIFIED BY …`, `SET PASSWORD FOR … = '…'`), database and
/// tool command lines (`mysql -p…`, `sshpass -p …`), `~/.netrc` lines, `aws configure set NAME
/// VALUE`, and prose ("the password is …", "use … to log in"). Anchored at word starts; the
/// replaced span is the value only (the keyword stays readable).
enum KeywordCredentialDetector {
    private static let password = Array("password".utf8), passwd = Array("passwd".utf8), passcode = Array("passcode".utf8)
    private static let identified = Array("identified".utf8), by = Array("by".utf8), with = Array("with".utf8)
    private static let set = Array("set".utf8), configure = Array("configure ".utf8), config = Array("config ".utf8)
    private static let use = Array("use".utf8)
    private static let mysqlTools: [[UInt8]] = ["mysql", "mysqldump", "mysqladmin", "mariadb", "mariadb-dump"].map { Array($0.utf8) }
    private static let sshpass = Array("sshpass".utf8)
    private static let proseVerbs: [[UInt8]] = [" is now ", " is: ", " is ", " was "].map { Array($0.utf8) }
    private static let loginPhrases: [[UInt8]] = [" to log in", " to login", " to sign in", " to log on", " as the password", " as password"]
        .map { Array($0.utf8) }

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text), away from a line's start — where every point is
    /// examined: what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { b == 0x3A || isKeywordPair(b, next) }

    /// pa…, pw…, id…, my…, ma…, ss…, se…, us…
    @inline(__always) private static func isKeywordPair(_ b: UInt8, _ next: UInt8) -> Bool {
        let pair = (UInt16(b | 0x20) << 8) | UInt16(next | 0x20)
        return pair == 0x7061 || pair == 0x7077 || pair == 0x6964 || pair == 0x6D79 || pair == 0x6D61 || pair == 0x7373 || pair == 0x7365
            || pair == 0x7573
    }

    /// The cheap test every point pays: most points are no keyword's first two letters, no
    /// line start and no ':' after a '*'; only the rest go on to `examine`.
    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        let b = s[i]
        if i > 0 && s[i - 1] != 0x0A {
            if b == 0x3A { return s[i - 1] == 0x2A ? examine(s, i, into: &out) : nil }
            guard isKeywordPair(b, i + 1 < s.count ? s[i + 1] : 0) else { return nil }
        }
        return examine(s, i, into: &out)
    }

    @inline(never)
    private static func examine(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        // A `.pgpass` line starting with the wildcard host "*" has its first point at a ':'.
        if s[i] == 0x3A {
            var k = i - 1
            while k >= 0 && s[k] == 0x2A { k -= 1 }
            if k < i - 1, k < 0 || s[k] == 0x0A, let (start, end) = pgpassLine(s, k + 1) {
                out.append(Candidate(type: .password, start: start, end: end, detector: "keyword_credential"))
                return end
            }
            return nil
        }
        let lineStart = i == 0 || s[i - 1] == 0x0A
        var found: (Int, Int)?
        if lineStart || !Bytes.isWord(s[i - 1]) && s[i - 1] != 0x2D {
            switch Bytes.lower(s[i]) {
            case 0x70: found = afterPasswordWord(s, i) // password 'x' | password x (netrc) | password is x
            case 0x69: found = identifiedBy(s, i) // IDENTIFIED [WITH plugin] BY x
            case 0x6D: found = mysqlFlag(s, i) // mysql … -pSECRET
            case 0x73: found = sshpassFlag(s, i) ?? configSet(s, i) // sshpass -p x | configure set NAME VALUE
            case 0x75: found = useToLogIn(s, i) // use x to log in
            default: break
            }
        }
        if found == nil && lineStart { found = pgpassLine(s, i) }
        guard let (start, end) = found else { return nil }
        out.append(Candidate(type: .password, start: start, end: end, detector: "keyword_credential"))
        return end
    }

    /// The word at `i` if it is one of `words` (case-insensitive) and ends there.
    private static func word(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, _ words: [[UInt8]]) -> Int? {
        for w in words where Bytes.matchesIgnoringCase(s, i, w) {
            let end = i + w.count
            if end == s.count || !Bytes.isWord(s[end]) { return end }
        }
        return nil
    }

    /// Blanks between a keyword and its value: a few, as written in commands and prose.
    @inline(__always) private static func skipBlanks(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int {
        Bytes.skipBlanks(s, from: k, limit: 8)
    }

    /// A quoted value `'…'` / `"…"` at `k` (the quotes excluded), on one line.
    private static func quoted(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> (Int, Int)? {
        guard k < s.count, s[k] == 0x27 || s[k] == 0x22 else { return nil }
        let quote = s[k]
        let end = Bytes.run(s, from: k + 1, limit: 256) { $0 != quote && $0 != 0x0A }
        guard end < s.count, s[end] == quote else { return nil }
        return (k + 1, end)
    }

    /// An unquoted value: a run without white space, without a trailing `;`, `,` or `.`.
    private static func bare(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> (Int, Int) {
        var end = k
        while end < s.count && end - k < 256 && !Bytes.isSpace(s[end]) && s[end] != 0x22 && s[end] != 0x27 && s[end] != 0x60
            && !Bytes.isEscapedBreak(s, at: end)
        {
            end += 1
        }
        if end - 1 > k, Bytes.continuation(s, at: end - 1) > 0 { end -= 1 } // `VALUE\⏎`: the word ends at the `\`
        while end > k, s[end - 1] == 0x3B || s[end - 1] == 0x2C || s[end - 1] == 0x2E || s[end - 1] == 0x29 { end -= 1 }
        // "… is incorrect!": a '!' ending a word of letters ends the sentence.
        if end > k, s[end - 1] == 0x21, (k..<(end - 1)).allSatisfy({ Bytes.isAlpha(s[$0]) || s[$0] == 0x21 }) {
            while end > k && s[end - 1] == 0x21 { end -= 1 }
        }
        return (k, end)
    }

    /// What a literal password looks like when nothing but a keyword says so: 6+ characters,
    /// no placeholder, not a variable, and something a word lacks (a digit, a symbol, or
    /// upper case after the first letter) — "the password is incorrect" stays.
    private static func plausible(_ s: UnsafeBufferPointer<UInt8>, _ range: (Int, Int), minimum: Int = 6) -> (Int, Int)? {
        let (a, z) = range
        guard z - a >= minimum, z - a <= 256, !Placeholder.isPlaceholder(s, a, z) else { return nil }
        let b = s[a]
        guard b != 0x24, b != 0x7B, b != 0x3C, b != 0x25, b != 0x5B else { return nil } // $VAR {{x}} <pw> %s [x]
        var digit = false, symbol = false, innerUpper = false
        for k in a..<z {
            let c = s[k]
            if Bytes.isDigit(c) { digit = true } else if !Bytes.isAlpha(c) { symbol = true } else if k > a && Bytes.isUpper(c) { innerUpper = true }
        }
        guard digit || symbol || innerUpper else { return nil }
        if Placeholder.isGenericWord(s, a, z) { return nil }
        return range
    }

    /// `PASSWORD 'x'` (SQL), `password x` on a `.netrc` line, `password is x` (prose),
    /// `SET PASSWORD FOR u = 'x'` / `= PASSWORD('x')`.
    private static func afterPasswordWord(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard let end = word(s, i, [password, passwd, passcode]) else { return afterShortPasswordWord(s, i) }
        let k = skipBlanks(s, end)
        if let value = quoted(s, k), k > end { return plausible(s, value, minimum: 4) }
        // SET PASSWORD FOR 'user'@'host' = 'x' (MySQL), within the statement.
        if Bytes.matchesIgnoringCase(s, k, Array("for ".utf8)) {
            var j = k
            while j < s.count && s[j] != 0x3D && s[j] != 0x3B && s[j] != 0x0A && j - k < 160 { j += 1 }
            guard j < s.count, s[j] == 0x3D else { return nil }
            var v = skipBlanks(s, j + 1)
            if Bytes.matchesIgnoringCase(s, v, Array("password(".utf8)) { v += 9 }
            if let value = quoted(s, v) { return plausible(s, value, minimum: 4) }
            return nil
        }
        // Prose: "the password is Hunter2Strong!", "password was: x".
        for verb in proseVerbs where Bytes.matchesIgnoringCase(s, end, verb) {
            let v = end + verb.count
            if let value = quoted(s, v) { return plausible(s, value, minimum: 4) }
            return plausible(s, bare(s, v))
        }
        // .netrc: "machine h login u password p" — a login or machine earlier on the line.
        guard k > end, k < s.count, !Bytes.isSpace(s[k]), lineHas(s, before: i, netrcWords) else { return nil }
        return plausible(s, bare(s, k), minimum: 4)
    }

    /// Whether one of `words` starts a word earlier on the line of `i` (bytes only: this runs
    /// for every "password" followed by a word).
    private static func lineHas(_ s: UnsafeBufferPointer<UInt8>, before i: Int, _ words: [[UInt8]]) -> Bool {
        var k = i - 1
        while k >= 0 && s[k] != 0x0A && i - k < 400 {
            if k == 0 || s[k - 1] == 0x20 || s[k - 1] == 0x09 || s[k - 1] == 0x0A,
                words.contains(where: { Bytes.matchesIgnoringCase(s, k, $0) })
            {
                return true
            }
            k -= 1
        }
        return false
    }
    private static let netrcWords: [[UInt8]] = ["login ", "machine "].map { Array($0.utf8) }

    /// Notes and chat: "user ftpdeploy pass X", "login admin, pw X" — a short password word and
    /// the value after a space, only when a user word comes earlier on the line: alone, "pass"
    /// is a verb and a ticket.
    private static func afterShortPasswordWord(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard let end = word(s, i, shortPasswordWords) else { return nil }
        let k = skipBlanks(s, end)
        guard k > end, k < s.count, !Bytes.isSpace(s[k]), lineHas(s, before: i, userWords) else { return nil }
        return plausible(s, quoted(s, k) ?? bare(s, k))
    }
    private static let shortPasswordWords: [[UInt8]] = ["pass", "pwd", "pw"].map { Array($0.utf8) }
    private static let userWords: [[UInt8]] = ["login ", "user ", "username ", "usr ", "account "].map { Array($0.utf8) }

    /// `IDENTIFIED BY 'x'`, `IDENTIFIED BY x`, `IDENTIFIED WITH plugin BY 'x'`.
    private static func identifiedBy(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard let end = word(s, i, [identified]) else { return nil }
        var k = skipBlanks(s, end)
        if let w = word(s, k, [with]) {
            k = skipBlanks(s, w)
            k = Bytes.run(s, from: k, limit: 64) { Bytes.isWord($0) || $0 == 0x27 || $0 == 0x22 }
            k = skipBlanks(s, k)
        }
        guard k > end, let b = word(s, k, [by]) else { return nil }
        let v = skipBlanks(s, b)
        guard v > b else { return nil }
        if let value = quoted(s, v) { return plausible(s, value, minimum: 4) }
        if Bytes.matchesIgnoringCase(s, v, Array("values".utf8)) { return nil } // a stored hash, not the password
        // Oracle's bare `IDENTIFIED BY tiger;` ends its statement; in a sentence ("identified by
        // master/channel combination") words go on after it.
        let value = bare(s, v)
        let after = skipBlanks(s, value.1)
        guard after == s.count || s[after] == 0x3B || s[after] == 0x0A || s[after] == 0x0D else { return nil }
        return plausible(s, value, minimum: 4)
    }

    /// `mysql -u root -pS3cret …`: `-p` glued to its value (alone, it prompts).
    private static func mysqlFlag(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard let end = word(s, i, mysqlTools) else { return nil }
        var k = end
        // The command may go on over lines ending in '\'.
        while k + 2 < s.count && (s[k] != 0x0A || s[k - 1] == 0x5C) && k - end < 300 {
            if Bytes.isSpace(s[k]), s[k + 1] == 0x2D, s[k + 2] == 0x70, k + 3 < s.count, !Bytes.isSpace(s[k + 3]) {
                let v = k + 3
                if let value = quoted(s, v) { return plausible(s, value, minimum: 4) }
                return plausible(s, bare(s, v), minimum: 4)
            }
            k += 1
        }
        return nil
    }

    /// `sshpass -p 'x' ssh …` / `sshpass -px`.
    private static func sshpassFlag(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard let end = word(s, i, [sshpass]) else { return nil }
        var k = skipBlanks(s, end)
        guard k + 1 < s.count, s[k] == 0x2D, s[k + 1] == 0x70 else { return nil }
        k = skipBlanks(s, k + 2)
        if let value = quoted(s, k) { return plausible(s, value, minimum: 4) }
        return plausible(s, bare(s, k), minimum: 4)
    }

    /// `aws configure set aws_secret_access_key VALUE`, `yarn config set npmAuthToken VALUE`:
    /// a CLI setting whose name is secret-ish, with its value as the next argument.
    private static func configSet(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard word(s, i, [set]) != nil, i >= configure.count - 1 else { return nil }
        let before =
            i >= configure.count && Bytes.matchesIgnoringCase(s, i - configure.count, configure)
            || i >= config.count && Bytes.matchesIgnoringCase(s, i - config.count, config)
        guard before else { return nil }
        let nameStart = skipBlanks(s, i + set.count)
        let nameEnd = Bytes.run(s, from: nameStart, limit: 128) { Bytes.isWord($0) || $0 == 0x2E || $0 == 0x2D }
        guard nameEnd > nameStart, nameEnd < s.count, s[nameEnd] == 0x20 else { return nil }
        var key = [UInt8]()
        for j in nameStart..<nameEnd { key.append(s[j] == 0x2D || s[j] == 0x2E ? 0x5F : Bytes.lower(s[j])) }
        guard let strength = AssignmentDetector.strength(for: key) else { return nil }
        let v = skipBlanks(s, nameEnd)
        let value = quoted(s, v) ?? bare(s, v)
        return plausible(s, value, minimum: strength == .token ? 12 : 4)
    }

    /// "use Rainbow77Trout to log in", "use 'x' as the password".
    private static func useToLogIn(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        guard let end = word(s, i, [use]), end < s.count, s[end] == 0x20 else { return nil }
        let v = end + 1
        let quotedValue = quoted(s, v)
        let value = quotedValue ?? bare(s, v)
        // "use admin/X to log in" is a user and a password, and "use Google/GitHub to sign in"
        // two products: a bare pair is `SignInPair`'s to judge, part by part.
        if quotedValue == nil, (value.0..<value.1).contains(where: { s[$0] == 0x2F || s[$0] == 0x3A }) { return nil }
        let after = value.1 + (s.count > value.1 && (s[value.1] == 0x27 || s[value.1] == 0x22) ? 1 : 0)
        guard loginPhrases.contains(where: { Bytes.matchesIgnoringCase(s, after, $0) }) else { return nil }
        return plausible(s, value)
    }

    /// A `.pgpass` line, `host:port:database:user:password`, port digits or `*`.
    private static func pgpassLine(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        // One pass that stops at the first blank: this runs at every line start, and prose
        // lines have one within a word. The four colons are kept in a tuple, not a list.
        var colons = (0, 0, 0, 0), found = 0, lineEnd = i
        while lineEnd < s.count && lineEnd - i < 512 && s[lineEnd] != 0x0A && s[lineEnd] != 0x0D {
            let b = s[lineEnd]
            if Bytes.isSpace(b) { return nil }
            // The host and port fields' alphabets end most lines at their first word.
            if found == 0 && !(Bytes.isAlnum(b) || b == 0x2E || b == 0x2D || b == 0x2A || b == 0x3A) { return nil }
            if found == 1 && !(Bytes.isDigit(b) || b == 0x2A || b == 0x3A) { return nil }
            if b == 0x3A {
                switch found {
                case 0: colons.0 = lineEnd
                case 1: colons.1 = lineEnd
                case 2: colons.2 = lineEnd
                case 3: colons.3 = lineEnd
                default: return nil
                }
                found += 1
            }
            lineEnd += 1
        }
        guard found == 4, colons.0 > i, s[i] != 0x3A else { return nil }
        // host: a name, an address or "*"; port: 2–5 digits or "*"; database and user: names or "*".
        func field(_ r: Range<Int>, _ accept: (UInt8) -> Bool) -> Bool {
            !r.isEmpty && (r.count == 1 && s[r.lowerBound] == 0x2A || r.allSatisfy { accept(s[$0]) })
        }
        let host = i..<colons.0, port = (colons.0 + 1)..<colons.1
        let database = (colons.1 + 1)..<colons.2, user = (colons.2 + 1)..<colons.3
        guard field(host, { Bytes.isAlnum($0) || $0 == 0x2E || $0 == 0x2D }), Bytes.isAlnum(s[i]) || s[i] == 0x2A,
            field(port, Bytes.isDigit), port.count == 1 || (2...5).contains(port.count),
            field(database, { Bytes.isWord($0) || $0 == 0x2D || $0 == 0x2E }),
            field(user, { Bytes.isWord($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x40 })
        else { return nil }
        if port.count == 1 && s[port.lowerBound] != 0x2A { return nil }
        return plausible(s, (colons.3 + 1, lineEnd), minimum: 4)
    }
}
