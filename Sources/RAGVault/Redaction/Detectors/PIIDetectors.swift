/// Personal data: e-mail, phone, payment card, IBAN, US SSN, IPv4/IPv6, MAC, Bitcoin
/// addresses, dates of birth in context, and national identifiers with check digits.
/// Each candidate passes a validator; look-alikes (a Luhn-invalid card number) stay.
enum PIIDetectors {
    static func scan(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let classes = Bytes.classes
        var i = 0
        var lastDigitRunEnd = -1
        while i < s.count {
            let b = s[i]
            // Inside a word nothing starts (every detector below needs a boundary; e-mail
            // triggers on '@'): one table load for most bytes of ordinary text.
            if i > 0 && classes[Int(b)] & classes[Int(s[i - 1])] & Bytes.alnumFlag != 0 { i += 1; continue }
            if b == 0x40 { email(s, at: i, into: &out) }
            let boundary = i == 0 || !(Bytes.isAlnum(s[i - 1]) || s[i - 1] == 0x2E || s[i - 1] == 0x5F)
            // Inside a number already judged, sub-numbers are not new ones.
            if boundary && i >= lastDigitRunEnd {
                if Bytes.isDigit(b) {
                    let before = out.count
                    trailingLetterIDs(s, at: i, into: &out)
                    if out.count > before { lastDigitRunEnd = out[out.count - 1].end; i += 1; continue }
                }
                if Bytes.isDigit(b) || b == 0x2B || b == 0x28 {
                    // A number is judged whole: "1234 5678 9012 3456" failing Luhn must not
                    // yield a card from its last twelve digits.
                    let end = numbers(s, at: i, into: &out)
                    if end > i { lastDigitRunEnd = end }
                }
                if Bytes.isAlpha(b) { letterLed(s, at: i, into: &out) }
                if b == 0x31 || b == 0x33 || b == 0x62 { bitcoin(s, at: i, into: &out) }
            }
            // Addresses start after anything but a word character or a colon ("db8::1" inside
            // "12345:db8::1" is not an address of its own).
            if (Bytes.isHex(b) || b == 0x3A) && (i == 0 || !(Bytes.isAlnum(s[i - 1]) || s[i - 1] == 0x3A || s[i - 1] == 0x2E || s[i - 1] == 0x5F)) {
                network(s, at: i, into: &out)
            }
            // "born", "birth…", "dob", "date of birth", "d.o.b": b/d followed by o, i, a or '.'.
            if (b | 0x20) == 0x62 || (b | 0x20) == 0x64, i + 1 < s.count,
               [0x6F, 0x69, 0x61, 0x2E].contains(s[i + 1] | (s[i + 1] == 0x2E ? 0 : 0x20)) {
                dateOfBirth(s, at: i, into: &out)
            }
            i += 1
        }
    }

    // MARK: e-mail

    private static func isLocal(_ b: UInt8) -> Bool { Bytes.isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D }

    static func email(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        var start = at
        while start > 0 && isLocal(s[start - 1]) && at - start < 64 { start -= 1 }
        while start < at && !Bytes.isAlnum(s[start]) { start += 1 }
        guard start < at else { return }
        var k = at + 1
        var lastDot = -1
        var labelLength = 0
        while k < s.count && k - at < 255 {
            let c = s[k]
            if Bytes.isAlnum(c) || c == 0x2D { labelLength += 1; k += 1; continue }
            if c == 0x2E && labelLength > 0 && k + 1 < s.count && Bytes.isAlnum(s[k + 1]) { lastDot = k; labelLength = 0; k += 1; continue }
            break
        }
        guard lastDot > at, k - lastDot - 1 >= 2, (lastDot + 1..<k).allSatisfy({ Bytes.isAlpha(s[$0]) }) else { return }
        out.append(Candidate(type: .email, start: start, end: k, detector: "email"))
    }

    // MARK: numbers: cards, SSNs, phones, national ids

    /// Reads a run of digits with single separators; returns its end (or `at` if none).
    static func numbers(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) -> Int {
        // Fast path without allocation: fewer than 7 digits within reach is no candidate.
        var probe = at, digitCount = 0
        while probe < s.count && probe - at < 32 {
            let c = s[probe]
            if Bytes.isDigit(c) { digitCount += 1 } else if !(c == 0x20 || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 || c == 0x2F || c == 0x2B) { break }
            probe += 1
        }
        if digitCount < 7 { return at }
        var k = at
        var digits: [UInt8] = []
        var separators: [UInt8] = []
        var groups: [Int] = []
        var current = 0
        if s[k] == 0x2B { k += 1 } // '+' for international phone numbers
        while k < s.count && k - at < 32 {
            let c = s[k]
            if Bytes.isDigit(c) { digits.append(c); current += 1; k += 1; continue }
            let isSep = c == 0x20 || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 || c == 0x2F
            // A separator must be followed by a digit (or "(" / ") ") to continue the number.
            if isSep, k + 1 < s.count, Bytes.isDigit(s[k + 1]) || (c == 0x29 && s[k + 1] == 0x20) || c == 0x28 || (c == 0x20 && s[k + 1] == 0x28) {
                if current > 0 { groups.append(current); current = 0 }
                separators.append(c)
                k += 1
                continue
            }
            break
        }
        if current > 0 { groups.append(current) }
        // A phone extension: "x0135".
        if k + 1 < s.count, s[k] == 0x78, Bytes.isDigit(s[k + 1]), digits.count >= 10 { k = Bytes.run(s, from: k + 1, limit: 6, Bytes.isDigit) }
        var end = k
        while end > at && !Bytes.isDigit(s[end - 1]) { end -= 1 }
        guard digits.count >= 7, end == s.count || !Bytes.isAlpha(s[end]) || digits.count >= 9 else { return end }
        guard Set(digits).count > 1 else { return end } // 0000000000 is nobody's number
        let uniform = Set(separators.filter { $0 != 0x28 && $0 != 0x29 }).count <= 1
        let context = Context(s, at)

        if uniform, Validators.paymentCard(digits), groups.allSatisfy({ $0 >= 3 }) || groups.count == 1 {
            out.append(Candidate(type: .creditCard, start: at, end: end, detector: "luhn_card")); return end
        }
        // An SSN stands alone: "110-81-4127A" is some other identifier.
        if digits.count == 9, end == s.count || !Bytes.isAlnum(s[end]), let ssn = ssnParts(groups, separators, digits, context: context),
           Validators.usSSN(area: ssn.0, group: ssn.1, serial: ssn.2) {
            out.append(Candidate(type: .usSSN, start: at, end: end, detector: "us_ssn")); return end
        }
        if let id = nationalID(digits, groups: groups, separators: separators, context: context) {
            out.append(Candidate(type: .nationalID, start: at, end: end, detector: id)); return end
        }
        if isIPLike(separators, groups) || isDateLike(groups, separators) { return end }
        if phone(s, at: at, digits: digits, groups: groups, separators: separators, context: context) {
            let start = s[at] == 0x28 && at > 0 ? at : at
            out.append(Candidate(type: .phone, start: start, end: end, detector: "phone")); return end
        }
        return end
    }

    private static func ssnParts(_ groups: [Int], _ separators: [UInt8], _ d: [UInt8], context: Context) -> (Int, Int, Int)? {
        let value = { (r: Range<Int>) in Int(String(decoding: d[r], as: UTF8.self)) ?? 0 }
        if groups == [3, 2, 4], Set(separators).count == 1, separators.first == 0x2D || separators.first == 0x20 || separators.first == 0x2E {
            return (value(0..<3), value(3..<5), value(5..<9))
        }
        if groups == [9], context.has(["ssn", "social security"]) {
            return (value(0..<3), value(3..<5), value(5..<9))
        }
        return nil
    }

    private static func nationalID(_ d: [UInt8], groups: [Int], separators: [UInt8], context: Context) -> String? {
        if (groups == [6, 4] || groups == [8, 4]) && separators.allSatisfy({ $0 == 0x2D }) && Validators.swedishID(d) {
            return "se_personnummer"
        }
        guard context.has(["pesel", "kimlik", "tckn", "nhs", "sin", "social insurance", "national id", "identity", "id number", "id no",
                           "personnummer", "henkilötunnus", "identification"]) else { return nil }
        if d.count == 11 && Validators.pesel(d) && context.has(["pesel"]) { return "pl_pesel" }
        if d.count == 11 && Validators.turkishID(d) { return "tr_national_id" }
        if d.count == 10 && Validators.nhs(d) { return "uk_nhs" }
        if d.count == 9 && Validators.luhn(d) && context.has(["sin", "social insurance"]) { return "ca_sin" }
        if d.count == 13 && Validators.luhn(d) { return "za_id" }
        if (d.count == 10 || d.count == 12) && Validators.swedishID(d) { return "se_personnummer" }
        return nil
    }

    private static func isIPLike(_ separators: [UInt8], _ groups: [Int]) -> Bool {
        separators.count == 3 && separators.allSatisfy { $0 == 0x2E } && groups.allSatisfy { $0 <= 3 }
    }

    private static func isDateLike(_ groups: [Int], _ separators: [UInt8]) -> Bool {
        (groups == [4, 2, 2] || groups == [2, 2, 4] || groups == [1, 2, 4] || groups == [2, 1, 4] || groups == [1, 1, 4])
            && separators.count == 2 && Set(separators).count == 1 && separators[0] != 0x20
    }

    private static let phoneWords: [[UInt8]] = ["phone", "tel", "call", "mobile", "cell", "fax", "contact", "reach", "dial", "whatsapp",
                                     "sms", "text me", "office", "desk", "messages", "answering", "registered", "ring"].map { Array($0.utf8) }

    /// Without a phone word nearby only unambiguous shapes count — NANP (area and exchange
    /// starting 2–9), trunk-prefixed national numbers (0… with 10–11 digits), international
    /// (+CC / 00CC); ID numbers of other shapes stay untouched.
    private static func phone(_ s: UnsafeBufferPointer<UInt8>, at: Int, digits: [UInt8], groups: [Int], separators: [UInt8], context: Context) -> Bool {
        let n = digits.count
        if s[at] == 0x2B { return (8...15).contains(n) }
        if digits.starts(with: [0x30, 0x30]) && n >= 11 && digits[2] != 0x30 { return n <= 15 }
        // Mixed separators ("1985-11-18 22") are dates and times, not numbers to dial.
        guard Set(separators.filter { $0 != 0x28 && $0 != 0x29 }).count <= 1 || separators.contains(0x28) else { return false }
        let phoneContext = context.hasWord(phoneWords, window: 24) || Context.hasWordAfter(s, at, phoneWords)
        if phoneContext { return (7...12).contains(n) && (groups.count <= 6) }
        guard groups.count >= 2 else { return false }
        let d = digits.map { Int($0 - 0x30) }
        if n == 10 && (groups == [3, 3, 4] || s[at] == 0x28) { return d[0] >= 2 && d[3] >= 2 }
        if n == 11 && groups == [1, 3, 3, 4] && d[0] == 1 { return d[1] >= 2 && d[4] >= 2 }
        if d[0] == 0 && d[1] != 0 && (10...11).contains(n) { return true }
        return false
    }

    // MARK: network addresses

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
            guard k > start, k - start <= 3, let v = Int(String(decoding: UnsafeBufferPointer(rebasing: s[start..<k]), as: UTF8.self)), v <= 255 else { return nil }
            if octet < 3 { guard k < s.count, s[k] == 0x2E else { return nil }; k += 1 }
        }
        // Not part of a longer dotted number (version strings) or a word.
        if k < s.count && (Bytes.isAlnum(s[k]) || (s[k] == 0x2E && k + 1 < s.count && Bytes.isDigit(s[k + 1]))) { return nil }
        if k + 1 < s.count, s[k] == 0x2F, Bytes.isDigit(s[k + 1]) { k = Bytes.run(s, from: k + 1, limit: 2, Bytes.isDigit) } // CIDR
        return k
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
            return end == s.count || !Bytes.isAlnum(s[end]) ? end : nil
        }
        return nil
    }

    static func ipv6(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        var end = at
        var colonCount = 0
        while end < s.count && end - at < 46 && (Bytes.isHex(s[end]) || s[end] == 0x3A || s[end] == 0x2E) {
            if s[end] == 0x3A { colonCount += 1 }
            end += 1
        }
        guard colonCount >= 2, end - at >= 2, end == s.count || !Bytes.isAlnum(s[end]) else { return nil }
        var text = Array(UnsafeBufferPointer(rebasing: s[at..<end]))
        while let last = text.last, last == 0x2E || (last == 0x3A && !(text.count >= 2 && text[text.count - 2] == 0x3A)) { text.removeLast() }
        let colons = text.filter { $0 == 0x3A }.count
        guard colons >= 2 else { return nil }
        if text == Array("::".utf8) || text.count < 6 {
            // "::" and "::1" only as whole words (not C++ "std::"), optionally with a prefix length.
            guard text.first == 0x3A, at == 0 || !Bytes.isAlnum(s[at - 1]) else { return nil }
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

    // MARK: letter-led: IBAN, Finnish and Spanish ids

    static func letterLed(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        if at + 1 < s.count, Bytes.isAlpha(s[at + 1]), let end = iban(s, at) {
            out.append(Candidate(type: .iban, start: at, end: end, detector: "iban_mod97")); return
        }
        if (s[at] == 0x58 || s[at] == 0x59 || s[at] == 0x5A), at + 9 <= s.count,
           Bytes.run(s, from: at + 1, limit: 7, Bytes.isDigit) == at + 8 {
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

    // MARK: dates of birth in context

    private static let dobKeywords: [[UInt8]] = ["date of birth", "dob", "d.o.b", "born on", "born", "birthday", "birth date", "birthdate"].map { Array($0.utf8) }
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }

    static func dateOfBirth(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        guard at == 0 || !Bytes.isAlpha(s[at - 1]) else { return }
        guard let keyword = dobKeywords.first(where: { Bytes.matchesIgnoringCase(s, at, $0) }) else { return }
        var k = at + keyword.count
        guard k >= s.count || !Bytes.isAlpha(s[k]) else { return }
        let limit = min(s.count, k + 24)
        while k < limit && !(Bytes.isDigit(s[k]) || Bytes.isAlpha(s[k]) && months.contains(where: { Bytes.matchesIgnoringCase(s, k, $0) })) { k += 1 }
        guard k < limit, let end = date(s, k) else { return }
        out.append(Candidate(type: .dateOfBirth, start: k, end: end, detector: "date_of_birth"))
    }

    /// 12/31/1990, 31.12.1990, 1990-12-31, December 31, 1990, 31 Dec 1990.
    static func date(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        if Bytes.isDigit(s[at]) {
            let a = Bytes.run(s, from: at, limit: 5, Bytes.isDigit)
            guard a < s.count else { return nil }
            let sep = s[a]
            if sep == 0x2F || sep == 0x2D || sep == 0x2E {
                let b = Bytes.run(s, from: a + 1, limit: 3, Bytes.isDigit)
                guard b > a + 1, b < s.count, s[b] == sep else { return nil }
                let c = Bytes.run(s, from: b + 1, limit: 5, Bytes.isDigit)
                guard c - b - 1 == 4 || c - b - 1 == 2 || (a - at == 4 && c - b - 1 <= 2) else { return nil }
                return c
            }
            if sep == 0x20, a - at <= 2 {
                let m = a + 1
                guard months.contains(where: { Bytes.matchesIgnoringCase(s, m, $0) }) else { return nil }
                let me = Bytes.run(s, from: m, limit: 10, Bytes.isAlpha)
                guard me + 1 < s.count, s[me] == 0x20 else { return nil }
                let y = Bytes.run(s, from: me + 1, limit: 5, Bytes.isDigit)
                return y - me - 1 == 4 ? y : nil
            }
            return nil
        }
        let me = Bytes.run(s, from: at, limit: 10, Bytes.isAlpha)
        guard me + 1 < s.count, s[me] == 0x20 || s[me] == 0x2E else { return nil }
        var k = me + 1
        if s[me] == 0x2E, k < s.count, s[k] == 0x20 { k += 1 }
        let d = Bytes.run(s, from: k, limit: 3, Bytes.isDigit)
        guard d > k else { return nil }
        var y = d
        if y < s.count, s[y] == 0x2C { y += 1 }
        while y < s.count, s[y] == 0x20 { y += 1 }
        let ye = Bytes.run(s, from: y, limit: 5, Bytes.isDigit)
        return ye - y == 4 ? ye : nil
    }
}
