/// Credentials held as an XML element's text, named by the element (`<password>X</password>`,
/// `<db:adminPassword>X</…>`, Maven's `<server><password>`), by its key or name attribute
/// (Java's XML properties `<entry key="db.password">X</entry>`, Hibernate's
/// `<property name="hibernate.connection.password">X</property>`), or by the `<key>` before
/// it in a property list (`<key>Password</key><string>X</string>`, Wi-Fi and VPN profiles).
/// A name is judged as an assignment's key is, or by the credential lexicon's nouns
/// (`<Passwort>`, `<wachtwoord>`); the text as any named value.
enum XMLElementDetector {
    private static let nameAttributes: [[UInt8]] = ["key=", "name="].map { Array($0.utf8) }
    private static let plistKey = Array("key".utf8), plistString = Array("<string>".utf8)

    /// Whether point `i` may start an element's name (after '<') or an attribute's value
    /// (after '="'): a load and a compare at every point.
    @inline(__always)
    static func mayStart(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i >= 2 else { return i == 1 && s[0] == 0x3C }
        return s[i - 1] == 0x3C || (s[i - 1] == 0x22 && s[i - 2] == 0x3D)
    }

    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        let name: (start: Int, end: Int), tagEnd: Int
        if s[i - 1] == 0x3C {
            let end = Bytes.run(s, from: i, limit: 64) { Bytes.isWord($0) || $0 == 0x2E || $0 == 0x3A }
            // A namespace prefix is no part of the name.
            let start = (i..<end).last { s[$0] == 0x3A }.map { $0 + 1 } ?? i
            guard end < s.count, end > start, let close = self.tagEnd(s, from: end) else { return nil }
            if end - start == plistKey.count, Bytes.matches(s, start, plistKey) { return plist(s, textStart: close + 1, into: &out) }
            (name, tagEnd) = ((start, end), close)
        } else {
            guard nameAttributes.contains(where: { Bytes.matchesIgnoringCase(s, i - 1 - $0.count, $0) }),
                let opening = (max(0, i - 200)..<i).last(where: { s[$0] == 0x3C || s[$0] == 0x3E }), s[opening] == 0x3C
            else { return nil }
            let end = Bytes.run(s, from: i, limit: 128) { $0 != 0x22 && $0 != 0x0A }
            guard end < s.count, s[end] == 0x22, let close = self.tagEnd(s, from: end + 1) else { return nil }
            (name, tagEnd) = ((i, end), close)
        }
        guard let kind = kind(s, name.start, name.end) else { return nil }
        return text(s, from: tagEnd + 1, kind: kind, into: &out)
    }

    /// `<key>Password</key>` then `<string>X</string>`: the key element's text names the value
    /// element after it.
    private static func plist(_ s: UnsafeBufferPointer<UInt8>, textStart: Int, into out: inout [Candidate]) -> Int? {
        let end = Bytes.run(s, from: textStart, limit: 64) { $0 != 0x3C && $0 != 0x0A }
        guard end + 1 < s.count, s[end + 1] == 0x2F, let kind = kind(s, textStart, end),
            let close = tagEnd(s, from: end + 1)
        else { return nil }
        var k = close + 1
        while k < s.count && Bytes.isSpace(s[k]) && k - close < 64 { k += 1 }
        guard Bytes.matches(s, k, plistString) else { return nil }
        return text(s, from: k + plistString.count, kind: kind, into: &out)
    }

    /// What a name says the value is: a key the assignment rules name a secret, or one that
    /// ends in a noun of the lexicon; nil for any other name.
    private static func kind(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CredentialLexicon.Kind? {
        guard end > start, end - start <= 64 else { return nil }
        if let strength = AssignmentDetector.strength(for: AssignmentDetector.foldedKey(s, start, end)) {
            return strength == .password ? .password : .token
        }
        guard let (noun, _) = CredentialPhraseDetector.noun(endingCell: s, start, end) else { return nil }
        return CredentialStructure.kind(s, (start, end), noun)
    }

    /// The '>' that ends the tag begun before `from`, on its line; nil for a self-closing tag.
    private static func tagEnd(_ s: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let close = Bytes.run(s, from: from, limit: 200) { $0 != 0x3E && $0 != 0x3C && $0 != 0x0A }
        guard close < s.count, s[close] == 0x3E, s[close - 1] != 0x2F else { return nil }
        return close
    }

    /// The element's text from `from` to its closing tag, on one line; the blanks around it
    /// are the layout's, and the element delimits it as quotes would.
    private static func text(_ s: UnsafeBufferPointer<UInt8>, from: Int, kind: CredentialLexicon.Kind, into out: inout [Candidate]) -> Int? {
        let start = Bytes.skipBlanks(s, from: from)
        let end = Bytes.run(s, from: start, limit: 256) { $0 != 0x3C && $0 != 0x0A }
        guard end + 1 < s.count, s[end] == 0x3C, s[end + 1] == 0x2F else { return nil }
        var z = end
        while z > start && (s[z - 1] == 0x20 || s[z - 1] == 0x09) { z -= 1 }
        guard z > start, CredentialValue.accepts(s, start, z, kind: kind, quoted: true) else { return nil }
        out.append(Candidate(type: kind == .token ? .genericSecret : .password, start: start, end: z, detector: "xml_element_secret"))
        return z
    }
}
