/// Splits normalised query text into terms: `"phrases"`, words, `prefix*`, `+required`,
/// `-excluded`, and values matched by keyed token. `OR` starts a new group when `orGroups`
/// (the `all` mode); elsewhere it is ignored, since every word is optional anyway.
///
/// A sign before a digit belongs to a number (`+1`, `-5` are words, not operators). In the
/// ranked modes (`orGroups` false) an optional word the tokenizer would cut into parts
/// (`IL-10`, `x/y`, `state-of-the-art`) becomes its parts, each optional: a question's
/// compound must not demand its parts side by side, as a phrase would.
enum QueryTerms {
    typealias Group = [(QueryCompiler.Term, QueryCompiler.Modifier)]

    /// Marks where a keyed value stood; user text cannot contain it (removed first).
    private static let marker: Unicode.Scalar = "\u{E000}"

    static func parse(
        _ text: String, keyed: [QueryCompiler.KeyedValue], stopwords: Set<String>, orGroups: Bool,
        maxTerms: Int
    ) throws -> [Group] {
        var source = text.unicodeScalars.contains(marker) ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != marker })) : text
        // Each keyed value becomes one word of its own: marker + its index.
        var tokens: [(text: String, token: String)] = []
        if !keyed.isEmpty {
            var scalars = Array(source.unicodeScalars)
            let values = keyed.filter { $0.range.lowerBound >= 0 && $0.range.upperBound <= scalars.count }
                .sorted { $0.range.lowerBound > $1.range.lowerBound }
            var lastStart = Int.max
            for value in values where value.range.upperBound <= lastStart {
                tokens.append((String(String.UnicodeScalarView(scalars[value.range])), value.token))
                scalars.replaceSubrange(value.range, with: [" ", marker] + "\(tokens.count - 1) ".unicodeScalars)
                lastStart = value.range.lowerBound
            }
            source = String(String.UnicodeScalarView(scalars))
        }
        func keyedTerm(_ word: Substring) -> QueryCompiler.Term? {
            guard word.unicodeScalars.first == marker, let index = Int(word.dropFirst()), tokens.indices.contains(index) else { return nil }
            return .keyed(text: tokens[index].text, token: tokens[index].token)
        }

        var groups: [Group] = [[]]
        // Slices of the text's own scalars: words are copied out as UTF-8, not scalar by scalar.
        var scalars = source.unicodeScalars[...]
        var count = 0
        func add(_ term: QueryCompiler.Term, _ modifier: QueryCompiler.Modifier) throws {
            count += 1
            guard count <= maxTerms else {
                throw RAGVaultError(.queryInvalid, "the query has more than \(maxTerms) terms; use fewer words")
            }
            groups[groups.count - 1].append((term, modifier))
        }
        while let first = scalars.first {
            if isSpace(first) { scalars = scalars.dropFirst(); continue }
            var modifier = QueryCompiler.Modifier.optional
            if first == "-" || first == "+", case let after = scalars.index(after: scalars.startIndex), after < scalars.endIndex,
                case let next = scalars[after], !isSpace(next), next.properties.numericType == nil
            {
                modifier = first == "-" ? .excluded : .required
                scalars = scalars.dropFirst()
            }
            if scalars.first == "\"" {
                let body = scalars.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                let inside = String(Substring(body[..<end]))
                scalars = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                // A keyed value inside a phrase is matched by its token; the rest stays a phrase.
                var rest: [Substring] = []
                for word in inside.split(whereSeparator: { $0.isWhitespace }) {
                    if let term = keyedTerm(word) { try add(term, modifier) } else { rest.append(word) }
                }
                let phrase = rest.joined(separator: " ")
                if hasWordCharacters(phrase) { try add(.phrase(phrase), modifier) }
                continue
            }
            let end = scalars.firstIndex(where: isSpace) ?? scalars.endIndex
            var word = String(Substring(scalars[..<end]))
            scalars = scalars[end...]
            if let term = keyedTerm(word[...]) { try add(term, modifier); continue }
            if word == "OR" && modifier == .optional {
                if orGroups && !(groups.last?.isEmpty ?? true) { groups.append([]) }
                continue
            }
            let prefix = word.hasSuffix("*") && word.count > 1
            while word.hasSuffix("*") { word.removeLast() }
            let parts = orGroups || modifier != .optional || prefix ? [word] : wordParts(word)
            for part in parts {
                // A required or excluded stopword, or a prefix, was asked for on purpose: keep it.
                guard hasWordCharacters(part), modifier != .optional || prefix || !stopwords.contains(part.lowercased()) else { continue }
                try add(.word(part, prefix: prefix), modifier)
            }
        }
        return groups.filter { !$0.isEmpty }
    }

    /// The runs of letters, digits and marks in `word` (its own spelling when it has one run).
    static func wordParts(_ word: String) -> [String] {
        if word.utf8.allSatisfy({ Bytes.isDigit($0) || ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) { return [word] } // most words
        let isWordScalar = { (s: Unicode.Scalar) in
            s.properties.isAlphabetic || s.properties.numericType != nil
                || [.nonspacingMark, .spacingMark, .enclosingMark].contains(s.properties.generalCategory)
        }
        let parts = word.unicodeScalars.split { !isWordScalar($0) }.map { String(String.UnicodeScalarView($0)) }
        return parts.count > 1 ? parts : [word]
    }

    /// At least one letter or digit: punctuation-only terms tokenize to nothing.
    static func hasWordCharacters(_ s: String) -> Bool {
        s.unicodeScalars.contains { c in
            guard c.isASCII else { return c.properties.isAlphabetic || c.properties.numericType != nil }
            return (c.value | 0x20 >= 0x61 && c.value | 0x20 <= 0x7A) || (c.value >= 0x30 && c.value <= 0x39)
        }
    }

    /// Unicode white space, without a property lookup for ASCII (tab to carriage return, space).
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? c == " " || (c.value >= 0x09 && c.value <= 0x0D) : c.properties.isWhitespace
    }
}
