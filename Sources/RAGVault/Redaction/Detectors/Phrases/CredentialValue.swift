/// The value a phrase or a table hands over, and whether it can be a credential of a kind.
/// Shared by the prose grammar and the structure rules, so that "is it a password?" has one
/// answer wherever the value was found.
enum CredentialValue {
    /// The value at `k`: inside quotes (ASCII or typographic, on one line) or bare up to white
    /// space, without the sentence's own trailing punctuation.
    static func read(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> (start: Int, end: Int, quoted: Bool)? {
        guard k < s.count else { return nil }
        if let (open, close) = quote(s, k) {
            let start = k + open
            var end = start
            while end < s.count && end - start < 256 && s[end] != 0x0A {
                if close.count == 1 ? s[end] == close[0] : Bytes.matches(s, end, close) || (close == closingDouble && Bytes.matches(s, end, closingDoubleLow)) {
                    break
                }
                end += 1
            }
            guard end < s.count, end > start, s[end] != 0x0A else { return nil }
            return (start, end, true)
        }
        // "the mailbox password (Mb8#Qz2Lp) no longer works": one word in parentheses, read as
        // a bare value is (no quotes' leniency).
        if s[k] == 0x28 {
            let close = Bytes.run(s, from: k + 1, limit: 128) { !Bytes.isSpace($0) && $0 != 0x29 && $0 != 0x28 }
            return close < s.count && s[close] == 0x29 && close > k + 1 ? (k + 1, close, false) : nil
        }
        // A bare value starts with a letter, a digit or a symbol passwords start with, not with
        // the punctuation of a list or a sentence.
        let first = s[k]
        guard first != 0x2C, first != 0x2E, first != 0x3B, first != 0x7C, first != 0x29, first != 0x5D, first != 0x7D else { return nil }
        // A bare value ends at white space, at an escaped break inside a JSON string, and at a
        // double quote: the one that closes the string the sentence is written in.
        var end = k
        while end < s.count && end - k < 256 && !Bytes.isSpace(s[end]) && s[end] != 0x22 && !Bytes.isEscapedBreak(s, at: end) { end += 1 }
        // "… is X." / "X," / "(X)" / "X?": the sentence's punctuation, not the value's. A '!' is
        // the value's unless the rest is letters only ("… ist falsch!").
        while end > k {
            let c = s[end - 1]
            if c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x29 || c == 0x5D || c == 0x3F || c == 0x22 || c == 0x27 || c == 0x60 {
                end -= 1
            } else if c == 0x21, (k..<(end - 1)).allSatisfy({ Bytes.isAlpha(s[$0]) || s[$0] >= 0x80 || s[$0] == 0x21 || s[$0] == 0x3F }) {
                end -= 1
            } else {
                break
            }
        }
        return end > k ? (k, end, false) : nil
    }

    private static let closingDouble: [UInt8] = [0xE2, 0x80, 0x9D], closingDoubleLow: [UInt8] = [0xE2, 0x80, 0x9C]

    /// A quote opening at `k`: its length and the bytes that close it.
    private static func quote(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> (Int, [UInt8])? {
        let b = s[k]
        // \"…\" inside a JSON string.
        if b == 0x5C, k + 1 < s.count, s[k + 1] == 0x22 || s[k + 1] == 0x27 { return (2, [0x5C, s[k + 1]]) }
        if b == 0x22 || b == 0x27 || b == 0x60 { return (1, [b]) }
        if b == 0xC2, k + 1 < s.count, s[k + 1] == 0xAB { return (2, [0xC2, 0xBB]) } // « »
        if b == 0xE2, k + 2 < s.count, s[k + 1] == 0x80 {
            switch s[k + 2] {
            case 0x9E, 0x9C: return (3, closingDouble) // „ “ or “ ” (German closes „ with “)
            case 0x98: return (3, [0xE2, 0x80, 0x99]) // ‘ ’
            default: return nil
            }
        }
        return nil
    }

    /// Whether `s[a..<z]` can be a credential of `kind`. `strong` asks for more: a value that
    /// follows the noun with no link word ("log in with the password X").
    static func accepts(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, kind: CredentialLexicon.Kind, quoted: Bool, strong: Bool = false) -> Bool {
        let length = z - a
        guard length >= 4, length <= 200, !isReference(s, a, z, quoted: quoted) else { return false }
        var digits = 0, letters = 0, symbols = 0, innerUpper = false, lower = false
        for k in a..<z {
            let c = s[k]
            if Bytes.isSpace(c) { return false }
            if Bytes.isDigit(c) {
                digits += 1
            } else if Bytes.isAlpha(c) || c >= 0x80 {
                letters += 1
                if k > a && Bytes.isUpper(c) { innerUpper = true }
                if Bytes.isLower(c) { lower = true }
            } else {
                symbols += 1
            }
        }
        // Numbers with separators are dates, times, versions and addresses ("2.14.3", "10:30").
        if letters == 0 && symbols > 0 && (a..<z).allSatisfy({ Bytes.isDigit(s[$0]) || s[$0] == 0x2E || s[$0] == 0x2D || s[$0] == 0x2F || s[$0] == 0x3A }) {
            return false
        }
        // 0x4a, 0xDEADBEEF: a number written in hex (a sentence's punctuation after it aside).
        let word = Bytes.withoutClosingPunctuation(s, a, z)
        if word - a <= 10, word - a > 2, s[a] == 0x30, s[a + 1] == 0x78 || s[a + 1] == 0x58, ((a + 2)..<word).allSatisfy({ Bytes.isHex(s[$0]) }) {
            return false
        }
        // "dell'account", "l'admin", "d'accès": an elided article glued to a word.
        if !quoted, digits == 0, symbols == 1, let mark = (a..<z).first(where: { s[$0] == 0x27 }), mark > a, mark + 1 < z,
            Bytes.isAlpha(s[mark - 1]), Bytes.isAlpha(s[mark + 1])
        {
            return false
        }
        switch kind {
        case .password, .pair:
            if letters == 0 && symbols == 0 { return digits >= 6 && !strong } // a PIN-like password, never right after the noun
            if !quoted && length < 6 { return false }
            if strong && !(letters > 0 && (digits > 0 || symbols > 0)) && !quoted { return false }
            guard digits > 0 || symbols > 0 || (quoted && innerUpper) else { return false }
            // "db_password", "api-key", "my.secret": a name, made of words and joiners only.
            if digits == 0 && !innerUpper && (a..<z).allSatisfy({ Bytes.isLower(s[$0]) || s[$0] == 0x5F || s[$0] == 0x2D || s[$0] == 0x2E }) {
                return false
            }
            // An environment variable's name ("DB_PASSWORD", "SECRET_KEY") refers to a value.
            if !lower && digits == 0 && (a..<z).allSatisfy({ Bytes.isUpper(s[$0]) || s[$0] == 0x5F }) { return false }
            return !Placeholder.isGenericWord(s, a, z) && !isQuantity(s, a, word)
        case .token:
            let generated = looksGenerated(s, a, word)
            guard length >= (quoted ? 12 : 16) || generated, AssignmentDetector.distinct(s, a, z) >= 8,
                !AssignmentDetector.isKeyID(s, a, word)
            else { return false }
            if !lower && digits == 0 && (a..<z).allSatisfy({ Bytes.isUpper(s[$0]) || s[$0] == 0x5F }) { return false }
            return (letters > 0 && digits > 0) || generated || (length >= 32 && Bytes.entropy(s, a, z) >= 3.5)
        }
    }

    /// "32bytes", "12chars", "90days": a number and its unit — what a value must be, not one.
    private static func isQuantity(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        let number = Bytes.run(s, from: a, limit: z - a) { Bytes.isDigit($0) }
        return number > a && number < z && units.contains(s, number, z)
    }

    private static let units = WordSet([
        "byte", "bytes", "bit", "bits", "char", "chars", "characters", "digits", "letters", "symbols", "words", "kb", "mb",
        "gb", "ms", "s", "sec", "secs", "min", "mins", "h", "hours", "d", "days", "weeks", "months", "zeichen", "stellen",
        "caractères", "caracteres", "tekens", "jours", "tage", "dagen", "días"
    ])

    /// "Ab12Cd34Ef56", "x7K2m9Pq4Lw8": 10 to 15 letters and digits drawn at random, too short
    /// for a token's length to speak for it. Drawn at random, the class of a character (capital,
    /// small letter, digit) changes at most steps; in a name made of words and numbers
    /// ("SHA256withRSA", "MySecretValue", "build20240105") it changes only where a word ends.
    static func looksGenerated(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        guard (10...15).contains(z - a) else { return false }
        var upper = 0, lower = 0, digits = 0, changes = 0, previous = -1
        for k in a..<z {
            let c = s[k]
            let kind: Int
            if Bytes.isUpper(c) {
                (kind, upper) = (0, upper + 1)
            } else if Bytes.isLower(c) {
                (kind, lower) = (1, lower + 1)
            } else if Bytes.isDigit(c) {
                (kind, digits) = (2, digits + 1)
            } else {
                return false
            }
            if previous >= 0 && kind != previous { changes += 1 }
            previous = kind
        }
        let mixed = (upper >= 2 ? 1 : 0) + (lower >= 2 ? 1 : 0) + (digits >= 2 ? 1 : 0) >= 2
        // Letters alone change class half the time at random, and in camel case at every word.
        let steps = z - a - 1
        return mixed && (digits == 0 ? changes * 2 >= steps : changes * 5 >= steps * 2) && !isWordsAndNumbers(s, a, z)
    }

    /// A name run together from words, acronyms and numbers: "ApiKeyHeader2", "iPhone12Pro",
    /// "HTTPServer10" — a small letter, else a capital, begins each word, and words after the
    /// first have two small letters at least (drawn at random, small letters mostly stand alone).
    private static func isWordsAndNumbers(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        // Bit i: s[a..<a+i] splits into such parts (values here are at most 15 bytes: no array).
        guard z - a < 32 else { return false }
        var parsed: UInt32 = 1
        for i in 0..<(z - a) where parsed & (1 << i) != 0 {
            let k = a + i
            let c = s[k]
            var end: Int
            if Bytes.isDigit(c) {
                end = Bytes.run(s, from: k, limit: z - k) { Bytes.isDigit($0) }
            } else if Bytes.isLower(c) {
                end = Bytes.run(s, from: k, limit: z - k) { Bytes.isLower($0) }
                if i > 0 && end - k < 2 { continue }
            } else if Bytes.isUpper(c) {
                let capitals = Bytes.run(s, from: k, limit: z - k) { Bytes.isUpper($0) }
                if capitals - k == 1 {
                    end = Bytes.run(s, from: k + 1, limit: z - k - 1) { Bytes.isLower($0) }
                    if end - k < 3 { continue }
                } else {
                    // An acronym ends before the capital that begins the next word ("HTTPServer").
                    let next = capitals < z && Bytes.isLower(s[capitals]) ? capitals - 1 : capitals
                    end = next
                    if end - k < 2 { continue }
                }
            } else {
                return false
            }
            parsed |= 1 << (end - a)
        }
        return parsed & (1 << (z - a)) != 0
    }

    /// A passphrase in quotes: three to eight words, one blank between each ("correct horse
    /// battery staple", "Blue Whale Jumps Over 7 Moons"); a wallet's mnemonic is 12 to 24. Asked only where the name is a
    /// passphrase, as the quotes are what make the words one value; words that tell someone
    /// what to do ("Enter your passphrase", "the same as before") make it an instruction.
    static func isQuotedPassphrase(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, words range: ClosedRange<Int> = 3...8) -> Bool {
        guard z - a >= 12, z - a <= 15 * range.upperBound, !isReference(s, a, z, quoted: true) else { return false }
        var words = 0, k = a
        while k < z {
            let end = Bytes.run(s, from: k, limit: min(24, z - k)) { $0 > 0x20 && $0 != 0x7F }
            guard end > k, end == z || (s[end] == 0x20 && end + 1 < z && s[end + 1] != 0x20) else { return false }
            if instructionWords.contains(s, k, end) { return false }
            words += 1
            k = end + 1
        }
        return range.contains(words)
    }

    private static let instructionWords = WordSet([
        "your", "enter", "type", "see", "same", "stored", "provided", "required", "must", "should", "will", "not", "empty",
        "none", "here", "use", "set", "the", "is", "passphrase", "password", "secret", "ihr", "ihre", "votre", "su", "uw"
    ])

    /// `Documentation/security/keys/core.rst`, `config/secrets/prod.yml`: two or more '/' between
    /// names, ending in a file's extension.
    private static func isRelativePath(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        var slashes = 0, dot = -1
        for k in a..<z {
            let c = s[k]
            if c == 0x2F {
                guard k > a, s[k - 1] != 0x2F else { return false }
                slashes += 1
            } else if c == 0x2E {
                dot = k
            } else if !(Bytes.isWord(c)) {
                return false
            }
        }
        let lastSlash = (a..<z).last { s[$0] == 0x2F } ?? a
        return slashes >= 2 && dot > lastSlash + 1 && (1...4).contains(z - dot - 1) && ((dot + 1)..<z).allSatisfy { Bytes.isAlpha(s[$0]) }
    }

    /// Values that name a credential kept elsewhere or are something else altogether:
    /// placeholders and templates, URLs, paths, e-mail addresses, calls.
    static func isReference(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, quoted: Bool) -> Bool {
        if Placeholder.isPlaceholder(s, a, z) || Placeholder.isMaskedSample(s, z) { return true }
        // os.environ["X"], getenv(…), None, null: the assignment rules' own test.
        if AssignmentDetector.isReference(s, a, z, quoted: quoted) { return true }
        // settings.SECRET_KEY, config.db.password: a dotted name without a digit, or with an
        // underscore, refers to a value ("Tiger.Cobalt.Zebra5" is a passphrase).
        if !quoted, AssignmentDetector.isDottedIdentifier(s, a, z),
            !(a..<z).contains(where: { Bytes.isDigit(s[$0]) }) || (a..<z).contains(where: { s[$0] == 0x5F })
        {
            return true
        }
        let first = s[a]
        if first == 0x24 || first == 0x7B || first == 0x3C || first == 0x25 || first == 0x5B || first == 0x40 { return true }
        if first == 0x2F || first == 0x7E || (first == 0x2E && a + 1 < z && (s[a + 1] == 0x2F || s[a + 1] == 0x2E)) { return true }
        if z - a > 2, Bytes.isAlpha(first), s[a + 1] == 0x3A, s[a + 2] == 0x5C { return true } // C:\…
        if isRelativePath(s, a, Bytes.withoutClosingPunctuation(s, a, z)) { return true }
        var at: Int?
        for k in a..<z {
            let c = s[k]
            if c == 0x28 && !quoted { return true } // getPassword(), secrets.get("x")
            if c == 0x3A, k + 2 < z, s[k + 1] == 0x2F, s[k + 2] == 0x2F { return true } // scheme://
            if c == 0x40 { at = k }
        }
        // user@example.com: the address something is sent to, not a password.
        if let at, at > a {
            let dot = (at + 1..<z).last { s[$0] == 0x2E } ?? z
            if dot < z - 2, (at + 1..<z).allSatisfy({ Bytes.isAlnum(s[$0]) || s[$0] == 0x2E || s[$0] == 0x2D }),
                (dot + 1..<z).allSatisfy({ Bytes.isAlpha(s[$0]) })
            {
                return true
            }
        }
        return false
    }
}
