/// YAML values on the lines below their key: a block scalar (`password: |` and the indented
/// line after it) and a list under a plural credential key (`api_keys:` / `  - …`).
extension AssignmentDetector {
    /// At a ':' that ends its line (or is followed only by a block indicator), the credential
    /// values below; returns the end of the last one, or nil.
    static func yamlBlock(_ s: UnsafeBufferPointer<UInt8>, colon i: Int, into out: inout [Candidate]) -> Int? {
        var k = i + 1
        while k < s.count && s[k] == 0x20 { k += 1 }
        var block = false
        if k < s.count, s[k] == 0x7C || s[k] == 0x3E {
            block = true
            k += 1
            if k < s.count, s[k] == 0x2D || s[k] == 0x2B { k += 1 }
            while k < s.count && s[k] == 0x20 { k += 1 }
        }
        if k < s.count, s[k] == 0x0D { k += 1 }
        guard k < s.count, s[k] == 0x0A else { return nil }
        // The key: the identifier before the colon, at the start of its line after indentation.
        var a = i
        while a > 0 && (Bytes.isWord(s[a - 1]) || s[a - 1] == 0x2E) && i - a < 64 { a -= 1 }
        guard a < i else { return nil }
        var indent = a
        while indent > 0 && s[indent - 1] == 0x20 { indent -= 1 }
        guard indent == 0 || s[indent - 1] == 0x0A else { return nil }
        let keyIndent = a - indent
        var key = foldedKey(s, a, i)
        // A list's key is plural ("passwords", "api_keys"); its items are each one.
        if !block {
            guard key.last == 0x73 else { return nil }
            key.removeLast()
        }
        guard let rule = strength(for: key) else { return nil }
        let kind: CredentialLexicon.Kind = rule == .password ? .password : .token
        var line = k + 1, last: Int?
        while line < s.count {
            let end = CredentialStructure.lineEnd(s, line)
            let text = Bytes.run(s, from: line, limit: 256) { $0 == 0x20 }
            if text >= end { break }
            guard text - line > keyIndent else { break }
            var a = text, z = end
            if !block {
                guard s[a] == 0x2D, a + 1 < end, s[a + 1] == 0x20 else { break }
                a += 2
            }
            while z > a && (s[z - 1] == 0x20 || s[z - 1] == 0x0D) { z -= 1 }
            if z - a >= 2, s[a] == 0x22 || s[a] == 0x27, s[z - 1] == s[a] { a += 1; z -= 1 }
            if z > a, CredentialValue.accepts(s, a, z, kind: kind, quoted: true) {
                out.append(Candidate(type: kind == .password ? .password : .genericSecret, start: a, end: z, detector: "secret_assignment"))
                last = z
            }
            // A block scalar's first line is the value (a multi-line value is a key block,
            // which the private-key detector reads).
            if block { break }
            line = end + 1
        }
        return last
    }
}
