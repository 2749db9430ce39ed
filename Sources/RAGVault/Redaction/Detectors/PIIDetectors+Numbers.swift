/// Digit runs: payment cards, US SSNs, national ids with check digits, phone numbers.
extension PIIDetectors {
    /// Context words, as bytes once (these checks run for every long number).
    enum Keywords {
        static let ssn = ContextWords(["ssn", "social security"])
        static let nationalID = ContextWords([
            "pesel", "kimlik", "tckn", "nhs", "sin", "social insurance", "national id", "identity",
            "id number", "id no", "personnummer", "henkilötunnus", "identification"
        ])
        static let pesel = ContextWords(["pesel"])
        static let sin = ContextWords(["sin", "social insurance"])
    }

    /// The lists one number is read into, kept across the numbers of a text so that reading
    /// one allocates nothing (dense text has a long number every few lines).
    struct NumberScratch {
        var digits: [UInt8] = [], separators: [UInt8] = [], groups: [Int] = [], starts: [Int] = [], otherStarts: [Int] = []

        /// Moves a list out (emptied, its storage kept); the caller puts it back when done.
        static func take<T>(_ list: inout [T]) -> [T] {
            var taken: [T] = []
            swap(&taken, &list)
            taken.removeAll(keepingCapacity: true)
            return taken
        }
    }

    /// Reads a run of digits with single separators; returns its end (or `at` if none). A run
    /// that is nothing as a whole is tried again without what may not belong to it: a short
    /// leading number ("row 7 4111 1111 1111 1111", "acct 12 4111…") and a parenthesised note
    /// after it ("… 1111 (12/27)").
    static func numbers(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate], scratch: inout NumberScratch) -> Int {
        let found = out.count
        var groupStarts = NumberScratch.take(&scratch.starts), noteStart: Int?
        defer { scratch.starts = groupStarts }
        let end = numbers(s, at: at, limit: s.count, into: &out, groupStarts: &groupStarts, noteStart: &noteStart, scratch: &scratch)
        guard out.count == found, groupStarts.count >= 2 else { return end }
        var ignored = NumberScratch.take(&scratch.otherStarts)
        defer { scratch.otherStarts = ignored }
        if let note = noteStart {
            var none: Int?
            let cut = numbers(s, at: at, limit: note, into: &out, groupStarts: &ignored, noteStart: &none, scratch: &scratch)
            if out.count > found { return max(cut, end) }
            ignored.removeAll(keepingCapacity: true)
        }
        let second = groupStarts[1]
        // Only a short number in front ("7", "12") is another token: "1234 5678 9012 3456" is
        // one number, judged whole, and its last twelve digits are no card.
        let firstLength = Bytes.run(s, from: groupStarts[0], limit: 8, Bytes.isDigit) - groupStarts[0]
        let secondLength = Bytes.run(s, from: second, limit: 32, Bytes.isDigit) - second
        if firstLength <= 3, firstLength < secondLength, s[second - 1] == 0x20, s[groupStarts[0]] != 0x28 {
            var note: Int?
            let tail = numbers(s, at: second, limit: s.count, into: &out, groupStarts: &ignored, noteStart: &note, scratch: &scratch)
            if out.count == found, let note {
                var again: [Int] = [], none: Int?
                _ = numbers(s, at: second, limit: note, into: &out, groupStarts: &again, noteStart: &none, scratch: &scratch)
            }
            // A card or SSN after a number is itself; a phone only when its own separators
            // differ from the space before it ("room 12 415-555-0132", not "51 824 753 5564").
            if out.count > found, out[found].type == .phone {
                let own = ignored.count > 1 ? s[ignored[1] - 1] : 0x20
                if own == 0x20 { out.removeSubrange(found...) }
            }
            if out.count == found, let card = trailingCard(s, groupStarts: groupStarts.dropFirst(2), into: &out, scratch: &scratch) {
                return max(card, tail, end)
            }
            return max(tail, end)
        }
        if let card = trailingCard(s, groupStarts: groupStarts.dropFirst(), into: &out, scratch: &scratch) { return max(card, end) }
        return end
    }

    /// A payment card at the end of a longer run — after a date, an amount, a row or account
    /// number of any length ("paid 2024-01-05 4111 1111 1111 1111", "row 1234 4111 …") — is
    /// judged on its own, exactly as it would be alone: tried from each later group start, the
    /// first start that reads as a card of 13 digits or more wins. Only a card is taken this way
    /// (a phone or an id inside a longer number stays part of it).
    private static func trailingCard(
        _ s: UnsafeBufferPointer<UInt8>, groupStarts: ArraySlice<Int>, into out: inout [Candidate],
        scratch: inout NumberScratch
    ) -> Int? {
        for start in groupStarts {
            let before = out.count
            var starts: [Int] = [], note: Int?
            let end = numbers(s, at: start, limit: s.count, into: &out, groupStarts: &starts, noteStart: &note, scratch: &scratch)
            // 13 digits at least: the last twelve of "1234 5678 9012 3456" are no card.
            if out.count > before, out[before].type == .creditCard,
                (out[before].start..<out[before].end).reduce(0, { $0 + (Bytes.isDigit(s[$1]) ? 1 : 0) }) >= 13
            {
                out.removeSubrange((before + 1)...)
                return end
            }
            out.removeSubrange(before...)
        }
        return nil
    }

    private static func numbers(
        _ s: UnsafeBufferPointer<UInt8>, at: Int, limit: Int, into out: inout [Candidate],
        groupStarts: inout [Int], noteStart: inout Int?, scratch: inout NumberScratch
    ) -> Int {
        let s = UnsafeBufferPointer(rebasing: s[0..<limit])
        // Fast path without allocation: fewer than 7 digits within reach is no candidate.
        var probe = at, digitCount = 0
        while probe < s.count && probe - at < 32 {
            let c = s[probe]
            if Bytes.isDigit(c) { digitCount += 1 } else if !(c == 0x20 || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 || c == 0x2F || c == 0x2B) { break }
            probe += 1
        }
        if digitCount < 7 { return at }
        // Not a number of its own: the tail of an identifier ("CVE-2023-29007"), the rest of a
        // number with thousands separators ("13,178,002.11"), or a path segment (".../feature/5068…").
        if at >= 2, (s[at - 1] == 0x2D && Bytes.isAlpha(s[at - 2])) || (s[at - 1] == 0x2C && Bytes.isDigit(s[at - 2])) { return at }
        if at >= 1, s[at - 1] == 0x2F { return at }
        var k = at
        var digits = NumberScratch.take(&scratch.digits), separators = NumberScratch.take(&scratch.separators)
        var groups = NumberScratch.take(&scratch.groups)
        defer { (scratch.digits, scratch.separators, scratch.groups) = (digits, separators, groups) }
        var current = 0
        if s[k] == 0x2B { k += 1 } // '+' for international phone numbers
        while k < s.count && k - at < 32 {
            let c = s[k]
            if Bytes.isDigit(c) {
                if current == 0 { groupStarts.append(k) }
                digits.append(c); current += 1; k += 1; continue
            }
            // " (" after two groups opens a note, not an area code.
            if c == 0x20, k + 1 < s.count, s[k + 1] == 0x28, groups.count + (current > 0 ? 1 : 0) >= 2, noteStart == nil { noteStart = k }
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
        guard digits.count >= 7, end == s.count || !Bytes.isAlpha(s[end]) || (s[end] == 0x78 && digits.count >= 10) else { return end }
        guard digits.contains(where: { $0 != digits[0] }) else { return end } // 0000000000 is nobody's number
        // Groups of a hex dump or code table ("88C7 9808 6948 7AA2") are not numbers of their own.
        if isInHexTable(s, at, end) { return end }
        let uniform = oneSeparator(separators)
        let context = Context(s, at)

        // Printed cards are one run or three or more groups (4-4-4-4, 4-6-5); two groups are a
        // decimal or a timestamp ("4942249.665075").
        if uniform, Validators.paymentCard(digits), groups.count == 1 || (groups.count >= 3 && groups.allSatisfy({ $0 >= 3 })) {
            out.append(Candidate(type: .creditCard, start: at, end: end, detector: "luhn_card")); return end
        }
        // An SSN stands alone: "110-81-4127A" is some other identifier.
        if digits.count == 9, end == s.count || !Bytes.isAlnum(s[end]), let ssn = ssnParts(groups, separators, digits, context: context),
            Validators.usSSN(area: ssn.0, group: ssn.1, serial: ssn.2)
        {
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

    static func ssnParts(_ groups: [Int], _ separators: [UInt8], _ d: [UInt8], context: Context) -> (Int, Int, Int)? {
        let value = { (r: Range<Int>) in Int(String(decoding: d[r], as: UTF8.self)) ?? 0 }
        if groups == [3, 2, 4], separators.allSatisfy({ $0 == separators[0] }), separators.first == 0x2D || separators.first == 0x20 || separators.first == 0x2E
        {
            return (value(0..<3), value(3..<5), value(5..<9))
        }
        // Unseparated or oddly grouped ("536228471", "536-228471") only next to "SSN" or
        // "social security": elsewhere nine digits are order numbers and ZIP+4 codes.
        if groups.count <= 2, separators.allSatisfy({ $0 == 0x2D || $0 == 0x20 }), context.has(Keywords.ssn) || context.headerHas(Keywords.ssn) {
            return (value(0..<3), value(3..<5), value(5..<9))
        }
        return nil
    }

    static func nationalID(_ d: [UInt8], groups: [Int], separators: [UInt8], context: Context) -> String? {
        if (groups == [6, 4] || groups == [8, 4]) && separators.allSatisfy({ $0 == 0x2D }) && Validators.swedishID(d) {
            return "se_personnummer"
        }
        // Check digits first (constant work), the context window only for a number that has them.
        let n = d.count
        guard (9...13).contains(n) else { return nil }
        let pesel = n == 11 && Validators.pesel(d), turkish = n == 11 && Validators.turkishID(d)
        let nhs = n == 10 && Validators.nhs(d), sin = n == 9 && Validators.luhn(d), za = n == 13 && Validators.luhn(d)
        let swedish = (n == 10 || n == 12) && Validators.swedishID(d)
        // Whole words: "sin" is not in "using", "nhs" not in "enhs…".
        guard pesel || turkish || nhs || sin || za || swedish else { return nil }
        // The keyword before the number, or in the header of its table column.
        let named = { (words: ContextWords) in context.hasWord(words, window: 40) || context.headerHas(words) }
        guard named(Keywords.nationalID) else { return nil }
        if pesel && named(Keywords.pesel) { return "pl_pesel" }
        if turkish { return "tr_national_id" }
        if nhs { return "uk_nhs" }
        if sin && named(Keywords.sin) { return "ca_sin" }
        if za { return "za_id" }
        if swedish { return "se_personnummer" }
        return nil
    }

    /// At most one kind of separator once parentheses are set aside (as the set of them was,
    /// without building one per number).
    static func oneSeparator(_ separators: [UInt8]) -> Bool {
        var kind: UInt8 = 0
        for c in separators where c != 0x28 && c != 0x29 {
            if kind == 0 { kind = c } else if c != kind { return false }
        }
        return true
    }

    static func isIPLike(_ separators: [UInt8], _ groups: [Int]) -> Bool {
        separators.count == 3 && separators.allSatisfy { $0 == 0x2E } && groups.allSatisfy { $0 <= 3 }
    }

    /// The token just before `start` or just after `end` (one separator away) is a short
    /// mix of digits and A–F letters: the number is one cell of a hex table.
    static func isInHexTable(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        func isHexWord(_ a: Int, _ b: Int) -> Bool {
            guard b - a >= 2, b - a <= 8 else { return false }
            var digit = false, letter = false
            for k in a..<b {
                if Bytes.isDigit(s[k]) { digit = true } else if Bytes.isHex(s[k]) { letter = true } else { return false }
            }
            return digit && letter
        }
        if start >= 2, s[start - 1] == 0x20 || s[start - 1] == 0x0A {
            var a = start - 1
            while a > 0 && Bytes.isAlnum(s[a - 1]) && start - 1 - a < 9 { a -= 1 }
            if isHexWord(a, start - 1) { return true }
        }
        if end + 1 < s.count, s[end] == 0x20 || s[end] == 0x0A {
            let b = Bytes.run(s, from: end + 1, limit: 9, Bytes.isAlnum)
            if isHexWord(end + 1, b) && (b == s.count || !Bytes.isAlnum(s[b])) { return true }
        }
        return false
    }

    static func isDateLike(_ groups: [Int], _ separators: [UInt8]) -> Bool {
        (groups == [4, 2, 2] || groups == [2, 2, 4] || groups == [1, 2, 4] || groups == [2, 1, 4] || groups == [1, 1, 4])
            && separators.count == 2 && separators[0] == separators[1] && separators[0] != 0x20
    }

    /// The same in the languages of the EU's larger countries ("tel" already covers Tel.,
    /// teléfono; "tél" covers téléphone).
    static let phoneWordsEurope = ContextWords([
        "telefon", "telefoon", "telefono", "tél", "handy", "mobil", "mobiel", "portable", "móvil", "movil", "cellulare",
        "gsm", "tfno", "tlf", "komórka", "komorka", "rufnummer", "erreichbar", "joignable", "llamar", "chiamare",
        "zadzwoń", "zadzwon", "bel", "appeler", "anrufen", "kontakt", "cellulaire", "celular", "festnetz", "fixe"
    ])

    /// Stems of "call (me)" and "telephone" whose forms are many (imperatives with clitics,
    /// cases): Spanish, Italian, Polish, German, French, Dutch. "llám"/"llamar"/"llamad",
    /// not "llam": a llama, or a model of that name, is no telephone.
    static let phoneStems = ContextWords([
        "ll\u{E1}m", "llamar", "llamad", "chiam", "telefon", "tel\u{E9}f", "t\u{E9}l\u{E9}ph", "zadzwo", "dzwo", "kom\u{F3}rk",
        "komork", "anruf", "appel", "bellen", "cellular"
    ])

    /// With "my number", "mi número", "mijn nummer", "meine Nummer" (a person's number is the
    /// one they are called on) and the Spanish imperative "llama al" (not the animal): one
    /// table, so the window before a number is walked once for all of them.
    static let phoneWords = ContextWords([
        "phone", "tel", "call", "mobile", "cell", "fax", "contact", "reach", "dial", "whatsapp",
        "sms", "text me", "office", "desk", "messages", "answering", "registered", "ring",
        "my number", "our number", "mi número", "mi numero", "mijn nummer", "meine nummer", "mon numéro", "mon numero",
        "mio numero", "mój numer", "moj numer", "llama al", "llamame", "llámanos"
    ])

    /// Without a phone word nearby only unambiguous shapes count — NANP (area and exchange
    /// starting 2–9), trunk-prefixed national numbers (0… with 10–11 digits), international
    /// (+CC / 00CC); ID numbers of other shapes stay untouched.
    static func phone(_ s: UnsafeBufferPointer<UInt8>, at: Int, digits: [UInt8], groups: [Int], separators: [UInt8], context: Context) -> Bool {
        let n = digits.count
        // Byte dumps ("<Buffer 66 00 68 00 71 00>") are pairs of digits all the way (a French
        // number is five pairs).
        if groups.count >= 6 && groups.allSatisfy({ $0 == 2 }) { return false }
        // Nobody groups a phone number's last digit alone ("+35236450.6" is a decimal).
        if let last = groups.last, last < 2 { return false }
        if s[at] == 0x2B {
            // "C++14 20.8.2": a '+' after a letter or another '+', or before a space ("h * 69069
            // + 907133923"), is no international prefix.
            if at > 0, s[at - 1] == 0x2B || Bytes.isAlnum(s[at - 1]) { return false }
            if at + 1 < s.count, !Bytes.isDigit(s[at + 1]) && s[at + 1] != 0x28 { return false }
            return (8...15).contains(n) && digits[0] != 0x30 // no country code starts with 0
        }
        if digits.starts(with: [0x30, 0x30]) && n >= 11 && digits[2] != 0x30 && groups[0] >= 2 { return n <= 15 }
        // Mixed separators ("1985-11-18 22") are dates and times, not numbers to dial; a '/'
        // after the area code is the German way to write one ("089/123 45 678").
        let afterArea = separators.first == 0x2F && digits.first == 0x30 ? Array(separators.dropFirst()) : separators
        guard oneSeparator(afterArea) || separators.contains(0x28) else { return false }
        // A phone word counts on the number's own line ("Phone: …", "call … at"), or on the
        // line above when the number starts its line (a form: "Phone:" / "60-56-85-91").
        // The context can only accept 7–12 digits in at most six groups: look for it only then.
        if (7...12).contains(n) && groups.count <= 6 {
            let window = context.lineWindow(24, labelAbove: true)
            if namesPhone(context, window: window) || Context.hasWordAfter(s, at, phoneWords) { return true }
        }
        if hasNationalShape(s, at: at, digits: digits, groups: groups) { return true }
        // A cell under a "Telefon", "Phone", "Téléphone" column header: asked last, as finding
        // the header walks up the table.
        return (7...12).contains(n) && groups.count <= 6 && context.headerLabel { namesPhone($0, window: $1) }
    }

    /// A phone word, in English or a European language, or a stem of "call"/"telephone" in the
    /// `window` bytes before the context's candidate.
    private static func namesPhone(_ context: Context, window: Int) -> Bool {
        context.hasWord(phoneWords, window: window) || context.hasWord(phoneWordsEurope, window: window)
            || context.hasWordStarting(phoneStems, window: window)
    }

    /// The shapes a number to dial has without a word naming it.
    private static func hasNationalShape(_ s: UnsafeBufferPointer<UInt8>, at: Int, digits: [UInt8], groups: [Int]) -> Bool {
        let n = digits.count
        guard groups.count >= 2 else { return false }
        let d = digits.map { Int($0 - 0x30) }
        // NANP (area and exchange start 2–9); "020 123 4567" is a trunk prefix and an area code.
        if n == 10 && (groups == [3, 3, 4] || s[at] == 0x28) && d[0] != 0 { return d[0] >= 2 && d[3] >= 2 }
        if n == 11 && groups == [1, 3, 3, 4] && d[0] == 1 { return d[1] >= 2 && d[4] >= 2 }
        // Trunk prefix and area code form the first group ("020 7946 0958", "07700 900123");
        // "0.973913387" and "0 4294967295" are a decimal and a pair of numbers.
        if d[0] == 0 && d[1] != 0 && (10...11).contains(n) && groups[0] >= 2 { return true }
        // German mobile numbers (015x, 016x, 017x in the numbering plan) run to 12 digits with
        // the trunk prefix: "0176 98765432", "01512 3456789".
        if n == 12 && d[0] == 0 && d[1] == 1 && (5...7).contains(d[2]) && groups[0] >= 4 { return true }
        // Spain dials nine digits with no trunk prefix, 6/7 mobile and 8/9 fixed, written
        // "612 34 56 78" or, in Madrid and Barcelona, "91 123 45 67": pairs after the prefix.
        if n == 9 && d[0] >= 6 && (groups == [3, 2, 2, 2] || (groups == [2, 3, 2, 2] && d[0] == 9)) { return true }
        return false
    }
}
