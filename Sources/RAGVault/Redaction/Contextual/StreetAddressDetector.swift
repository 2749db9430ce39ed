/// STREET_ADDRESS: a street line by the grammar of its language (`StreetGrammar`) — number,
/// name and suffix ("52 Huntly Street"), type, name and number ("Via Roma 131", "ul. Narewska
/// 94"), a compound street name and its number ("Rooseveltlaan 110"), a unit ("Suite 510") or
/// a postal box ("PO Box 12") — then the lines or comma-separated parts that continue the
/// address: units, city, region, postcode, country. Runs only for a tenant whose policy names
/// STREET_ADDRESS.
enum StreetAddressDetector {
    static func scan(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, into out: inout [Candidate]) {
        let words = text.words
        var k = 0
        while k < words.count {
            guard let (street, weak) = street(s, text, at: k) else {
                k += 1
                continue
            }
            var first = k
            // The house or building number before a type-first or compound street ("974 Via Roma 131").
            if first > 0, words[first - 1].isNumber, isSpace(s, words[first - 1].end..<words[first].start), words[first - 1].end - words[first - 1].start <= 6 {
                first -= 1
            }
            let last = continuation(s, text, after: street)
            // A line that only may be a street is one when an address goes on after it or a
            // word before it says one follows.
            if weak && last == street && !cued(s, text, first) {
                k += 1
                continue
            }
            out.append(Candidate(type: .streetAddress, start: words[first].start, end: words[last].end, detector: "street_address"))
            k = last + 1
            // "the corner of 11 Botley Road and Herceg Gateway": the second street has no number.
            if let second = secondStreet(s, text, after: last) {
                out.append(Candidate(type: .streetAddress, start: words[last + 2].start, end: words[second].end, detector: "street_address"))
                k = second + 1
            }
        }
    }

    /// The last word of a street line starting at word `k`, and whether it is only maybe one
    /// (a suffix that is also an ordinary word, a name between two numbers); nil when none starts there.
    static func street(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, at k: Int) -> (Int, Bool)? {
        let words = text.words
        let w = words[k]
        if w.isNumber {
            guard w.end - w.start <= 6, k + 1 < words.count, separated(s, text, k) else { return nil }
            if let found = numberFirst(s, text, from: k + 1) { return found }
            // "363 52 Huntly Street": a second number before the name.
            if words[k + 1].isNumber, k + 2 < words.count, separated(s, text, k + 1), let found = numberFirst(s, text, from: k + 2) { return found }
            // "20789 Allika 46", "10252 Μεγάλη Άμμος 184": building, name, house number.
            if let end = nameThenNumber(s, text, from: k + 1) { return (end, true) }
            return nil
        }
        if StreetGrammar.types.contains(s, w), w.capitalised || TextWords.dotAfter(s, w), let end = typeFirst(s, text, from: k) { return (end, false) }
        if w.capitalised, let end = compound(s, text, at: k) { return (end, false) }
        // A unit alone ("Unit 3", "Suite 2") is one only beside more of an address.
        if w.capitalised, StreetGrammar.units.contains(s, w), let end = numberAfter(s, text, k) { return (end, true) }
        if let end = box(s, text, at: k) { return (end, false) }
        return nil
    }

    /// One to three capitalised words and a house number (no type or suffix says "street").
    static func nameThenNumber(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, from k: Int) -> Int? {
        let words = text.words
        var j = k
        while j < words.count, j - k < 3, !words[j].isNumber, words[j].capitalised, !words[j].allUpper {
            guard j + 1 < words.count, separated(s, text, j) else { return nil }
            j += 1
        }
        guard j > k, j < words.count, words[j].isNumber, words[j].end - words[j].start <= 5 else { return nil }
        return j
    }

    /// Whether a word just before word `k` says an address follows.
    static func cued(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ k: Int) -> Bool {
        guard k > 0, text.gap(before: k).count <= 12, !text.words[k - 1].isNumber else { return false }
        return StreetGrammar.addressCues.contains(s, text.words[k - 1])
    }

    /// After "the corner of <street>": "and", then a street named without a number.
    static func secondStreet(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, after last: Int) -> Int? {
        let words = text.words
        guard last + 2 < words.count, TextWords.word(s, words[last + 1], is: "and") else { return nil }
        var j = last + 2
        while j < words.count, j - last - 2 < 4, words[j].capitalised, !words[j].isNumber {
            if j > last + 2, StreetGrammar.suffixes.contains(s, words[j]) { return j }
            guard j + 1 < words.count, separated(s, text, j) else { return nil }
            j += 1
        }
        return nil
    }

    /// After a house number: name words and a suffix ("Crown St", "Huntly Street", "5th
    /// Avenue"), or a type and its name ("rue de pologne").
    static func numberFirst(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, from k: Int) -> (Int, Bool)? {
        let words = text.words
        if StreetGrammar.types.contains(s, words[k]), !words[k].isNumber {
            var j = k
            while j + 1 < words.count, j - k < 5, isSpace(s, words[j].end..<words[j + 1].start) || dotSpace(s, text, j), !words[j + 1].isNumber {
                j += 1
            }
            return j > k ? (j, false) : nil
        }
        var j = k
        for _ in 0..<5 {
            let w = words[j]
            guard w.capitalised || isOrdinal(s, w) else { return nil }
            if j > k, StreetGrammar.suffixes.contains(s, w) {
                return (direction(s, text, after: j), !StreetGrammar.plainSuffixes.contains(s, w))
            }
            guard j + 1 < words.count, separated(s, text, j) || dotSpace(s, text, j) else { return nil }
            j += 1
        }
        return nil
    }

    /// A type, one to five words of name, and the number: "Rua Diadema 1903", "Avda. Rio Nalon 58".
    static func typeFirst(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, from k: Int) -> Int? {
        let words = text.words
        var j = k
        while j + 1 < words.count, j - k <= 5, separated(s, text, j) || dotSpace(s, text, j) {
            j += 1
            if words[j].isNumber { return j > k + 1 ? j : nil }
            guard words[j].capitalised || StreetGrammar.particles.contains(s, words[j]) else { return nil }
        }
        return nil
    }

    /// "Hauptstraße 5", "Puruntie 82", or a name and a separate type: "Berliner Straße 12", "Erzsébet tér 19".
    static func compound(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, at k: Int) -> Int? {
        let words = text.words
        let w = words[k]
        let length = w.end - w.start
        var endsStreet = false
        for (ending, minimum) in StreetGrammar.compoundEndings where length >= minimum && length >= ending.count {
            if (0..<ending.count).allSatisfy({ Bytes.lower(s[w.end - ending.count + $0]) == ending[$0] }) {
                endsStreet = true
                break
            }
        }
        if endsStreet, let end = numberAfter(s, text, k) { return end }
        // One or two name words, then the type.
        var j = k
        while j + 1 < words.count, j - k < 3, separated(s, text, j) {
            j += 1
            let word = words[j]
            if !word.isNumber, StreetGrammar.typesAfterName.contains(s, word) { return numberAfter(s, text, j) }
            guard word.capitalised else { return nil }
        }
        return nil
    }

    /// "PO Box 123", "P.O. Box 123", "PSC 5217, Box 4854", "APO AP 43617", "Postfach 10 20 30".
    static func box(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, at k: Int) -> Int? {
        let words = text.words
        let w = words[k]
        guard !w.isNumber, w.capitalised else { return nil }
        if TextWords.word(s, w, is: "po") || TextWords.word(s, w, is: "p"), k + 1 < words.count {
            // "PO Box", "P.O. Box", "P O Box"
            var j = k + 1
            if TextWords.word(s, words[j], is: "o"), j + 1 < words.count { j += 1 }
            guard TextWords.word(s, words[j], is: "box") else { return nil }
            return numberAfter(s, text, j)
        }
        guard StreetGrammar.boxes.contains(s, w), !TextWords.word(s, w, is: "box") else { return nil }
        if StreetGrammar.militaryPost.contains(s, w), k + 2 < words.count, words[k + 1].allUpper, words[k + 2].isNumber { return k + 2 }
        guard let number = numberAfter(s, text, k) else { return nil }
        // "PSC 5217, Box 4854"
        if number + 2 < words.count, TextWords.word(s, words[number + 1], is: "box"), let box = numberAfter(s, text, number + 1) { return box }
        return number
    }

    /// What continues an address after its street line: units, a postcode, a city, a region,
    /// a country — each a comma- or line-separated part of capitalised words and numbers.
    static func continuation(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, after street: Int) -> Int {
        let words = text.words
        var last = street
        var parts = 0
        while parts < 5, last + 1 < words.count {
            let gap = words[last].end..<words[last + 1].start
            let blankLine = !isPartSeparator(s, gap) && isBlankLineBetween(s, gap)
            guard isPartSeparator(s, gap) || blankLine else { break }
            let k = last + 1
            // Past a blank line only a postcode and its place ("⏎⏎ Netherlands 91196") continue it.
            if blankLine {
                guard let end = place(s, text, from: k), words[end].isNumber else { break }
                last = end
                parts += 1
                continue
            }
            let w = words[k]
            // A unit or box, or "Apt." after its street on the same line.
            if !w.isNumber, w.capitalised, StreetGrammar.units.contains(s, w), let end = numberAfter(s, text, k) {
                last = end
                parts += 1
                continue
            }
            if let end = box(s, text, at: k) {
                last = end
                parts += 1
                continue
            }
            guard let end = place(s, text, from: k) else { break }
            last = end
            parts += 1
        }
        return last
    }

    /// A part naming a place: postcode and city ("75002 Paris", "SW1A 2AA"), city and region
    /// ("Springfield", "IL 62704"), a country ("Czech Republic") — capitalised words and
    /// numbers up to the part's end.
    static func place(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, from k: Int) -> Int? {
        let words = text.words
        var j = k
        var last: Int? // the last capitalised word or number: where the part ends
        var names = 0, numbers = 0
        while j < words.count, j - k < 6 {
            let w = words[j]
            if w.isNumber {
                guard w.end - w.start <= 10 else { break }
                last = j
                numbers += 1
            } else if w.capitalised {
                last = j
                names += 1
            } else if !(w.end - w.start <= 3 && j + 1 < words.count && words[j + 1].capitalised) {
                break // prose goes on ("… 75002 Paris for the delivery"); a short word between names stays ("Ostrov nad Ohrí")
            }
            // The part ends at the text's end, a separator, or a full stop.
            guard j + 1 < words.count else { break }
            let gap = words[j].end..<words[j + 1].start
            // One space, a hyphen, or nothing ("LS1": letters and digits of one postcode).
            guard gap.isEmpty || isSpace(s, gap) && gap.count == 1 || (gap.count == 1 && s[gap.lowerBound] == 0x2D) else { break }
            j += 1
        }
        // Numbers alone are one postcode, not a phone number's groups on the next line.
        return names == 0 && numbers > 1 ? nil : last
    }

    // MARK: small pieces

    /// The number after word `k` ("Suite 510", "Box 4854", "No. 5", "#12"), its index.
    static func numberAfter(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ k: Int) -> Int? {
        let words = text.words
        guard k + 1 < words.count, words[k + 1].isNumber, words[k + 1].end - words[k + 1].start <= 8 else { return nil }
        let gap = words[k].end..<words[k + 1].start
        guard gap.count <= 3, gap.allSatisfy({ s[$0] == 0x20 || s[$0] == 0x2E || s[$0] == 0x23 || s[$0] == 0x2C }) else { return nil }
        return k + 1
    }

    /// A compass direction after a suffix ("Main St NW"), its index if there is one.
    static func direction(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, after k: Int) -> Int {
        let words = text.words
        guard k + 1 < words.count, separated(s, text, k) || dotSpace(s, text, k),
            StreetGrammar.directions.contains(s, words[k + 1]),
            words[k + 1].capitalised
        else { return k }
        return k + 1
    }

    static func isOrdinal(_ s: UnsafeBufferPointer<UInt8>, _ w: TextWords.Word) -> Bool {
        guard w.isNumber, w.end - w.start >= 3 else { return false }
        let tail = (Bytes.lower(s[w.end - 2]), Bytes.lower(s[w.end - 1]))
        return tail == (0x73, 0x74) || tail == (0x6E, 0x64) || tail == (0x72, 0x64) || tail == (0x74, 0x68)
    }

    /// One space between word `k` and the next.
    static func separated(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ k: Int) -> Bool {
        let gap = text.words[k].end..<text.words[k + 1].start
        return gap.count == 1 && s[gap.lowerBound] == 0x20
    }

    /// ". " between word `k` and the next (an abbreviation: "Avda. Rio", "St. Mary").
    static func dotSpace(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ k: Int) -> Bool {
        let gap = text.words[k].end..<text.words[k + 1].start
        return gap.count == 2 && s[gap.lowerBound] == 0x2E && s[gap.lowerBound + 1] == 0x20
    }

    static func isSpace(_ s: UnsafeBufferPointer<UInt8>, _ gap: Range<Int>) -> Bool { !gap.isEmpty && gap.allSatisfy { s[$0] == 0x20 } }

    /// One blank line and spaces or list marks, nothing else.
    static func isBlankLineBetween(_ s: UnsafeBufferPointer<UInt8>, _ gap: Range<Int>) -> Bool {
        guard gap.count <= 12 else { return false }
        var newlines = 0
        for i in gap {
            switch s[i] {
            case 0x0A: newlines += 1
            case 0x20, 0x09, 0x0D, 0x3E, 0x2C: continue
            default: return false
            }
        }
        return newlines == 2
    }

    /// Between two parts of one address: a comma, a line break (not a blank line), a list's
    /// marks, or two or more spaces (a flattened block).
    static func isPartSeparator(_ s: UnsafeBufferPointer<UInt8>, _ gap: Range<Int>) -> Bool {
        guard !gap.isEmpty, gap.count <= 6 else { return false }
        var newlines = 0
        for i in gap {
            switch s[i] {
            case 0x0A: newlines += 1
            case 0x20, 0x09, 0x0D, 0x2C, 0x3E, 0x7C, 0x3B, 0x2E: continue
            default: return false
            }
        }
        guard newlines <= 1 else { return false }
        // A full stop ends the address unless it closes an abbreviation before a comma or line.
        if s[gap.lowerBound] == 0x2E && gap.count > 1 && s[gap.lowerBound + 1] == 0x20 && newlines == 0 { return false }
        return newlines == 1 || gap.contains(where: { s[$0] == 0x2C || s[$0] == 0x3E || s[$0] == 0x7C || s[$0] == 0x3B }) || gap.count >= 2
    }
}
