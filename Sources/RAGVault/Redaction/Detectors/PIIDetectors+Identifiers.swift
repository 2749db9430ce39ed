/// Letter-led and mixed identifiers: IBAN, Finnish and Spanish ids, Bitcoin addresses.
extension PIIDetectors {
    static func letterLed(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        if at + 1 < s.count, Bytes.isAlpha(s[at + 1]), let end = iban(s, at) {
            out.append(Candidate(type: .iban, start: at, end: end, detector: "iban_mod97")); return
        }
        if (s[at] == 0x58 || s[at] == 0x59 || s[at] == 0x5A), at + 9 <= s.count,
            Bytes.run(s, from: at + 1, limit: 7, Bytes.isDigit) == at + 8
        {
            let candidate = Array(UnsafeBufferPointer(rebasing: s[at..<(at + 9)]))
            if (at + 9 == s.count || !Bytes.isAlnum(s[at + 9])), Validators.spanishID(candidate) {
                out.append(Candidate(type: .nationalID, start: at, end: at + 9, detector: "es_nie"))
            }
        }
    }

    static func iban(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        guard at + 4 <= s.count, Bytes.isDigit(s[at + 2]), Bytes.isDigit(s[at + 3]) else { return nil }
        var chars: [UInt8] = []
        var k = at
        var end = at
        while k < s.count && chars.count < 34 {
            let c = s[k]
            if Bytes.isAlpha(c) || Bytes.isDigit(c) { chars.append(Bytes.upper(c)); k += 1; end = k; continue }
            if c == 0x20, k + 1 < s.count, Bytes.isAlnum(s[k + 1]), chars.count % 4 == 0 { k += 1; continue }
            break
        }
        if end < s.count && Bytes.isAlnum(s[end]) { return nil }
        // A longer run may include a trailing word; try the registered length.
        if let length = Validators.ibanLengths[String(decoding: chars.prefix(2), as: UTF8.self)], chars.count >= length {
            let exact = Array(chars.prefix(length))
            guard Validators.iban(exact) else { return nil }
            var consumed = 0
            var p = at
            while consumed < length { if s[p] != 0x20 { consumed += 1 }; p += 1 }
            return p
        }
        return nil
    }

    // MARK: digits followed by letters: Finnish and Spanish ids

    static func trailingLetterIDs(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        // Shape first, without allocating: 6 digits + century sign (FI) or 8 digits + letter (ES).
        let digits = Bytes.run(s, from: at, limit: 9, Bytes.isDigit) - at
        guard (digits == 6 && at + 11 <= s.count && !Bytes.isDigit(s[at + 6])) || (digits == 8 && at + 9 <= s.count && Bytes.isAlpha(s[at + 8])) else { return }
        if digits == 6 {
            let fi = Array(UnsafeBufferPointer(rebasing: s[at..<(at + 11)]))
            if (at + 11 == s.count || !Bytes.isAlnum(s[at + 11])), Validators.finnishID(fi) {
                out.append(Candidate(type: .nationalID, start: at, end: at + 11, detector: "fi_personal_identity_code")); return
            }
        }
        if digits == 8 {
            let es = Array(UnsafeBufferPointer(rebasing: s[at..<(at + 9)]))
            if (at + 9 == s.count || !Bytes.isAlnum(s[at + 9])), Bytes.isAlpha(es[8]), Validators.spanishID(es) {
                out.append(Candidate(type: .nationalID, start: at, end: at + 9, detector: "es_nif"))
            }
        }
    }

    // MARK: Bitcoin

    static func bitcoin(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        if s[at] == 0x62, at + 3 < s.count, s[at + 1] == 0x63, s[at + 2] == 0x31 {
            let end = Bytes.run(s, from: at, limit: 91) { Bytes.isLower($0) || Bytes.isDigit($0) }
            if (14...90).contains(end - at), Validators.bech32(Array(UnsafeBufferPointer(rebasing: s[at..<end]))) {
                out.append(Candidate(type: .cryptoAddress, start: at, end: end, detector: "bitcoin_bech32"))
            }
            return
        }
        guard s[at] == 0x31 || s[at] == 0x33 else { return }
        let end = Bytes.run(s, from: at, limit: 36, Bytes.isAlnum)
        guard (26...35).contains(end - at), end == s.count || !Bytes.isAlnum(s[end]) else { return }
        if Validators.base58Check(Array(UnsafeBufferPointer(rebasing: s[at..<end]))) {
            out.append(Candidate(type: .cryptoAddress, start: at, end: end, detector: "bitcoin_base58check"))
        }
    }

    /// An Ethereum address: `0x` and 40 hex digits standing alone. Mixed case is an EIP-55
    /// checksum and must verify (a typo'd or made-up address does not); all lower or all
    /// upper case carries none.
    static func ethereum(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        let start = at + 2, end = at + 42
        guard end <= s.count, (start..<end).allSatisfy({ Bytes.isHex(s[$0]) }), end == s.count || !Bytes.isWord(s[end]) else { return }
        let letters = (start..<end).filter { Bytes.isAlpha(s[$0]) }
        let upper = letters.filter { Bytes.isUpper(s[$0]) }.count
        if upper > 0 && upper < letters.count {
            let lower = (start..<end).map { Bytes.lower(s[$0]) }
            let hash = Keccak.hash256(lower)
            for k in letters {
                let nibble = k - start
                let bits = nibble % 2 == 0 ? hash[nibble / 2] >> 4 : hash[nibble / 2] & 0x0F
                guard Bytes.isUpper(s[k]) == (bits >= 8) else { return }
            }
        } else if Set((start..<end).map { s[$0] }).count < 6 {
            return // 0x000…0 and other filler is no address
        }
        out.append(Candidate(type: .cryptoAddress, start: at, end: end, detector: "ethereum_address"))
    }
}
