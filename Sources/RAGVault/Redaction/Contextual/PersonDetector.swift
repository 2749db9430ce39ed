/// PERSON: runs of capitalised words ("Jennifer Holst", "Ludwig van Beethoven", "J. R. Smith")
/// judged by the census name lists (`NameTable`) and the words around them (`NameCues`).
/// Runs only for a tenant whose policy names PERSON; no model, constant work per word.
///
/// A run is a name when a title or an introducing word comes before it ("Dr.", "my name is",
/// "Name:", "Dear", "I'm", "producer"), when it starts with a given name that is not also an
/// ordinary word, when an uncommon surname ends it, or when a reporting verb follows it
/// ("… said"). Capitalisation at a sentence's start is no evidence; words of places,
/// organisations and documents end a run.
enum PersonDetector {
    static func scan(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, into out: inout [Candidate]) {
        let words = text.words
        var k = 0
        while k < words.count {
            guard let run = run(s, text, from: k) else {
                k += 1
                continue
            }
            if let verdict = judge(s, text, run) {
                out.append(Candidate(type: .person, start: verdict.range.lowerBound, end: verdict.range.upperBound, detector: verdict.rule))
            }
            k = run.last + 1
        }
        lowerCaseNames(s, text, into: &out)
    }

    /// The rules whose names are sure enough to find again by their parts.
    static let mentionedAgain: Set<String> = ["person_cue", "person_lists", "person_initial", "person_surname", "person_addressee"]

    /// A name found whole makes its parts names wherever they stand alone in the same text
    /// ("Dr. Jennifer Holst … Holst signed"): the same person, mentioned again.
    static func mentionsAgain(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, found: [Candidate], into out: inout [Candidate]) {
        var parts = Set<UInt64>() // folded-word hashes, as `WordSet` makes them
        for candidate in found where candidate.type == .person && mentionedAgain.contains(candidate.detector) {
            let inside = text.indices(within: candidate.start..<candidate.end).map { text.words[$0] }.filter {
                !$0.isNumber && $0.end - $0.start >= 3 && !isInitial(s, $0)
            }
            guard inside.count >= 2, let surname = inside.last, let given = inside.first else { continue }
            let surnameKind = kind(s, surname, last: true)
            if !surnameKind.contains(.common) && !surnameKind.contains(.place) {
                parts.insert(WordSet.hash(s, surname.start, surname.end - possessive(s, surname.end)))
            }
            let givenKind = kind(s, given, last: false)
            if !givenKind.contains(.common) && !givenKind.contains(.place) { parts.insert(WordSet.hash(s, given.start, given.end)) }
        }
        guard !parts.isEmpty else { return }
        let covered = found.map { $0.start..<$0.end }.sorted { $0.lowerBound < $1.lowerBound }
        var c = 0
        for w in text.words where w.capitalised && !w.isNumber {
            let end = w.end - possessive(s, w.end)
            while c < covered.count && covered[c].upperBound <= w.start { c += 1 }
            if c < covered.count && covered[c].lowerBound < end { continue }
            guard end - w.start >= 3, isNameWord(s, w), parts.contains(WordSet.hash(s, w.start, end)) else { continue }
            out.append(Candidate(type: .person, start: w.start, end: end, detector: "person_mention"))
        }
    }

    /// The addressee of a postal block: its first line, when that line is two or three
    /// capitalised words and nothing else ("Philippe Guernon⏎⏎0104 Hafnarstraeti 5⏎…",
    /// "Dreux Joly⏎Paxata⏎PSC 3294, Box 9168"). Lines of the block are those up to the
    /// address with no blank line between, but one after the name.
    static func addressee(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, before address: Candidate, into out: inout [Candidate]) {
        let words = text.words
        // The block's first line: walk back over at most four lines.
        var lineStart = address.start
        var top: Range<Int>?
        var blank = 0
        for _ in 0..<5 {
            guard lineStart > 0 else { break }
            var end = lineStart - 1 // the newline before the current line
            while end > 0 && s[end] != 0x0A { end -= 1 }
            guard s[end] == 0x0A || end == 0 else { break }
            var begin = end
            while begin > 0 && s[begin - 1] != 0x0A { begin -= 1 }
            let line = begin..<end
            if line.allSatisfy({ Bytes.isSpace(s[$0]) || s[$0] == 0x3E }) {
                blank += 1
                guard blank <= 1 else { break }
            } else {
                top = line
            }
            lineStart = begin
        }
        guard let line = top else { return }
        let inLine = Array(text.indices(within: line))
        guard (2...3).contains(inLine.count), inLine.allSatisfy({ isNameWord(s, words[$0]) && !words[$0].allUpper || isInitial(s, words[$0]) }) else { return }
        // Nothing but marks around the words ("> ", "??? ").
        let first = words[inLine[0]].start, last = words[inLine[inLine.count - 1]].end
        guard (line.lowerBound..<first).allSatisfy({ !Bytes.isAlnum(s[$0]) }), (last..<line.upperBound).allSatisfy({ Bytes.isSpace(s[$0]) }) else { return }
        out.append(Candidate(type: .person, start: first, end: last, detector: "person_addressee"))
    }

    /// Names written in lower case ("follow up with patricia desrosiers"): a given name and a
    /// surname, neither an ordinary word nor a place — the lists alone, so both are required.
    static func lowerCaseNames(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, into out: inout [Candidate]) {
        let words = text.words
        var k = 0
        while k + 1 < words.count {
            let w = words[k], next = words[k + 1]
            defer { k += 1 }
            guard !w.isNumber, !w.capitalised, !next.isNumber, !next.capitalised, next.start - w.end == 1, s[w.end] == 0x20,
                w.end - w.start >= 3, next.end - next.start >= 3,
                isName(kind(s, w, last: false), .given)
            else { continue }
            let end = next.end - possessive(s, next.end)
            guard isName(NameTable.shared.kind(s, next.start, end), .surname) else { continue }
            out.append(Candidate(type: .person, start: w.start, end: end, detector: "person_lowercase"))
            k += 1
        }
    }

    /// Word indices of one run: its name words (initials and particles are in it but not among them).
    struct Run {
        var first: Int
        var last: Int
        var names: [Int]
    }

    /// The run starting at word `k`, if a capitalised word that can be part of a name starts one.
    static func run(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, from k: Int) -> Run? {
        let words = text.words
        // An initial opens a run only with its full stop ("J. Smith", not "I Love").
        guard isNameWord(s, words[k]), !isInitial(s, words[k]) || TextWords.dotAfter(s, words[k]) else { return nil }
        var run = Run(first: k, last: k, names: isInitial(s, words[k]) ? [] : [k])
        var j = k
        // A possessive ends a name ("Alice Goldberg's Cautionary Tales").
        while j + 1 < words.count, run.names.count < 4, possessive(s, words[j].end) == 0 {
            let gap = words[j].end..<words[j + 1].start
            let initialDot = isInitial(s, words[j]) && gap.count == 2 && s[gap.lowerBound] == 0x2E && s[gap.lowerBound + 1] == 0x20
            guard initialDot || (gap.count == 1 && s[gap.lowerBound] == 0x20) else { break }
            let next = words[j + 1]
            if isNameWord(s, next) {
                if !isInitial(s, next) { run.names.append(j + 1) }
                j += 1
            } else if j + 2 < words.count, NameCues.particles.contains(s, next),
                words[j + 2].start - next.end == 1, s[next.end] == 0x20, isNameWord(s, words[j + 2])
            {
                run.names.append(j + 2)
                j += 2
            } else {
                break
            }
        }
        run.last = j
        // A run of initials alone ("A. B.") is not a name.
        return run.names.isEmpty ? nil : run
    }

    /// The bytes a run names, or nil when the evidence is not there.
    static func judge(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ run: Run) -> Verdict? {
        if let span = judgeWhole(s, text, run) { return span }
        // "Yesterday Celestine Dittmer …": a sentence's first word, capitalised as such and
        // in no list, may not be part of the name after it.
        let words = text.words
        if run.names.count >= 2, run.names[0] == run.first, startsSentence(s, text, run.first),
            case let opening = kind(s, words[run.first], last: false), !opening.contains(.given) && !opening.contains(.surname)
        {
            return judgeWhole(s, text, Run(first: run.names[1], last: run.last, names: Array(run.names.dropFirst())))
        }
        return nil
    }

    /// A run judged a name: its bytes and the rule that said so (the span's detector).
    struct Verdict {
        let range: Range<Int>
        let rule: String
        init(_ range: Range<Int>, _ rule: String) { (self.range, self.rule) = (range, rule) }
    }

    static func judgeWhole(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ run: Run) -> Verdict? {
        let words = text.words
        let start = words[run.first].start
        let end = words[run.last].end - possessive(s, words[run.last].end)
        let kinds = run.names.map { k in kind(s, words[k], last: k == run.last) }
        let first = kinds[0], last = kinds[kinds.count - 1]
        if partOfSomethingElse(s, text, run, kinds) { return nil }
        switch cue(s, text, run.first) {
        case .strong?: return Verdict(start..<end, "person_cue")
        case .role?:
            // A role before capitalised words is weaker than a title: the words must look like a name.
            let evidence = kinds.contains { $0.contains(.given) || $0.contains(.surname) } || surnameShaped(s, words[run.last], end: end)
            if run.names.count <= 3 && evidence { return Verdict(start..<end, "person_cue") }
        case nil: break
        }
        let sentenceStart = startsSentence(s, text, run.first)
        let verbAround = reportingVerbAfter(s, text, run.last) || reportingVerbBefore(s, text, run.first)
        if kinds.count >= 2 {
            // "Soib K. Kishiev": an initial between two capitalised words.
            // "Soib K. Kishiev": an initial between two capitalised words, with its full stop or
            // beside a word the lists hold ("Nikolaj N Møller", not "Siano Nova A Digital").
            let inner = (run.first..<run.last).filter { isInitial(s, words[$0]) && !run.names.contains($0) }
            if !inner.isEmpty,
                inner.contains(where: { TextWords.dotAfter(s, words[$0]) }) || run.names.count == 2 || first.contains(.given)
                    || isName(last, .surname) || surnameShaped(s, words[run.last], end: end)
            {
                return Verdict(start..<end, "person_initial")
            }
            if isName(first, .given) || (first.contains(.given) && isName(last, .surname)) { return Verdict(start..<end, "person_lists") }
            if surnameShaped(s, words[run.last], end: end) && !first.contains(.common) { return Verdict(start..<end, "person_surname_shape") }
            if isName(last, .surname) && !first.contains(.common) && (!sentenceStart || verbAround) { return Verdict(start..<end, "person_surname") }
            let ordinary = kinds.contains { $0.contains(.common) && !$0.contains(.given) }
            if verbAround && !sentenceStart && !ordinary { return Verdict(start..<end, "person_verb") }
            return nil
        }
        if isName(first, .given) && end - start >= 3 { return Verdict(start..<end, "person_given") }
        let surnameLike = isName(first, .surname) || surnameShaped(s, words[run.last], end: end)
        if (surnameLike || first.contains(.given) && !first.contains(.place)) && verbAround && !sentenceStart { return Verdict(start..<end, "person_verb") }
        if chatSpeaker(s, text, run) && (isName(first, .surname) || first.contains(.given)) && !first.contains(.place) {
            return Verdict(start..<end, "person_speaker")
        }
        if quotedSpeaker(s, text, run) && !first.contains(.common) { return Verdict(start..<end, "person_quoted_speaker") }
        return nil
    }

    /// What the lists say of word `w` (without a possessive "'s" when it ends the run).
    static func kind(_ s: UnsafeBufferPointer<UInt8>, _ w: TextWords.Word, last: Bool) -> NameTable.Kind {
        NameTable.shared.kind(s, w.start, w.end - (last ? possessive(s, w.end) : 0))
    }

    /// In the lists as `role`, and neither an ordinary word nor a place.
    static func isName(_ kind: NameTable.Kind, _ role: NameTable.Kind) -> Bool {
        kind.contains(role) && !kind.contains(.common) && !kind.contains(.place)
    }

    /// Surname endings of the languages the lists underserve (Nordic -sson/-sen/-dóttir,
    /// Slavic -ová/-ski/-ska/-wicz/-vić/-ov/-ev/-enko, Finnish -nen, Romanian -escu, Greek
    /// -poulos/-akis, Georgian -shvili/-adze, Turkish -oğlu, German -mann/-berg/-stein).
    /// Judged on a run's last word only, after another capitalised word.
    static func surnameShaped(_ s: UnsafeBufferPointer<UInt8>, _ w: TextWords.Word, end: Int) -> Bool {
        guard end - w.start >= 5 else { return false }
        for ending in surnameEndings where end - w.start > ending.count + 1 {
            if (0..<ending.count).allSatisfy({ Bytes.lower(s[end - ending.count + $0]) == ending[$0] }) { return true }
        }
        return false
    }

    static let surnameEndings: [[UInt8]] = [
        "sson", "sen", "dóttir", "dottir", "ová", "ski", "ska", "sky", "wicz", "vich", "vić", "vic", "ić", "ov", "ova", "ev",
        "eva", "enko", "nen", "escu", "poulos", "akis", "shvili", "adze", "oğlu", "oglu", "mann", "berg", "stein", "yan"
    ].map { Array($0.utf8) }

    /// The run names an organisation or place after a person: a word such as "Orchestra" or
    /// "Lodge" follows it, a house number follows it ("Joaquin Suarez 2906"), or it is one of
    /// a list of surnames ("Davis, Reynolds and Williamson").
    static func partOfSomethingElse(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ run: Run, _ kinds: [NameTable.Kind]) -> Bool {
        let words = text.words
        if run.names.count == 1 && listEndsInOrganisation(s, text, run.first) { return true }
        // A list of given names ("Hannah, Anthony and Derek") is of people.
        let listed = run.names.count == 1 && !isName(kinds[0], .given)
        if run.last + 1 < words.count {
            let next = words[run.last + 1]
            let gap = words[run.last].end..<next.start
            if gap.count == 1 && s[gap.lowerBound] == 0x20 {
                if next.isNumber && next.end - next.start <= 5 { return true }
                if next.capitalised && NameCues.never.contains(s, next) { return true }
            }
            // "Davis, Reynolds and …": one capitalised word, a comma, another.
            if listed, gap.count == 2, s[gap.lowerBound] == 0x2C, next.capitalised, !next.isNumber,
                run.last + 2 < words.count, TextWords.word(s, words[run.last + 2], is: "and") || s[next.end] == 0x2C
            {
                return true
            }
        }
        // "… Reynolds and Williamson": "and" after "X, Y".
        if listed, run.first >= 3, TextWords.word(s, words[run.first - 1], is: "and") {
            let before = words[run.first - 2]
            return before.capitalised && before.end < s.count && words[run.first - 3].end < before.start
                && text.gap(before: run.first - 2).contains(where: { s[$0] == 0x2C })
        }
        return false
    }

    /// Word `k` is one of a list of single capitalised words ("Davis, Reynolds and
    /// Williamson") that an organisation's word ends ("… Orchestra", "… Partners").
    static func listEndsInOrganisation(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ k: Int) -> Bool {
        let words = text.words
        // Back to the list's first member.
        var first = k
        while first >= 2, words[first - 1].capitalised || TextWords.word(s, words[first - 1], is: "and"),
            text.gap(before: first).count <= 2, text.gap(before: first).contains(where: { s[$0] == 0x2C }) || TextWords.word(s, words[first - 1], is: "and")
        {
            first -= TextWords.word(s, words[first - 1], is: "and") ? 2 : 1
        }
        // Forward over ", X" and "and X" to the word after the list.
        var j = first, members = 1, sawAnd = false
        while j + 2 < words.count || j + 1 < words.count {
            let gap = words[j].end..<words[j + 1].start
            if gap.count == 2, s[gap.lowerBound] == 0x2C, words[j + 1].capitalised {
                j += 1
            } else if j + 2 < words.count, TextWords.word(s, words[j + 1], is: "and"), words[j + 2].capitalised {
                j += 2
                sawAnd = true
            } else {
                break
            }
            members += 1
            if sawAnd { break }
        }
        guard sawAnd, members >= 2, j >= k, j + 1 < words.count, words[j].end + 1 == words[j + 1].start else { return false }
        let after = words[j + 1]
        return after.capitalised && NameCues.never.contains(s, after)
    }

    // MARK: the words of a run

    /// A capitalised word (or a one-letter initial) that can be part of a name.
    static func isNameWord(_ s: UnsafeBufferPointer<UInt8>, _ w: TextWords.Word) -> Bool {
        guard !w.isNumber, w.capitalised else { return false }
        if isInitial(s, w) { return true }
        if w.allUpper && w.end - w.start > 1 { return false } // "NASA", "HTTP"
        guard !NameCues.notInName.contains(s, w) else { return false }
        // Glued to an address, a path or a number ("@Krystal>", "LaCie/Seagate", "Jan2016").
        let before: UInt8 = w.start > 0 ? s[w.start - 1] : 0x20, after: UInt8 = w.end < s.count ? s[w.end] : 0x20
        if before == 0x40 || before == 0x2F || before == 0x5F || Bytes.isDigit(before) { return false }
        if after == 0x40 || after == 0x2F || after == 0x5F || Bytes.isDigit(after) { return false }
        return !looksLikeAWord(s, w)
    }

    /// An English word by its ending and in no name list ("Shared", "Processor", "Digital").
    static func looksLikeAWord(_ s: UnsafeBufferPointer<UInt8>, _ w: TextWords.Word) -> Bool {
        let length = w.end - w.start
        guard length >= 4 else { return false }
        var ends = false
        for ending in NameCues.wordEndings where length > ending.count + 1 {
            if (0..<ending.count).allSatisfy({ Bytes.lower(s[w.end - ending.count + $0]) == ending[$0] }) {
                ends = true
                break
            }
        }
        guard ends else { return false }
        let kind = NameTable.shared.kind(s, w.start, w.end)
        return !kind.contains(.given) && !kind.contains(.surname) && !surnameShaped(s, w, end: w.end)
    }

    /// One upper-case letter ("J" of "J. Smith").
    static func isInitial(_ s: UnsafeBufferPointer<UInt8>, _ w: TextWords.Word) -> Bool {
        w.allUpper && (w.end - w.start == 1 || (s[w.start] >= 0xC0 && TextWords.scalar(s, w.start)?.1 == w.end - w.start))
    }

    /// Bytes of a trailing "'s" / "’s" to leave out.
    static func possessive(_ s: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int {
        guard end >= 3, s[end - 1] | 0x20 == 0x73 else { return 0 }
        if s[end - 2] == 0x27 { return 2 }
        if end >= 5, s[end - 2] == 0x99, s[end - 3] == 0x80, s[end - 4] == 0xE2 { return 4 }
        return 0
    }

    // MARK: the words around a run

    /// A title or an introducing word just before the run ("Dr. ", "Name: ", "Dear ", "my
    /// name is ", "Regards,\n").
    static func cueBefore(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ first: Int) -> Bool {
        cue(s, text, first) != nil
    }

    enum Cue { case strong, role }

    /// What comes before the run: a title on the same line ("Dr. "), an introduction ("Dear ",
    /// "I'm "), a field's label and colon ("Name:    ", "From: "), "my name is", a sign-off on
    /// this line or the one before ("Regards,⏎"), or a role ("producer ", "my kid ").
    static func cue(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ first: Int) -> Cue? {
        guard first > 0 else { return nil }
        let words = text.words
        let gap = text.gap(before: first)
        let previous = words[first - 1]
        guard !previous.isNumber, gap.count <= 12 else { return nil }
        let colon = gap.contains(where: { s[$0] == 0x3A })
        let newlines = gap.filter { s[$0] == 0x0A }.count
        let marks = gap.allSatisfy { [0x20, 0x2E, 0x3A, 0x2C, 0x0A, 0x0D, 0x09, 0x22, 0x3F].contains(s[$0]) }
        guard marks else { return nil }
        let sameLine = newlines == 0 && gap.count <= 3
        if NameCues.titles.contains(s, previous) { return sameLine && !gap.contains(where: { s[$0] == 0x2C }) ? .strong : nil }
        if NameCues.introducers.contains(s, previous) { return sameLine ? .strong : nil }
        if NameCues.fields.contains(s, previous), colon, newlines == 0 { return .strong }
        if NameCues.kin.contains(s, previous) { return gap.count == 1 && s[gap.lowerBound] == 0x20 ? .strong : nil }
        if NameCues.signOffs.contains(s, previous) { return newlines <= 1 && gap.count <= 4 ? .strong : nil }
        if NameCues.roles.contains(s, previous) { return gap.count == 1 && s[gap.lowerBound] == 0x20 ? .role : nil }
        // "my name is", "this is", "mein Name ist", "je m'appelle" (one word), "mi nombre es";
        // "What's your name? Sölvi".
        if NameCues.nameNouns.contains(s, previous), gap.contains(where: { s[$0] == 0x3F }), newlines == 0 { return .strong }
        guard sameLine, NameCues.copulas.contains(s, previous), first >= 2 else { return nil }
        return NameCues.nameNouns.contains(s, words[first - 2]) ? .strong : nil
    }

    /// A reporting verb just after the run ("… said", "…, who").
    static func reportingVerbAfter(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ last: Int) -> Bool {
        let words = text.words
        guard last + 1 < words.count else { return false }
        let gap = words[last].end..<words[last + 1].start
        guard gap.count <= 2, gap.allSatisfy({ s[$0] == 0x20 || s[$0] == 0x2C }) else { return false }
        return NameCues.reportingVerbs.contains(s, words[last + 1])
    }

    /// A reporting verb just before the run ("… says Becker.").
    static func reportingVerbBefore(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ first: Int) -> Bool {
        guard first > 0 else { return false }
        let gap = text.gap(before: first)
        guard gap.count == 1, s[gap.lowerBound] == 0x20, !text.words[first - 1].isNumber else { return false }
        return NameCues.reportingVerbsBefore.contains(s, text.words[first - 1])
    }

    /// Whether the run opens a sentence or a line (its capital then says nothing).
    static func startsSentence(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ first: Int) -> Bool {
        guard first > 0 else { return true }
        for i in text.gap(before: first).reversed() {
            switch s[i] {
            case 0x20, 0x09, 0x22, 0x27, 0x28, 0x2A, 0x5F, 0x23, 0x3E: continue // space, quotes, '(', markup
            case 0x2E, 0x21, 0x3F, 0x0A, 0x0D, 0x3A, 0x3B, 0x7C, 0x2D: return true
            default: return false
            }
        }
        return false
    }

    /// A chat line's speaker: the run opens a line and a colon follows it ("Vsevolod: …").
    static func chatSpeaker(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ run: Run) -> Bool {
        let end = text.words[run.last].end
        guard end < s.count, s[end] == 0x3A else { return false }
        let gap = text.gap(before: run.first)
        return run.first == 0 || gap.contains(where: { s[$0] == 0x0A })
    }

    /// A speaker whose words are quoted: `Zuzana: "Who are you?"` at a line's start.
    static func quotedSpeaker(_ s: UnsafeBufferPointer<UInt8>, _ text: TextWords, _ run: Run) -> Bool {
        let end = text.words[run.last].end
        guard chatSpeaker(s, text, run) else { return false }
        var i = end + 1
        while i < s.count && s[i] == 0x20 { i += 1 }
        return i < s.count && (s[i] == 0x22 || (s[i] == 0xE2 && i + 2 < s.count && s[i + 1] == 0x80 && (s[i + 2] == 0x9C || s[i + 2] == 0x98)))
    }
}
