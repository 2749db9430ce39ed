/// IPv4, IPv6 and MAC addresses.
extension PIIDetectors {
    static func network(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        if Bytes.isDigit(s[at]), let end = ipv4(s, at) {
            out.append(Candidate(type: .ipAddress, start: at, end: end, detector: "ipv4")); return
        }
        if let end = mac(s, at) {
            out.append(Candidate(type: .macAddress, start: at, end: end, detector: "mac")); return
        }
        if let end = ipv6(s, at) {
            out.append(Candidate(type: .ipAddress, start: at, end: end, detector: "ipv6"))
        }
    }

    static func ipv4(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        var k = at
        for octet in 0..<4 {
            let start = k
            k = Bytes.run(s, from: k, limit: 4, Bytes.isDigit)
            guard k > start, k - start <= 3, (start..<k).reduce(0, { $0 * 10 + Int(s[$1] - 0x30) }) <= 255 else { return nil }
            if octet < 3 { guard k < s.count, s[k] == 0x2E else { return nil }; k += 1 }
        }
        // Not part of a longer dotted number (version strings) or a word.
        if k < s.count && (Bytes.isAlnum(s[k]) || (s[k] == 0x2E && k + 1 < s.count && Bytes.isDigit(s[k + 1]))) { return nil }
        if k + 1 < s.count, s[k] == 0x2F, Bytes.isDigit(s[k + 1]) { k = Bytes.run(s, from: k + 1, limit: 2, Bytes.isDigit) } // CIDR
        // Glued to a word ("v1.2.3.4", "build1.0.0.2"): a version, not an address.
        if at >= 1, Bytes.isAlpha(s[at - 1]) { return nil }
        // A four-arc ASN.1 object identifier ("OID 2.5.4.3", "oid: 1.2.840.10045" is longer and
        // already no address) or a four-part version in prose ("released version 1.2.3.4",
        // "firmware 2.0.1.7"): the word shortly before on the line says what it is.
        if isAfterWord(s, at, notAddressWords) { return nil }
        return k
    }

    /// Words that make the dotted quad after them something else: an OID or a version.
    private static let notAddressWords: [[UInt8]] = [
        "oid", "object identifier", "version", "ver", "release", "released",
        "build", "firmware", "patch"
    ].map { Array($0.utf8) }

    private static func isAfterWord(_ s: UnsafeBufferPointer<UInt8>, _ at: Int, _ words: [[UInt8]]) -> Bool {
        var k = at - 1
        while k >= 0 && at - k <= 24 && s[k] != 0x0A {
            if k == 0 || !Bytes.isAlpha(s[k - 1]) {
                for w in words where Bytes.matchesIgnoringCase(s, k, w) {
                    let end = k + w.count
                    if end >= s.count || !Bytes.isAlpha(s[end]) || (s[end] | 0x20) == 0x73 { return true } // "OID", "OIDs"
                }
            }
            k -= 1
        }
        return false
    }

    static func mac(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        guard at + 14 <= s.count else { return nil }
        let sep = s[at + 2]
        if sep == 0x3A || sep == 0x2D {
            for g in 0..<6 {
                let p = at + g * 3
                guard p + 2 <= s.count, Bytes.isHex(s[p]), Bytes.isHex(s[p + 1]) else { return nil }
                if g < 5 { guard p + 2 < s.count, s[p + 2] == sep else { return nil } }
            }
            let end = at + 17
            // Broadcast and all-zero addresses identify no device.
            let octets = Set((0..<6).map { g in (Bytes.lower(s[at + g * 3]), Bytes.lower(s[at + g * 3 + 1])) }.map { "\($0.0)\($0.1)" })
            if octets.count == 1 { return nil }
            return end <= s.count && (end == s.count || !(Bytes.isHex(s[end]) || s[end] == sep)) ? end : nil
        }
        if s[at + 4] == 0x2E {
            for g in 0..<3 {
                let p = at + g * 5
                guard p + 4 <= s.count, (p..<(p + 4)).allSatisfy({ Bytes.isHex(s[$0]) }) else { return nil }
                if g < 2 { guard s[p + 4] == 0x2E else { return nil } }
            }
            let end = at + 14
            // All-decimal "0328.0020.0004" is a table entry or a version; twelve random hex
            // digits without a letter are rare (0.4 %).
            guard (at..<end).contains(where: { Bytes.isAlpha(s[$0]) }) else { return nil }
            return end == s.count || !Bytes.isAlnum(s[end]) ? end : nil
        }
        return nil
    }

    static let networkWords = ContextWords([
        "ip", "ipv6", "addr", "address", "src", "dst", "unspecified", "listen", "bind",
        "route", "gateway"
    ])

    static func ipv6(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        var end = at
        var colonCount = 0
        while end < s.count && end - at < 46 && (Bytes.isHex(s[end]) || s[end] == 0x3A || s[end] == 0x2E) {
            if s[end] == 0x3A { colonCount += 1 }
            end += 1
        }
        guard colonCount >= 2, end - at >= 2, end == s.count || !Bytes.isAlnum(s[end]) else { return nil }
        // Joined to a word by "-" or "_" ("::add-mask::", "fe80-table"): part of an identifier.
        if end + 1 < s.count, s[end] == 0x2D || s[end] == 0x5F, Bytes.isAlnum(s[end + 1]) { return nil }
        var text = Array(UnsafeBufferPointer(rebasing: s[at..<end]))
        while let last = text.last, last == 0x2E || (last == 0x3A && !(text.count >= 2 && text[text.count - 2] == 0x3A)) { text.removeLast() }
        let colons = text.filter { $0 == 0x3A }.count
        guard colons >= 2 else { return nil }
        if text == Array("::".utf8) || text.count < 6 {
            // "::" and "::1" only as whole words (not C++ "std::"), optionally with a prefix length.
            guard text.first == 0x3A, at == 0 || !Bytes.isAlnum(s[at - 1]) else { return nil }
        }
        // A bare "::" is reStructuredText's literal-block marker far more often than the
        // unspecified address: only with a prefix length ("::/0") or a network word before it
        // on the same line.
        if text == Array("::".utf8), !(at + 3 < s.count && s[at + 2] == 0x2F && Bytes.isDigit(s[at + 3])) {
            let context = Context(s, at)
            guard context.hasWord(networkWords, window: context.lineWindow(24)) else { return nil }
        }
        let doubles = (0..<max(0, text.count - 1)).filter { text[$0] == 0x3A && text[$0 + 1] == 0x3A }.count
        guard doubles <= 1 else { return nil }
        let groups = text.split(separator: 0x3A, omittingEmptySubsequences: true)
        var count = 0
        for (index, g) in groups.enumerated() {
            if g.contains(0x2E) {
                guard index == groups.count - 1 else { return nil }
                let v4 = Array(g)
                guard v4.withUnsafeBufferPointer({ ipv4($0, 0) }) == v4.count else { return nil }
                count += 2
            } else {
                guard g.count <= 4 else { return nil }
                count += 1
            }
        }
        guard doubles == 1 ? count < 8 : count == 8 else { return nil }
        // "12:30:45" style times: all digits, no "::" — not an address.
        guard doubles == 1 || text.contains(where: { Bytes.isAlpha($0) }) else { return nil }
        end = at + text.count
        if end + 1 < s.count, s[end] == 0x2F, Bytes.isDigit(s[end + 1]) { end = Bytes.run(s, from: end + 1, limit: 3, Bytes.isDigit) }
        return end
    }
}
