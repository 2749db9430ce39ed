import Foundation

/// BERT's uncased tokenizer: clean the text, put spaces around CJK ideographs, lower-case and
/// strip accents, split on whitespace and punctuation, then cut each word into the longest
/// pieces the vocabulary has (`##` marks a piece inside a word); a word with no such cut is
/// `[UNK]`.
struct WordPieceTokenizer {
    let ids: [String: Int32]
    let unknown: Int32, classify: Int32, separator: Int32
    /// Words longer than this (in characters) are `[UNK]`, as in BERT.
    let maxWordCharacters = 100

    init(vocabulary path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RAGVaultError(.storeConfiguration, "the model vocabulary \(path) cannot be read")
        }
        var ids: [String: Int32] = [:]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            ids[String(line)] = Int32(i)
        }
        guard let unk = ids["[UNK]"], let cls = ids["[CLS]"], let sep = ids["[SEP]"] else {
            throw RAGVaultError(.storeConfiguration, "the model vocabulary \(path) lacks [UNK], [CLS] or [SEP]")
        }
        (self.ids, unknown, classify, separator) = (ids, unk, cls, sep)
    }

    /// The vocabulary's special tokens, matched in the raw text as the model's reference
    /// tokenizer matches them (exact spelling, before any other step).
    static let specials = ["[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]"]

    /// `[CLS] pieces… [SEP]`, at most `limit` ids in all (the rest of the text is dropped).
    func encode(_ text: String, limit: Int) -> [Int32] {
        var out: [Int32] = [classify]
        for (segment, special) in Self.segments(text) {
            let ids = special.map { [self.ids[$0] ?? unknown] } ?? Self.words(segment).flatMap(pieces)
            for id in ids {
                guard out.count < limit - 1 else { return out + [separator] }
                out.append(id)
            }
        }
        return out + [separator]
    }

    /// The text cut around special tokens: (text, nil) pieces and ("", token) pieces in order.
    static func segments(_ text: String) -> [(String, String?)] {
        guard text.contains("[") else { return [(text, nil)] }
        var result: [(String, String?)] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            if let special = specials.first(where: { rest[open...].hasPrefix($0) }) {
                result.append((String(rest[..<open]), nil))
                result.append(("", special))
                rest = rest[rest.index(open, offsetBy: special.count)...]
            } else {
                result.append((String(rest[...open]), nil))
                rest = rest[rest.index(after: open)...]
            }
        }
        result.append((String(rest), nil))
        return result
    }

    /// The greedy longest-match-first cut of one word.
    func pieces(_ word: String) -> [Int32] {
        // Code points, as BERT counts characters.
        let characters = Array(word.unicodeScalars)
        guard characters.count <= maxWordCharacters else { return [unknown] }
        var result: [Int32] = []
        var start = 0
        while start < characters.count {
            var end = characters.count
            var found: Int32?
            while start < end {
                let piece = (start > 0 ? "##" : "") + String(String.UnicodeScalarView(characters[start..<end]))
                if let id = ids[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else { return [unknown] }
            result.append(found)
            start = end
        }
        return result
    }

    /// Basic tokenization: words and single punctuation marks, lower-cased, accents removed.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        // Lower-case, then decompose and drop combining marks (BERT's strip_accents with do_lower_case).
        let folded = text.lowercased().decomposedStringWithCanonicalMapping
        for scalar in folded.unicodeScalars {
            let v = scalar.value
            if v == 0 || v == 0xFFFD || (isControl(scalar) && !isWhitespace(scalar)) { continue }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if isWhitespace(scalar) {
                flush()
            } else if isPunctuation(scalar) || isCJK(v) {
                flush()
                words.append(String(scalar))
            } else {
                current.append(scalar)
            }
        }
        flush()
        return words
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .control, .format, .privateUse, .unassigned, .surrogate: return true
        default: return false
        }
    }

    /// ASCII symbols count as punctuation too (BERT splits `$`, `^`, `` ` `` and the like).
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
            .otherPunctuation:
            return true
        default: return false
        }
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v) || (0x2A700...0x2B73F).contains(v)
            || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x2F800...0x2FA1F).contains(v)
    }
}
