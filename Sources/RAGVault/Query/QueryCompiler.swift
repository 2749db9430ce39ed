/// Turns a user's search text into an FTS5 expression the user cannot escape.
///
/// Understood: plain words, `"exact phrases"`, `-excluded` words, `+required` words,
/// `prefix*`, and (in `all` mode) `OR` between groups of terms. Everything else is literal
/// text: each term is emitted as a quoted FTS5 string confined to the title, heading and body
/// columns, so column filters (`allow:`), `NEAR(`, `^`, parentheses and FTS5 keywords typed by
/// a user are just words.
///
/// ```swift
/// let compiled = try QueryCompiler().compile("how do I rotate the signing key", mode: .natural)
/// // any of "rotate", "signing", "key" (stopwords dropped), ranked by scoped BM25
/// ```
public struct QueryCompiler: Sendable {
    public var maxLength = 4000
    public var maxTerms = 48
    /// Words left out of queries (lower case); `QueryStopwords.english` unless the tenant's
    /// settings change it. `any` mode ignores it.
    public var stopwords: Set<String> = QueryStopwords.english

    public init() {}

    /// A compiled query: the MATCH expression and its phrases in FTS5 phrase order.
    public struct Compiled: Equatable, Sendable {
        public var expression: MatchExpression
        /// Phrases as FTS5 numbers them: display text (for highlights), the phrase alone as an
        /// expression (for its document frequency), and whether it is scored (exclusions and
        /// repeats of a required term are not).
        public var phrases: [Phrase]

        public struct Phrase: Equatable, Sendable {
            public var text: String
            public var match: MatchExpression
            public var scored: Bool
            /// An exclusion (`-word`): never highlighted.
            public var excluded: Bool
            /// `word*`: the last token matches by prefix.
            public var prefix: Bool
        }
    }

    /// A value in the query that the index holds only as a keyed token (`IndexForm`): its
    /// code-point range in the normalised query and the `pii` column token to match instead.
    /// The Retriever supplies these only for PII types the principal sees unmasked.
    public struct KeyedValue: Sendable {
        public var range: Range<Int>
        public var token: String
    }

    enum Term: Hashable {
        case word(String, prefix: Bool)
        case phrase(String)
        case keyed(text: String, token: String)
    }

    enum Modifier: Hashable { case optional, required, excluded }

    /// Compiles `raw`; `keyed` sees the normalised text and names the values to match by token.
    public func compile(
        _ raw: String, mode: MatchMode = .natural,
        keyed: (String) -> [KeyedValue] = { _ in [] }
    ) throws -> Compiled {
        guard raw.unicodeScalars.count <= maxLength else {
            throw RAGVaultError(.queryInvalid, "the query is longer than \(maxLength) characters; shorten it")
        }
        let text = Normaliser.normalise(raw).text
        let groups = try QueryTerms.parse(
            text, keyed: keyed(text), stopwords: mode == .any ? [] : stopwords,
            orGroups: mode == .all, maxTerms: maxTerms)
        var builder = ExpressionBuilder()
        let expression: MatchExpression?
        switch mode {
        case .all: expression = builder.all(groups)
        case .natural, .any: expression = builder.ranked(groups.flatMap { $0 })
        }
        guard let expression else { throw Self.nothingSearchable }
        return Compiled(expression: expression, phrases: builder.phrases)
    }

    /// A query left with no word to search for: a text search cannot run, a vector leg still can.
    static let nothingSearchable = RAGVaultError(.queryInvalid, "the query has no searchable words (only stopwords, punctuation or exclusions)")

    /// A quoted FTS5 string; `"` doubled, so nothing inside can end the string.
    package static func quote(_ s: String) -> String { MatchExpression.quote(s) }
}

/// How the words of a query combine.
public enum MatchMode: String, Codable, Sendable, CaseIterable {
    /// Any word may match; more and rarer words rank higher; stopwords dropped; `+word` required.
    case natural
    /// Every word must match (OR between groups), stopwords dropped.
    case all
    /// Any word may match, stopwords included; `+word` required.
    case any
}

/// Builds the MATCH expression and numbers its phrases in the order FTS5 will.
struct ExpressionBuilder {
    private(set) var phrases: [QueryCompiler.Compiled.Phrase] = []

    private mutating func emit(_ term: QueryCompiler.Term, scored: Bool = true, excluded: Bool = false) -> MatchExpression {
        let match: MatchExpression
        let text: String
        var prefix = false
        switch term {
        case .word(let w, let isPrefix):
            match = .term(w, in: .text, prefix: isPrefix)
            (text, prefix) = (w, isPrefix)
        case .phrase(let p):
            match = .term(p, in: .text)
            text = p
        case .keyed(let t, let token):
            match = .term(token, in: .pii)
            text = t
        }
        phrases.append(.init(text: text, match: match, scored: scored && !excluded, excluded: excluded, prefix: prefix))
        return match
    }

    private mutating func subtract(_ core: MatchExpression, _ excluded: [QueryCompiler.Term]) -> MatchExpression {
        core.excluding(excluded.map { emit($0, excluded: true) })
    }

    /// `all`: positives ANDed, exclusions subtracted, groups ORed.
    mutating func all(_ groups: [[(QueryCompiler.Term, QueryCompiler.Modifier)]]) -> MatchExpression? {
        var parts: [MatchExpression] = []
        for group in groups {
            let positive = group.filter { $0.1 != .excluded }.map(\.0)
            guard !positive.isEmpty else { continue } // "-x" alone would mean "everything but x"
            let core = MatchExpression.allOf(positive.map { emit($0) })
            parts.append(subtract(core, group.filter { $0.1 == .excluded }.map(\.0)))
        }
        return parts.count > 1 ? .anyOf(parts) : parts.first
    }

    /// `natural` / `any`: required terms ANDed, optional terms ORed (they only rank), exclusions
    /// subtracted. With both, `R AND (O1 OR … OR R1)`: the repeat of R1 keeps rows that hold no
    /// optional term and is not scored twice.
    mutating func ranked(_ terms: [(QueryCompiler.Term, QueryCompiler.Modifier)]) -> MatchExpression? {
        // At most `maxTerms` (48) terms: comparing each with those kept beats hashing them.
        var unique: [(QueryCompiler.Term, QueryCompiler.Modifier)] = []
        for term in terms where !unique.contains(where: { $0.0 == term.0 && $0.1 == term.1 }) { unique.append(term) }
        let required = unique.filter { $0.1 == .required }.map(\.0)
        let optional = unique.filter { $0.1 == .optional && !required.contains($0.0) }.map(\.0)
        let core: MatchExpression
        if required.isEmpty {
            guard !optional.isEmpty else { return nil }
            core = .anyOf(optional.map { emit($0) })
        } else {
            let all = MatchExpression.allOf(required.map { emit($0) })
            if optional.isEmpty {
                core = all
            } else {
                core = .allOf([all, .anyOf(optional.map { emit($0) } + [emit(required[0], scored: false)])])
            }
        }
        return subtract(core, unique.filter { $0.1 == .excluded }.map(\.0))
    }
}
