/// Credentials that only their context names, found from the word that names them
/// (`CredentialLexicon`): in a sentence or a chat line ("das Passwort für den Server lautet
/// X", "set the password to X", "creds: admin / X", "the key we sign with is X"), as the
/// column of a table whose header names it, or as the value beside a key that starts its line
/// (`vault kv get` output, `ENV DB_PASSWORD x`, `define('DB_PASSWORD', 'x')`). Only the value
/// is replaced; the words around it stay readable.
enum CredentialPhraseDetector {
    /// For each lower-case first byte (entries 0–127) and each second byte (128–383), one bit
    /// per noun that has it there: a word that starts no noun costs two loads and an AND. A
    /// pointer, loaded once per text by the walk (a global's accessor is a call).
    /// The top bit says the same of the sign-in verbs (`SignInPair`), so that asking whether a
    /// word may start one costs nothing more.
    nonisolated(unsafe) static let pairs: UnsafePointer<UInt64> = {
        precondition(CredentialLexicon.nouns.count <= 63, "a bit per noun, and one for the sign-in verbs")
        let t = UnsafeMutablePointer<UInt64>.allocate(capacity: 384)
        t.initialize(repeating: 0, count: 384)
        for (n, noun) in CredentialLexicon.nouns.enumerated() {
            t[Int(noun.bytes[0])] |= 1 << UInt64(n)
            t[128 + Int(noun.bytes[1])] |= 1 << UInt64(n)
        }
        for verb in SignInPair.verbs {
            t[Int(verb[0])] |= signInBit
            t[128 + Int(verb[1])] |= signInBit
        }
        return UnsafePointer(t)
    }()
    static let signInBit: UInt64 = 1 << 63
    private static let nounBytes = CredentialLexicon.nouns.map(\.bytes)

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool {
        let first = Bytes.lower(b)
        // A noun's first two letters, or any word (a compound may end in a noun).
        return Bytes.isAlnum(b) || (first < 128 && pairs[Int(first)] & pairs[128 + Int(Bytes.lower(next))] != 0)
    }

    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, _ k: Int, _ i: Int, into out: inout [Candidate]) -> Int? {
        visit(s, index, k, i, pairs: pairs, into: &out)
    }

    /// `visit` with `pairs` already loaded.
    @inline(__always)
    static func visit(
        _ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, _ k: Int, _ i: Int, pairs: UnsafePointer<UInt64>, into out: inout [Candidate]
    ) -> Int? {
        // "…\nPassword: x" inside a JSON string: the noun starts after the escape's letter.
        let i = Bytes.isEscapeLetter(s, at: i) && i + 1 < Int(index.ends[k]) ? i + 1 : i
        let first = Bytes.lower(s[i])
        guard first < 128 else { return nil }
        let second = i + 1 < s.count ? Bytes.lower(s[i + 1]) : 0
        var bits = pairs[Int(first)] & pairs[128 + Int(second)]
        let signIn = bits & signInBit != 0 && SignInPair.mayStart(s, i)
        bits &= ~signInBit
        if bits != 0, let (noun, end) = noun(s, i, bits) {
            // "Login with admin / X": the noun names a pair only with a mark ("Login: …"); as
            // the verb it hands one over with a word of means.
            if let found = examine(s, i, end, noun, into: &out) { return found }
            return signIn ? SignInPair.visit(s, i, into: &out) : nil
        }
        if signIn, let end = SignInPair.visit(s, i, into: &out) { return end }
        // A run-together compound ends in a noun ("Datenbankpasswort", "Zugangsschlüssel").
        var wordEnd = Int(index.ends[k])
        guard wordEnd - i > 3, Bytes.isAlnum(s[i]) else { return nil }
        if wordEnd < s.count, s[wordEnd] >= 0x80 { wordEnd = Bytes.run(s, from: wordEnd, limit: 48) { Bytes.isAlnum($0) || $0 >= 0x80 } }
        guard wordEnd - i > 8 else { return nil }
        let last = Bytes.lower(s[wordEnd - 1])
        guard last == 0x74 || last == 0x64 || last == 0x6E || last == 0x6C else { return nil }
        return compound(s, i, wordEnd, into: &out)
    }

    @inline(never)
    private static func compound(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, _ wordEnd: Int, into out: inout [Candidate]) -> Int? {
        // Lower case where the tail starts: "usernamePassword" is a code identifier.
        for (tail, n) in CredentialLexicon.compoundTails where Bytes.matches(s, wordEnd - tail.count, tail) {
            return examine(s, wordEnd - tail.count, wordEnd, CredentialLexicon.nouns[n], into: &out)
        }
        return nil
    }

    /// The noun a table cell `s[a..<z]` ends with ("password", "DB password", "api_key",
    /// "Datenbankpasswort"), and where it starts.
    static func noun(endingCell s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> (noun: CredentialLexicon.Noun, start: Int)? {
        guard z > a, z - a <= 64 else { return nil }
        for w in a..<z where w == a || !(Bytes.isAlnum(s[w - 1]) || s[w - 1] >= 0x80) {
            let first = Bytes.lower(s[w])
            guard first < 128 else { continue }
            let second = w + 1 < s.count ? Bytes.lower(s[w + 1]) : 0
            let bits = pairs[Int(first)] & pairs[128 + Int(second)] & ~signInBit
            if bits != 0, let (noun, end) = noun(s, w, bits), end == z { return (noun, w) }
        }
        for (tail, n) in CredentialLexicon.compoundTails where z - a > tail.count && Bytes.matches(s, z - tail.count, tail) {
            return (CredentialLexicon.nouns[n], z - tail.count)
        }
        return nil
    }

    /// The longest noun at `i` among `bits` that ends a word there.
    @inline(never)
    private static func noun(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, _ bits: UInt64) -> (CredentialLexicon.Noun, Int)? {
        if i > 0, s[i - 1] >= 0x80 { return nil } // inside a word with accented letters
        var bits = bits, best: (Int, Int)?
        while bits != 0 {
            let n = bits.trailingZeroBitCount
            bits &= bits - 1
            let w = nounBytes[n], end = i + w.count
            guard Bytes.matchesIgnoringCase(s, i, w), end == s.count || !(Bytes.isAlnum(s[end]) || s[end] >= 0x80) else { continue }
            if best == nil || w.count > best!.1 - i { best = (n, end) }
        }
        return best.map { (CredentialLexicon.nouns[$0.0], $0.1) }
    }

    private static func examine(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ noun: CredentialLexicon.Noun, into out: inout [Candidate]) -> Int?
    {
        let key = CredentialStructure.identifier(s, start, end)
        // "password_file", "token-ttl", "key.id": the noun names something else's part.
        guard key.end == end else { return nil }
        var identifierOnly = false
        // A code identifier ("idempotency_key", "DB_PASSWORD", "auth.token") is named by the
        // assignment rules' own list, which knows which of them hold identifiers.
        if key.start < start, s[key.start..<start].contains(where: { $0 == 0x5F || $0 == 0x2E }) {
            let folded = AssignmentDetector.foldedKey(s, key.start, key.end)
            guard AssignmentDetector.strength(for: folded) != nil else { return nil }
            // A UUID under "idempotency_key" is an identifier; under "api_key" a credential.
            identifierOnly = !AssignmentDetector.namesACredential(folded)
        }
        let found = find(s, start, end, key, noun, into: &out)
        if let (a, z) = found.span, identifierOnly, AssignmentDetector.isUUID(s, a, z) { return nil }
        if let (a, z) = found.span { out.append(Candidate(type: found.type, start: a, end: z, detector: found.detector)); return z }
        return found.last
    }

    private static func find(
        _ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ key: CredentialStructure.Key, _ noun: CredentialLexicon.Noun,
        into out: inout [Candidate]
    ) -> (span: (Int, Int)?, type: EntityType, detector: String, last: Int?) {
        let found = find(s, start, end, key, as: noun, into: &out)
        // A Wi-Fi key is chosen and typed like a password: read again as one where a key's own
        // reading found nothing (asked only then — "key" is a common word).
        guard found.span == nil, found.last == nil, noun.kind == .token, noun.weak,
            NetworkKey.named(s, before: start) || NetworkKey.named(s, after: end)
        else { return found }
        return find(s, start, end, key, as: noun.asPassword, into: &out)
    }

    private static func find(
        _ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ key: CredentialStructure.Key, as noun: CredentialLexicon.Noun,
        into out: inout [Candidate]
    ) -> (span: (Int, Int)?, type: EntityType, detector: String, last: Int?) {
        guard let kind = CredentialStructure.kind(s, key, noun) else { return (nil, .password, "", nil) }
        if let span = CredentialStructure.keyed(s, key, kind) { return (span, kind == .token ? .genericSecret : .password, "credential_keyed", nil) }
        if let last = CredentialStructure.column(s, key, kind, into: &out) { return (nil, .password, "", last) }
        let span =
            prose(s, end, noun) ?? named(s, before: start, nounEnd: end) ?? roleFirst(s, nounStart: start, nounEnd: end)
            ?? valueFirst(s, nounStart: start, nounEnd: end, kind: kind)
        return (span ?? CredentialAnswer.after(s, nounEnd: end), .password, "credential_phrase", nil)
    }

    // MARK: - sentences

    /// After the noun: up to fourteen words of the same sentence, in which a link ("is",
    /// "lautet", ":", "auf") may be followed by fillers ("now", "jetzt") and then the value. A
    /// word about a property of the credential ("ID", "length", "file") ends the search.
    static func prose(_ s: UnsafeBufferPointer<UInt8>, _ nounEnd: Int, _ noun: CredentialLexicon.Noun) -> (Int, Int)? {
        var k = nounEnd, words = 0, link = false, newlines = 0, afterChange = false, object = false
        let limit = min(s.count, nounEnd + 240)
        // `password: x`, `"token" = "x"`, `key => x`: an assignment, read by the assignment
        // rules with their own tests for code and markup (`<entry key="…">`, `x:Key=`).
        if noun.assignmentKnows {
            var j = nounEnd
            if j < s.count, s[j] == 0x22 || s[j] == 0x27 || s[j] == 0x5D { j += 1 }
            while j < s.count && (s[j] == 0x20 || s[j] == 0x09) { j += 1 }
            if j < s.count, s[j] == 0x3A || s[j] == 0x3D { return nil }
        }
        // getPassword(…), usernamePassword(…): a call, not a sentence.
        if nounEnd < s.count, s[nounEnd] == 0x28 { return nil }
        if noun.alsoVerb, !followedAsNoun(s, nounEnd) { return nil }
        while k < limit && words < 14 {
            while k < limit && (s[k] == 0x20 || s[k] == 0x09) { k += 1 }
            guard k < limit else { return nil }
            let c = s[k]
            if c == 0x0A || c == 0x0D {
                // A form: "Passwort:" on one line, the value on the next.
                guard link, newlines == 0 else { return nil }
                newlines += 1; k += 1; continue
            }
            if let length = linkMark(s, k) { link = true; k += length; continue }
            let wordEnd = Bytes.run(s, from: k, limit: 256) { !Bytes.isSpace($0) }
            var core = wordEnd
            while core > k, s[core - 1] == 0x3A || s[core - 1] == 0x2C { core -= 1 }
            if link {
                // "wird per E-Mail verschickt": a property word after a link is how, not what.
                if let value = CredentialValue.read(s, k), !CredentialLexicon.properties.contains(s, k, core) {
                    if noun.kind == .pair { return pair(s, value) }
                    if CredentialValue.accepts(s, value.start, value.end, kind: noun.kind, quoted: value.quoted), !opensBlock(s, value) {
                        return (value.start, value.end)
                    }
                    if noun.isPassphrase, value.quoted, CredentialValue.isQuotedPassphrase(s, value.start, value.end) {
                        return (value.start, value.end)
                    }
                }
                if CredentialLexicon.fillers.contains(s, k, core) || CredentialLexicon.links.contains(s, k, core) {
                    k = wordEnd; continue
                }
                link = false
            } else if words == 0, !noun.weak, noun.kind != .pair, let value = CredentialValue.read(s, k),
                CredentialValue.accepts(s, value.start, value.end, kind: noun.kind, quoted: value.quoted, strong: true)
            {
                return (value.start, value.end)
            }
            if !object, CredentialLexicon.properties.contains(s, k, core) { return nil }
            if CredentialLexicon.objectPrepositions.contains(s, k, core) { object = true }
            if CredentialLexicon.links.contains(s, k, core) || (core < wordEnd && s[core] == 0x3A)
                || (afterChange && CredentialLexicon.changePrepositions.contains(s, k, core))
            {
                link = true
            }
            afterChange = CredentialLexicon.changeVerbs.contains(s, k, core)
            // The sentence (or clause) ends with this word — the search with it, unless the next
            // words on the line take the credential up again ("… got rotated; the new one is X",
            // "… geändert, das neue lautet X").
            let last = wordEnd > k ? s[wordEnd - 1] : 0
            let sentenceEnds = last == 0x2E || last == 0x3F || last == 0x21 || last == 0x3B
            if sentenceEnds || last == 0x2C {
                if let after = anaphor(s, wordEnd) {
                    (k, link, object) = (after, false, false)
                    words += 1
                    continue
                }
                if sentenceEnds { return nil }
            }
            if noun.weak && words >= 6 && !link { return nil }
            k = wordEnd
            words += 1
        }
        return nil
    }

    /// After a sentence's end: the end of a phrase that takes a credential named before up
    /// again ("the new one", "das neue", "le nouveau", "la nueva", "het nieuwe"), or nil.
    private static func anaphor(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int? {
        var a = Bytes.skipBlanks(s, from: k)
        guard a < s.count, Bytes.isAlpha(s[a]) else { return nil }
        let first = Bytes.run(s, from: a, limit: 16) { Bytes.isAlpha($0) || $0 >= 0x80 }
        if CredentialLexicon.articles.contains(s, a, first) { a = Bytes.skipBlanks(s, from: first) }
        let word = Bytes.run(s, from: a, limit: 16) { Bytes.isAlpha($0) || $0 >= 0x80 }
        guard anaphorWords.contains(s, a, word) else { return nil }
        // "new one", "nieuwe": English needs its "one"; the others stand alone.
        let next = Bytes.skipBlanks(s, from: word)
        let one = Bytes.run(s, from: next, limit: 4) { Bytes.isAlpha($0) }
        if Bytes.matchesIgnoringCase(s, a, newWord) { return one - next == 3 && Bytes.matchesIgnoringCase(s, next, oneWord) ? one : nil }
        return word
    }

    private static let anaphorWords = WordSet(["new", "neue", "nouveau", "nouvelle", "nueva", "nuevo", "nieuwe", "nuova", "nuovo", "nova", "novo"])
    private static let newWord = Array("new".utf8), oneWord = Array("one".utf8)

    /// Whether the word after a noun that is also a verb makes it a noun: a mark or one of
    /// `CredentialLexicon.nounFollowers`.
    private static func followedAsNoun(_ s: UnsafeBufferPointer<UInt8>, _ nounEnd: Int) -> Bool {
        let k = Bytes.skipBlanks(s, from: nounEnd)
        guard k < s.count else { return false }
        return linkMark(s, k) != nil || wordAfterIsFollower(s, nounEnd) == true
    }

    /// Whether the word right after the noun is one of `CredentialLexicon.nounFollowers` (a
    /// copula or a qualifier: the noun stands as a noun); nil when no word follows it.
    private static func wordAfterIsFollower(_ s: UnsafeBufferPointer<UInt8>, _ nounEnd: Int) -> Bool? {
        wordAfter(s, nounEnd).map { CredentialLexicon.nounFollowers.contains(s, $0.start, $0.end) }
    }

    /// The word right after the noun (letters, digits, '-', apostrophes: "c'est", "it’s"),
    /// without the punctuation after it; nil when none follows on the line.
    private static func wordAfter(_ s: UnsafeBufferPointer<UInt8>, _ nounEnd: Int) -> (start: Int, end: Int)? {
        let k = Bytes.skipBlanks(s, from: nounEnd)
        guard k < s.count, Bytes.isAlnum(s[k]) || s[k] >= 0x80 else { return nil }
        return (k, Bytes.run(s, from: k, limit: 32) { Bytes.isAlnum($0) || $0 == 0x2D || $0 == 0x27 || $0 >= 0x80 })
    }

    /// A value word with its quotes taken off, and whether it had them.
    private static func unquoted(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> (start: Int, end: Int, quoted: Bool) {
        guard z - a >= 2, s[a] == s[z - 1], s[a] == 0x22 || s[a] == 0x27 || s[a] == 0x60 else { return (a, z, false) }
        return (a + 1, z - 1, true)
    }

    /// A value that opens a block (`mdp: mdp@1a01000 {` in a device tree, `pass: main {`) is a
    /// node's name.
    private static func opensBlock(_ s: UnsafeBufferPointer<UInt8>, _ value: (start: Int, end: Int, quoted: Bool)) -> Bool {
        let k = Bytes.skipBlanks(s, from: value.end + (value.quoted ? 1 : 0))
        return k < s.count && s[k] == 0x7B
    }

    /// ':' '=' '->' '=>' '→' '—' standing alone (or glued to the noun).
    private static func linkMark(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int? {
        let c = s[k]
        let next = k + 1 < s.count ? s[k + 1] : 0
        if c == 0x3A || c == 0x3D { return next == 0x3D || next == 0x3E ? 2 : 1 }
        if c == 0x2D, next == 0x3E { return 2 }
        if c == 0xE2, k + 2 < s.count, (s[k + 1] == 0x86 && s[k + 2] == 0x92) || (s[k + 1] == 0x80 && (s[k + 2] == 0x94 || s[k + 2] == 0x93)) { return 3 }
        return nil
    }

    /// "admin / X", "admin/X", "admin:X": the part after the user.
    private static func pair(_ s: UnsafeBufferPointer<UInt8>, _ value: (start: Int, end: Int, quoted: Bool)) -> (Int, Int)? {
        if let cut = (value.start..<value.end).first(where: { s[$0] == 0x2F || s[$0] == 0x3A }), cut > value.start, cut + 1 < value.end {
            return CredentialValue.accepts(s, cut + 1, value.end, kind: .password, quoted: true) ? (cut + 1, value.end) : nil
        }
        var k = value.end + (value.quoted ? 1 : 0)
        while k < s.count && s[k] == 0x20 { k += 1 }
        guard k < s.count else { return nil }
        if s[k] == 0x2F {
            k += 1
            while k < s.count && s[k] == 0x20 { k += 1 }
            guard let password = CredentialValue.read(s, k),
                CredentialValue.accepts(s, password.start, password.end, kind: .password, quoted: true)
            else { return nil }
            return (password.start, password.end)
        }
        // "the credentials are admin and X", "die Zugangsdaten sind admin und X": a user name
        // as user names are written, "and", and a value that is a password on its own.
        let conjunction = Bytes.run(s, from: k, limit: 4) { Bytes.isAlpha($0) }
        guard pairConjunctions.contains(s, k, conjunction), conjunction < s.count, s[conjunction] == 0x20,
            (value.start..<value.end).allSatisfy({ SignInPair.isUserByte(s[$0]) })
        else { return nil }
        k = Bytes.skipBlanks(s, from: conjunction)
        guard let password = CredentialValue.read(s, k),
            CredentialValue.accepts(s, password.start, password.end, kind: .password, quoted: password.quoted, strong: true)
        else { return nil }
        return (password.start, password.end)
    }

    private static let pairConjunctions = WordSet(["and", "und", "et", "y", "en", "e"])

    /// "use X as the password", "X als Passwort", "X comme mot de passe": the word before.
    private static func named(_ s: UnsafeBufferPointer<UInt8>, before nounStart: Int, nounEnd: Int) -> (Int, Int)? {
        guard let word = asWord(before: nounStart, s), let value = Bytes.wordBefore(s, word.start) else { return nil }
        // "… as key developers", "… as the key type": the noun qualifies the word after it.
        guard wordAfterIsFollower(s, nounEnd) != false else { return nil }
        var z = value.end
        // "avoided, as …": the sentence's comma is no part of the value.
        while z > value.start, s[z - 1] == 0x2C || s[z - 1] == 0x3B || s[z - 1] == 0x3A { z -= 1 }
        let (a, b, quoted) = unquoted(s, value.start, z)
        return CredentialValue.accepts(s, a, b, kind: .password, quoted: quoted, strong: true) ? (a, b) : nil
    }

    /// "Als Passwort habe ich X gesetzt", "Comme mot de passe j'ai mis X", "Como contraseña he
    /// puesto X": a clause that opens with "as" and the noun names the value within its next
    /// three words (a pronoun and a verb come first), which must look like one.
    private static func roleFirst(_ s: UnsafeBufferPointer<UInt8>, nounStart: Int, nounEnd: Int) -> (Int, Int)? {
        guard let word = asWord(before: nounStart, s) else { return nil }
        // The as-word opens its clause: at a line's start or after a sentence's punctuation.
        var p = word.start
        while p > 0 && (s[p - 1] == 0x20 || s[p - 1] == 0x09) { p -= 1 }
        guard p == 0 || s[p - 1] == 0x0A || s[p - 1] == 0x2E || s[p - 1] == 0x3A || s[p - 1] == 0x3B || s[p - 1] == 0x2C else { return nil }
        var k = nounEnd
        for _ in 0..<4 {
            k = Bytes.skipBlanks(s, from: k)
            guard k < s.count, s[k] != 0x0A else { return nil }
            if s[k] == 0x2C { k += 1; continue } // "Comme mot de passe, j'ai mis …"
            if let value = CredentialValue.read(s, k),
                CredentialValue.accepts(s, value.start, value.end, kind: .password, quoted: value.quoted, strong: true)
            {
                return (value.start, value.end)
            }
            let end = Bytes.run(s, from: k, limit: 64) { !Bytes.isSpace($0) }
            if s[end - 1] == 0x2E || s[end - 1] == 0x3F || s[end - 1] == 0x21 { return nil }
            k = end
        }
        return nil
    }

    /// "as", "als", "comme", "como" right before the noun, or before its article.
    /// "X is the new password", "X ist das neue Passwort", "X est le mot de passe", "X es la
    /// contraseña", "X is het wachtwoord": the value, a copula, the noun phrase (an article or a
    /// possessive first, at most three words before the noun), and the noun ends it ("X is the
    /// password hash" is about a hash, "… the password thanks" is not). The value must look like
    /// one even right after a noun.
    private static func valueFirst(_ s: UnsafeBufferPointer<UInt8>, nounStart: Int, nounEnd: Int, kind: CredentialLexicon.Kind) -> (Int, Int)? {
        guard kind != .pair, !headWordFollows(s, nounEnd) else { return nil }
        // Back from the noun to a copula, at most five words; `next` is the word after it.
        var k = nounStart, count = 0
        var copula: (start: Int, end: Int)?, next: (start: Int, end: Int)?
        while count < 5, let word = Bytes.wordBefore(s, k) {
            count += 1
            if CredentialLexicon.valueFirstCopulas.contains(s, word.start, word.end) { copula = word; break }
            (next, k) = (word, word.start)
        }
        // [value] is the new … noun: an article or a possessive opens the noun phrase.
        guard let copula, let next,
            CredentialLexicon.articles.contains(s, next.start, next.end) || CredentialLexicon.possessives.contains(s, next.start, next.end),
            let value = Bytes.wordBefore(s, copula.start)
        else { return nil }
        let (a, z, quoted) = unquoted(s, value.start, value.end)
        return CredentialValue.accepts(s, a, z, kind: kind == .token ? .token : .password, quoted: quoted, strong: true) ? (a, z) : nil
    }

    /// Whether the word after the noun makes the noun a modifier of it: a property ("password
    /// hash", "password field") or a compound's head ("password reset", "password example").
    private static func headWordFollows(_ s: UnsafeBufferPointer<UInt8>, _ nounEnd: Int) -> Bool {
        guard let word = wordAfter(s, nounEnd) else { return false }
        return CredentialLexicon.properties.contains(s, word.start, word.end) || CredentialLexicon.compoundHeads.contains(s, word.start, word.end)
    }

    private static func asWord(before nounStart: Int, _ s: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int)? {
        guard var word = Bytes.wordBefore(s, nounStart) else { return nil }
        if CredentialLexicon.articles.contains(s, word.start, word.end) {
            guard let previous = Bytes.wordBefore(s, word.start) else { return nil }
            word = previous
        }
        return CredentialLexicon.asWords.contains(s, word.start, word.end) ? word : nil
    }
}
