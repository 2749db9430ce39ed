/// Turns a user's search text into an FTS5 expression the user cannot escape.
///
/// Understood: plain words, `"exact phrases"`, `-excluded` words, `prefix*`, and `OR` between
/// terms (terms are otherwise ANDed). Everything else is literal text: each term is emitted
/// as a quoted FTS5 string, and the whole expression is confined to the title, heading and
/// body columns, so column filters (`allow:`), `NEAR(`, `^`, parentheses and FTS5 keywords
/// typed by a user are just words.
public struct QueryCompiler: Sendable {
    public var maxLength = 1000
    public var maxTerms = 32

    public init() {}

    /// A compiled query: the FTS5 expression and its phrases in FTS5 phrase order.
    public struct Compiled: Equatable, Sendable {
        /// FTS5 MATCH expression, column-filtered to the scored columns.
        public var expression: String
        /// Phrases as FTS5 numbers them: display text, the FTS5 form (quoted, maybe `*`), and
        /// whether it is an exclusion (not scored).
        public var phrases: [(text: String, fts: String, excluded: Bool)]

        public static func == (a: Compiled, b: Compiled) -> Bool {
            a.expression == b.expression && a.phrases.map(\.fts) == b.phrases.map(\.fts)
                && a.phrases.map(\.excluded) == b.phrases.map(\.excluded)
        }
    }

    static let stopwords: Set<String> = ["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into",
                                         "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then",
                                         "there", "these", "they", "this", "to", "was", "will", "with", "near"]

    private enum Term {
        case word(String, prefix: Bool)
        case phrase(String)
    }

    public func compile(_ raw: String) throws -> Compiled {
        guard raw.unicodeScalars.count <= maxLength else {
            throw RAGVaultError(.queryInvalid, "the query is longer than \(maxLength) characters; shorten it")
        }
        let text = Normaliser.normalise(raw).text
        // Tokens: quoted phrases, or whitespace-separated words.
        var groups: [[(Term, Bool)]] = [[]] // OR-separated groups of (term, excluded)
        var scalars = Array(text.unicodeScalars)[...]
        var count = 0
        while let first = scalars.first {
            if first.properties.isWhitespace { scalars = scalars.dropFirst(); continue }
            var excluded = false
            if first == "-" && scalars.count > 1 && !scalars[scalars.index(after: scalars.startIndex)].properties.isWhitespace {
                excluded = true
                scalars = scalars.dropFirst()
            }
            var term: Term?
            if scalars.first == "\"" {
                let body = scalars.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                let phrase = String(String.UnicodeScalarView(body[..<end]))
                scalars = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                if Self.hasWordCharacters(phrase) { term = .phrase(phrase) }
            } else {
                let end = scalars.firstIndex { $0.properties.isWhitespace } ?? scalars.endIndex
                var word = String(String.UnicodeScalarView(scalars[..<end]))
                scalars = scalars[end...]
                if word == "OR" && !excluded {
                    if !(groups.last?.isEmpty ?? true) { groups.append([]) }
                    continue
                }
                let prefix = word.hasSuffix("*") && word.count > 1
                while word.hasSuffix("*") { word.removeLast() }
                let lower = word.lowercased()
                if Self.hasWordCharacters(word) && !Self.stopwords.contains(lower) { term = .word(word, prefix: prefix) }
            }
            guard let term else { continue }
            count += 1
            guard count <= maxTerms else {
                throw RAGVaultError(.queryInvalid, "the query has more than \(maxTerms) terms; use fewer words")
            }
            groups[groups.count - 1].append((term, excluded))
        }
        groups.removeAll { $0.isEmpty }
        // Each group: positives ANDed, exclusions subtracted. Groups are ORed.
        var phrases: [(text: String, fts: String, excluded: Bool)] = []
        var parts: [String] = []
        for group in groups {
            let positive = group.filter { !$0.1 }.map(\.0)
            let negative = group.filter { $0.1 }.map(\.0)
            guard !positive.isEmpty else { continue } // "-x" alone would mean "everything but x"
            var expression = positive.map { term -> String in
                phrases.append((Self.phraseText(term), Self.fts(term), false))
                return Self.fts(term)
            }.joined(separator: " AND ")
            if !negative.isEmpty {
                expression = "(\(expression)) NOT (" + negative.map { term -> String in
                    phrases.append((Self.phraseText(term), Self.fts(term), true))
                    return Self.fts(term)
                }.joined(separator: " OR ") + ")"
            }
            parts.append("(\(expression))")
        }
        guard !parts.isEmpty else {
            throw RAGVaultError(.queryInvalid, "the query has no searchable words (only stopwords, punctuation or exclusions)")
        }
        return Compiled(expression: "{title heading body} : (" + parts.joined(separator: " OR ") + ")",
                        phrases: phrases)
    }

    private static func phraseText(_ term: Term) -> String {
        switch term {
        case .word(let w, _): return w
        case .phrase(let p): return p
        }
    }

    /// A quoted FTS5 string; `"` doubled, so nothing inside can end the string.
    private static func fts(_ term: Term) -> String {
        switch term {
        case .word(let w, let prefix): return quote(w) + (prefix ? " *" : "")
        case .phrase(let p): return quote(p)
        }
    }

    static func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// At least one letter or digit: punctuation-only terms tokenize to nothing.
    private static func hasWordCharacters(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}
