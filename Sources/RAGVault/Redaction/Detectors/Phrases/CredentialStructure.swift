/// Credentials placed by structure: the column of a table (Markdown, CSV, TSV) whose header
/// names a credential, and the value beside a key that starts its line — aligned listings
/// (`vault kv get`, `Password    X`), two-column tables (`| password | X |`), directives
/// (`ENV DB_PASSWORD x`, `#define API_SECRET "x"`, `set(JWT_SECRET "x")`) and calls whose
/// first argument names the second (`define('DB_PASSWORD', 'x')`, `config.set("token", "x")`).
enum CredentialStructure {
    typealias Key = (start: Int, end: Int)

    /// The identifier the noun belongs to: letters, digits, `_`, and `-` or `.` between word
    /// characters ("DB_PASSWORD", "Admin-Passwort", "auth.token").
    static func identifier(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Key {
        func part(_ b: UInt8) -> Bool { Bytes.isAlnum(b) || b == 0x5F || b >= 0x80 }
        var a = start
        while a > 0 && start - a < 64 {
            let b = s[a - 1]
            if part(b) || ((b == 0x2D || b == 0x2E) && a >= 2 && part(s[a - 2])) { a -= 1 } else { break }
        }
        if a < start, Bytes.isEscapeLetter(s, at: a) { a += 1 } // "\nDB_PASSWORD" inside a JSON string
        var z = end
        while z < s.count && z - end < 64 {
            let b = s[z]
            if part(b) || ((b == 0x2D || b == 0x2E) && z + 1 < s.count && part(s[z + 1])) { z += 1 } else { break }
        }
        return (a, z)
    }

    /// The kind a key names, or nil for keys that name a public or descriptive part
    /// ("public_key", "token_type", "secret_name").
    static func kind(_ s: UnsafeBufferPointer<UInt8>, _ key: Key, _ noun: CredentialLexicon.Noun) -> CredentialLexicon.Kind? {
        // The noun alone holds no such name; a longer key is folded as the assignment rules
        // fold keys and compared in place (this runs at every noun).
        if key.end - key.start <= noun.bytes.count { return noun.kind == .token && noun.weak ? .token : .password }
        @inline(__always) func folded(_ k: Int) -> UInt8 { s[k] == 0x2D || s[k] == 0x2E ? 0x5F : Bytes.lower(s[k]) }
        for name in AssignmentDetector.notSecretBytes where name.count <= key.end - key.start {
            for a in key.start...(key.end - name.count) where (0..<name.count).allSatisfy({ folded(a + $0) == name[$0] }) { return nil }
        }
        // Where structure names the value, a secret or a token may be typed like a password
        // ("| client secret | tiger574 |"); a key still must look generated.
        return noun.kind == .token && noun.weak ? .token : .password
    }

    // MARK: - key beside its value

    private static let directives: [[UInt8]] = ["env ", "setenv ", "setx ", "#define ", "set(", "export "].map { Array($0.utf8) }

    /// The value beside a key that starts its line (or is a call's first argument).
    static func keyed(_ s: UnsafeBufferPointer<UInt8>, _ key: Key, _ kind: CredentialLexicon.Kind) -> (Int, Int)? {
        // First what follows the key, which rules out most nouns of a text (`key=`, `token:`,
        // "the key is"): a gap, a cell border, or a call's closing quote.
        guard key.end < s.count else { return nil }
        let next = s[key.end]
        guard next == 0x20 || next == 0x09 || next == 0x7C || next == 0x22 || next == 0x27 else { return nil }
        if next == 0x20, key.end + 1 < s.count, s[key.end + 1] != 0x20, s[key.end + 1] != 0x22, s[key.end + 1] != 0x27,
            s[key.end + 1] != 0x7C, key.start == 0 || s[key.start - 1] != 0x20 || !isDirectiveLine(s, key.start)
        {
            return nil
        }
        var p = lineStart(s, key.start)
        while p < key.start && (s[p] == 0x20 || s[p] == 0x09) { p += 1 }
        var cell = false, directive = false, call = false
        if p < key.start && s[p] == 0x7C { cell = true; p += 1; while p < key.start && s[p] == 0x20 { p += 1 } }
        if p < key.start, let d = directives.first(where: { Bytes.matchesIgnoringCase(s, p, $0) }) {
            directive = true
            p += d.count
            while p < key.start && s[p] == 0x20 { p += 1 }
        }
        if p < key.start, key.start >= 1, s[key.start - 1] == 0x22 || s[key.start - 1] == 0x27 {
            // define('DB_PASSWORD', …) / config.set("password", …): the key is a call's first argument.
            var q = key.start - 2
            while q >= p && s[q] == 0x20 { q -= 1 }
            guard q >= p, s[q] == 0x28 else { return nil }
            call = true
            p = key.start
        }
        // "Admin Password    X": up to two words of the key before the noun.
        if p < key.start {
            var words = 0, k = p
            while k < key.start {
                let w = Bytes.run(s, from: k, limit: 24) { Bytes.isAlpha($0) || $0 >= 0x80 }
                guard w > k, w < key.start, s[w] == 0x20, words < 2 else { return nil }
                words += 1
                k = w + 1
            }
        }
        var k = key.end
        if call {
            guard k < s.count, s[k] == s[key.start - 1] else { return nil }
            k += 1
            while k < s.count && s[k] == 0x20 { k += 1 }
            guard k < s.count, s[k] == 0x2C else { return nil }
            k += 1
        }
        let gapStart = k
        while k < s.count && (s[k] == 0x20 || s[k] == 0x09) { k += 1 }
        guard k < s.count else { return nil }
        if !call && !directive {
            if cell || s[k] == 0x7C {
                guard s[k] == 0x7C else { return nil }
                cell = true
                k += 1
                while k < s.count && s[k] == 0x20 { k += 1 }
            } else {
                // An aligned listing: a tab or two spaces at least.
                guard k - gapStart >= 2 || (k > gapStart && s[gapStart] == 0x09) else { return nil }
            }
        } else if call {
            guard s[k] == 0x22 || s[k] == 0x27 else { return nil }
        } else {
            guard k > gapStart else { return nil }
        }
        guard let value = CredentialValue.read(s, k) else { return nil }
        // Nothing but a closing cell, call or statement may follow on the line.
        var after = value.end + (value.quoted ? 1 : 0)
        while after < s.count && (s[after] == 0x20 || s[after] == 0x09 || s[after] == 0x7C || s[after] == 0x29 || s[after] == 0x3B || s[after] == 0x0D) {
            after += 1
        }
        guard after == s.count || s[after] == 0x0A || (s[after] == 0x23 && directive) else { return nil }
        return CredentialValue.accepts(s, value.start, value.end, kind: kind, quoted: true) ? (value.start, value.end) : nil
    }

    /// Whether the line of `k` starts with a directive (`ENV`, `#define`, `set(`…) before `k`.
    private static func isDirectiveLine(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        var p = lineStart(s, k)
        while p < k && (s[p] == 0x20 || s[p] == 0x09) { p += 1 }
        return directives.contains { Bytes.matchesIgnoringCase(s, p, $0) }
    }

    // MARK: - table columns

    static func isDelimiter(_ b: UInt8) -> Bool { b == 0x7C || b == 0x09 || b == 0x2C || b == 0x3B }

    /// When the key is a cell of a table header, every credential column of that header is read
    /// in the rows below (Markdown, CSV, TSV; rows of the header's shape); returns the end of the
    /// table, so the header's other nouns and the rows are not read again (one pass per table).
    static func column(_ s: UnsafeBufferPointer<UInt8>, _ key: Key, _ kind: CredentialLexicon.Kind, into out: inout [Candidate]) -> Int? {
        // A header cell ends at a delimiter or at the end of its line: most nouns are followed
        // by something else.
        var after = key.end
        while after < s.count && (s[after] == 0x20 || s[after] == 0x2A || s[after] == 0x3A) { after += 1 }
        guard after == s.count || isDelimiter(s[after]) || s[after] == 0x0A || s[after] == 0x0D else { return nil }
        // A header line is short: looked at within 512 bytes either side (bounded work per noun).
        var headerStart = key.start
        while headerStart > 0 && s[headerStart - 1] != 0x0A && key.start - headerStart < 512 { headerStart -= 1 }
        var headerEnd = key.end
        while headerEnd < s.count && s[headerEnd] != 0x0A && headerEnd - key.end < 512 { headerEnd += 1 }
        guard headerStart == 0 || s[headerStart - 1] == 0x0A, headerEnd == s.count || s[headerEnd] == 0x0A else { return nil }
        // The delimiter right after the cell, or right before it (a cell may hold a few more
        // words: "DB password", "client secret").
        var before = key.start
        while before > headerStart && key.start - before < 24 && (Bytes.isAlpha(s[before - 1]) || s[before - 1] == 0x20 || s[before - 1] >= 0x80) {
            before -= 1
        }
        let delimiter: UInt8
        if after < headerEnd && isDelimiter(s[after]) {
            delimiter = s[after]
        } else if before > headerStart, isDelimiter(s[before - 1]) {
            delimiter = s[before - 1]
        } else {
            return nil
        }
        guard before == headerStart || s[before - 1] == delimiter else { return nil }
        // A header: two cells at least, each a short label.
        let cells = delimiters(s, headerStart, headerEnd, delimiter)
        guard !cells.isEmpty, cells.count <= 64, isHeader(s, headerStart, headerEnd, delimiter) else { return nil }
        // Every cell of the header that names a credential, with the kind it names.
        var columns: [(Int, CredentialLexicon.Kind)] = []
        for n in 0...cells.count {
            let (a, z) = trimmed(s, n == 0 ? headerStart : cells[n - 1] + 1, n < cells.count ? cells[n] : headerEnd)
            // "Key" alone (of a Key | Value listing) names no column; "pass" and "pwd" do.
            if let found = CredentialPhraseDetector.noun(endingCell: s, a, z), !(found.noun.weak && found.noun.kind == .token && found.start == a),
                let kind = Self.kind(s, identifier(s, found.start, z), found.noun)
            {
                columns.append((n, kind))
            }
        }
        guard !columns.isEmpty else { return nil }
        var row = headerEnd + 1, rows = 0, tableEnd = headerEnd
        while row < s.count && rows < 100_000 {
            let end = lineEnd(s, row)
            if end == row || (end == row + 1 && s[row] == 0x0D) { break }
            if delimiter == 0x7C, (row..<end).allSatisfy({ s[$0] == 0x7C || s[$0] == 0x2D || s[$0] == 0x3A || s[$0] == 0x20 }) {
                row = end + 1
                continue
            }
            let marks = delimiters(s, row, end, delimiter)
            guard marks.count == cells.count else { break }
            for (n, kind) in columns {
                var (a, z) = trimmed(s, n == 0 ? row : marks[n - 1] + 1, n < marks.count ? marks[n] : end)
                if z - a >= 2, s[a] == 0x22 || s[a] == 0x27, s[z - 1] == s[a] { a += 1; z -= 1 }
                if z > a, CredentialValue.accepts(s, a, z, kind: kind, quoted: true) {
                    out.append(Candidate(type: .password, start: a, end: z, detector: "credential_column"))
                }
            }
            rows += 1
            tableEnd = end
            row = end + 1
        }
        return max(tableEnd, headerEnd)
    }

    /// A cell without the blanks (and a trailing `\r`) around it.
    private static func trimmed(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> (Int, Int) {
        var (a, z) = (a, z)
        while a < z && (s[a] == 0x20 || s[a] == 0x09) { a += 1 }
        while z > a && (s[z - 1] == 0x20 || s[z - 1] == 0x09 || s[z - 1] == 0x0D || s[z - 1] == 0x2A || s[z - 1] == 0x3A) { z -= 1 }
        return (a, z)
    }

    /// Positions of `delimiter` on a line, outside double quotes (CSV).
    static func delimiters(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, _ delimiter: UInt8) -> [Int] {
        var found: [Int] = []
        forEachDelimiter(s, a, z, delimiter) { found.append($0) }
        return found
    }

    /// How many cell delimiters `s[a..<z]` holds (`delimiters(…).count` without the array: asked
    /// for each row walked up to a header).
    static func delimiterCount(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, _ delimiter: UInt8) -> Int {
        var count = 0
        forEachDelimiter(s, a, z, delimiter) { _ in count += 1 }
        return count
    }

    /// The delimiters of `s[a..<z]` outside double quotes (a '|' table has no quoting).
    @inline(__always)
    private static func forEachDelimiter(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, _ delimiter: UInt8, _ body: (Int) -> Void) {
        var quoted = false
        for k in a..<z {
            if s[k] == 0x22 && delimiter != 0x7C { quoted.toggle() } else if !quoted && s[k] == delimiter { body(k) }
        }
    }

    /// Every cell of the line a label: at most four words of letters (and `_ - / ( ) .`).
    private static func isHeader(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, _ delimiter: UInt8) -> Bool {
        var words = 0, inWord = false
        for k in a..<z {
            let b = s[k]
            if b == delimiter { words = 0; inWord = false; continue }
            if b == 0x20 || b == 0x09 || b == 0x0D { inWord = false; continue }
            guard
                Bytes.isAlpha(b) || b >= 0x80 || b == 0x5F || b == 0x2D || b == 0x2F || b == 0x28 || b == 0x29 || b == 0x2E || b == 0x27 || b == 0x23
                    || b == 0x2A || b == 0x3A
            else { return false }
            if !inWord { words += 1; inWord = true; if words > 4 { return false } }
        }
        return true
    }

    static func lineStart(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int {
        var a = k
        while a > 0 && s[a - 1] != 0x0A && k - a < 4096 { a -= 1 }
        return a
    }

    static func lineEnd(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int {
        var z = k
        while z < s.count && s[z] != 0x0A && z - k < 4096 { z += 1 }
        return z
    }
}
