/// A user and a password handed over with the verb of signing in and no credential noun: "log
/// in with admin / Winter2024!", "sign in as deploy:Qw9x…", "Melde dich mit admin / X an",
/// "connecte-toi avec admin / X", "inicia sesión con admin / X", "log in met admin / X" — or
/// the pair first: "use admin / X to log in", "Bitte mit admin / X anmelden".
///
/// The grammar: the verb; at most four words saying where ("to the console", "on the router");
/// a word of means ("with", "using", "as", "mit", "avec", "con", "met"…); then the pair — a
/// user written as user names are (lower case letters, digits, `._@+-`, optionally quoted),
/// `/` or `:`, and a value judged as a password standing right after its noun would be
/// (`strong`: letters with digits or symbols). Products are capitalised and sign-in methods
/// are words, so "log in with SSO / SAML", "sign in with Google/GitHub" and "log in with
/// email/password" stay readable. Only the password is replaced.
enum SignInPair {
    /// The verbs, lower case; a verb of several words is matched whole.
    static let verbs: [[UInt8]] = [
        "log in", "log into", "log on", "log onto", "login", "logon", "logged in", "sign in", "sign into", "signin", "sign on",
        "signed in", "authenticate", "connect", "ssh", "anmelden", "melde dich", "melden sie sich", "einloggen", "logge dich",
        "loggen sie sich", "connecte-toi", "connectez-vous", "se connecter", "identifiez-vous", "identifie-toi",
        "iniciar sesión", "inicia sesión", "inicie sesión", "accede", "acceda", "acceder", "inloggen", "log je in", "aanmelden",
        "meld je aan", "meld u aan"
    ].map { Array($0.utf8) }

    /// Words of means before the pair: "with", "mit", "avec", "con", "met", "as", "als"…
    private static let means = WordSet(["with", "using", "as", "via", "mit", "als", "avec", "con", "como", "usando", "met"])

    /// Whether a verb can start at `i`: its first four bytes, lower case, as one number against
    /// the verbs' first four ("log ", "sign", "conn", "meld", "inic"…) — a switch on constants,
    /// no table. Asked only where the phrase walk's table says a verb's first two bytes may be
    /// there (`CredentialPhraseDetector.signInBit`); that alone lets a fifth of all words by.
    @inline(__always)
    static func mayStart(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i + 4 <= s.count else { return false }
        let low = UInt32(Bytes.lower(s[i])) | UInt32(Bytes.lower(s[i + 1])) << 8
        let four = low | UInt32(Bytes.lower(s[i + 2])) << 16 | UInt32(Bytes.lower(s[i + 3])) << 24
        switch four {
        case 0x2067_6F6C, 0x6967_6F6C, 0x6F67_6F6C, 0x6767_6F6C: return true // "log ", "logi", "logo", "logg"
        case 0x6E67_6973, 0x6874_7561, 0x6E6E_6F63, 0x2068_7373: return true // "sign", "auth", "conn", "ssh "
        case 0x656D_6E61, 0x646C_656D, 0x6C6E_6965, 0x6320_6573: return true // "anme", "meld", "einl", "se c"
        case 0x6E65_6469, 0x6369_6E69, 0x6563_6361, 0x6F6C_6E69, 0x6D6E_6161: return true // "iden", "inic", "acce", "inlo", "aanm"
        default: return false
        }
    }

    /// The password of a pair after a sign-in verb starting at `i`, appended to `out`; the
    /// end of what was read, or nil.
    @inline(never)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        guard let verbEnd = verb(s, i) else { return nil }
        // The pair may also come first: "use admin / X to log in", "mit admin / X anmelden".
        if let (a, z) = pair(s, before: i) { out.append(Candidate(type: .password, start: a, end: z, detector: "sign_in_pair")) }
        guard let (a, z) = pair(s, after: verbEnd) else { return nil }
        out.append(Candidate(type: .password, start: a, end: z, detector: "sign_in_pair"))
        return z
    }

    /// Words that hand a pair over before the verb ("use … to log in", "mit … anmelden").
    private static let usePrefixes = WordSet(["use", "using", "with", "mit", "met", "avec", "con", "usa", "utilise", "utilisez", "nutze"])
    private static let purposeWords = WordSet(["to", "zum", "um", "pour", "para", "om"])

    /// The pair's password before a verb at `verbStart`: a word of use, the pair, and at most a
    /// word of purpose ("to", "zum", "pour"), on one line.
    private static func pair(_ s: UnsafeBufferPointer<UInt8>, before verbStart: Int) -> (Int, Int)? {
        guard var (a, z) = Bytes.wordBefore(s, verbStart) else { return nil }
        if purposeWords.contains(s, a, z) {
            guard let value = Bytes.wordBefore(s, a) else { return nil }
            (a, z) = value
        }
        // "admin:X" as one word, or "admin / X", "admin/X".
        let valueStart: Int
        var userEnd: Int
        if let colon = (a..<z).first(where: { s[$0] == 0x3A }), colon > a {
            (valueStart, userEnd) = (colon + 1, colon)
        } else if let slash = (a..<z).first(where: { s[$0] == 0x2F }), slash > a {
            (valueStart, userEnd) = (slash + 1, slash)
        } else {
            valueStart = a
            let slash = Bytes.skipBlanksBackward(s, from: a - 1)
            guard slash >= 0, s[slash] == 0x2F else { return nil }
            userEnd = Bytes.skipBlanksBackward(s, from: slash - 1) + 1
        }
        guard let value = CredentialValue.read(s, valueStart), value.end <= z,
            CredentialValue.accepts(s, value.start, value.end, kind: .password, quoted: value.quoted, strong: true)
        else { return nil }
        // The user, written as user names are, then the word of use before it.
        let quoted = userEnd > 0 && (s[userEnd - 1] == 0x60 || s[userEnd - 1] == 0x27 || s[userEnd - 1] == 0x22)
        if quoted { userEnd -= 1 }
        var userStart = userEnd
        while userStart > 0, userEnd - userStart < 64, isUserByte(s[userStart - 1]) { userStart -= 1 }
        guard userStart < userEnd, Bytes.isAlnum(s[userStart]) else { return nil }
        if quoted {
            guard userStart > 0, s[userStart - 1] == s[userEnd] else { return nil }
            userStart -= 1
        }
        guard let use = Bytes.wordBefore(s, userStart), usePrefixes.contains(s, use.start, use.end) else { return nil }
        return (value.start, value.end)
    }

    /// The bytes user names are written in: lower case letters, digits and `._@+-`.
    static func isUserByte(_ b: UInt8) -> Bool {
        Bytes.isLower(b) || Bytes.isDigit(b) || b == 0x2E || b == 0x5F || b == 0x40 || b == 0x2B || b == 0x2D
    }

    private static func verb(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        for verb in verbs where Bytes.matchesIgnoringCase(s, i, verb) {
            let end = i + verb.count
            if end == s.count || !(Bytes.isAlnum(s[end]) || s[end] >= 0x80 || s[end] == 0x2D || s[end] == 0x5F) { return end }
        }
        return nil
    }

    /// After the verb: up to four words on the same line, a word of means, the pair.
    private static func pair(_ s: UnsafeBufferPointer<UInt8>, after verbEnd: Int) -> (Int, Int)? {
        var k = verbEnd
        var words = 0
        while true {
            k = Bytes.skipBlanks(s, from: k)
            guard k < s.count, s[k] != 0x0A, s[k] != 0x0D, words <= 4 else { return nil }
            let end = Bytes.run(s, from: k, limit: 40) { !Bytes.isSpace($0) }
            if means.contains(s, k, end) {
                k = end
                break
            }
            // A sentence ends before the pair: "Log in. Then run admin/setup".
            let last = s[end - 1]
            if last == 0x2E || last == 0x3B || last == 0x21 || last == 0x3F || last == 0x2C { return nil }
            words += 1
            k = end
        }
        k = Bytes.skipBlanks(s, from: k)
        guard let user = user(s, k) else { return nil }
        k = user
        if k < s.count, s[k] == 0x3A, k + 1 < s.count, !Bytes.isSpace(s[k + 1]) {
            k += 1 // "deploy:Qw9x…"
        } else {
            k = Bytes.skipBlanks(s, from: k)
            guard k < s.count, s[k] == 0x2F else { return nil }
            k = Bytes.skipBlanks(s, from: k + 1)
        }
        guard let value = CredentialValue.read(s, k),
            CredentialValue.accepts(s, value.start, value.end, kind: .password, quoted: value.quoted, strong: true)
        else { return nil }
        return (value.start, value.end)
    }

    /// The end of a user name at `k` (after its closing quote, if quoted): 1–64 bytes of lower
    /// case letters, digits and `._@+-`, starting with a letter or digit.
    private static func user(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int? {
        guard k < s.count else { return nil }
        let quote = s[k] == 0x60 || s[k] == 0x27 || s[k] == 0x22 ? s[k] : nil
        let start = quote == nil ? k : k + 1
        let end = Bytes.run(s, from: start, limit: 65, isUserByte)
        guard end > start, end - start <= 64, Bytes.isAlnum(s[start]) else { return nil }
        guard let quote else { return end }
        return end < s.count && s[end] == quote ? end + 1 : nil
    }
}
