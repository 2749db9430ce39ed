/// Chat: a question that names a credential ("whats the pw for grafana?", "wie ist das
/// Passwort vom NAS?") answered on one of the next two lines by a message that is only the
/// value, or a user and the value ("admin / Gr4fana!Prod", "admin:Gr4fana!Prod",
/// "[10:43] bob: Gr4fana!Prod"). The value is judged as any named password is
/// (`CredentialValue`): an answer in words ("see the wiki", "ask bob") is none.
enum CredentialAnswer {
    /// The value answering the question whose credential noun ends at `nounEnd`, or nil when
    /// the noun's line is no question or no following line answers it.
    static func after(_ s: UnsafeBufferPointer<UInt8>, nounEnd: Int) -> (Int, Int)? {
        // The question: a '?' ends the noun's line.
        var k = nounEnd
        while k < s.count && s[k] != 0x0A && s[k] != 0x3F && k - nounEnd < 120 { k += 1 }
        guard k < s.count, s[k] == 0x3F else { return nil }
        k += 1
        while k < s.count && (s[k] == 0x20 || s[k] == 0x09 || s[k] == 0x0D || s[k] == 0x3F) { k += 1 }
        guard k < s.count, s[k] == 0x0A else { return nil }
        var line = k + 1
        for _ in 0..<2 where line < s.count {
            let end = Bytes.run(s, from: line, limit: 300) { $0 != 0x0A }
            if let value = answer(s, line, end) { return value }
            line = end + 1
        }
        return nil
    }

    /// One line as an answer: an optional chat prefix, then `VALUE`, `USER VALUE`,
    /// `USER / VALUE` (or `|`) or `USER:VALUE`, and nothing else.
    private static func answer(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int)? {
        var words: [(Int, Int)] = []
        var k = messageStart(s, start, end)
        while k < end && words.count < 4 {
            while k < end && (s[k] == 0x20 || s[k] == 0x09 || s[k] == 0x0D) { k += 1 }
            guard k < end else { break }
            let wordEnd = Bytes.run(s, from: k, limit: end - k) { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
            if !(wordEnd - k == 1 && (s[k] == 0x2F || s[k] == 0x7C)) { words.append((k, wordEnd)) }
            k = wordEnd
        }
        guard k >= end, (1...2).contains(words.count), let last = words.last else { return nil }
        var a = last.0
        let z = last.1
        if words.count == 1, let colon = (a..<z).first(where: { s[$0] == 0x3A }), colon > a, colon + 1 < z {
            a = colon + 1 // "user:value"
        }
        // Read as any value after a credential's name is: quotes and a sentence's end
        // ("ask carol!", "see Confluence.") are no part of it.
        guard let value = CredentialValue.read(s, a), value.end <= z else { return nil }
        return CredentialValue.accepts(s, value.start, value.end, kind: .password, quoted: value.quoted) ? (value.start, value.end) : nil
    }

    /// Where a chat message's text starts: after "[10:43] ", "<bob> ", "bob: " or
    /// "@bob " (any of them, in that order), else at the line's start.
    private static func messageStart(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var k = start
        func blanks() { while k < end && (s[k] == 0x20 || s[k] == 0x09) { k += 1 } }
        blanks()
        if k < end, s[k] == 0x5B, let close = (k..<min(end, k + 32)).first(where: { s[$0] == 0x5D }) { k = close + 1; blanks() }
        if k < end, s[k] == 0x3C, let close = (k..<min(end, k + 40)).first(where: { s[$0] == 0x3E }) { k = close + 1; blanks() }
        let name = Bytes.run(s, from: k, limit: min(32, end - k)) { Bytes.isWord($0) || $0 == 0x2E || $0 == 0x40 }
        if name > k, name + 1 < end, s[name] == 0x3A, s[name + 1] == 0x20 { k = name + 1; blanks() }
        return k
    }
}
