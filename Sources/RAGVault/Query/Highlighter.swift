/// Finds where the query's phrases occur in a chunk's body with the index's own tokenizer: the
/// same tokens FTS5 matched. Each text token is compared as bytes against the query's few
/// distinct tokens; no string is made per token.
struct Highlighter {
    /// Distinct query tokens, as bytes.
    private let vocabulary: [[UInt8]]
    /// Each phrase as indexes into `vocabulary`; `prefix`: its last token matches by prefix.
    private let phrases: [(tokens: [Int], prefix: Bool)]
    /// Vocabulary entries some phrase matches by prefix.
    private let prefixEntries: [Int]

    /// Tokenizes the compiled (non-excluded) phrases.
    init(_ compiled: QueryCompiler.Compiled, tokenizer: IndexTokenizer) {
        var vocabulary: [[UInt8]] = []
        var position: [[UInt8]: Int] = [:]
        var prefixEntries = Set<Int>()
        phrases = compiled.phrases.filter { !$0.excluded }.compactMap { phrase in
            let tokens = tokenizer.tokens(phrase.text).map { token -> Int in
                let bytes = Array(token.utf8)
                if let known = position[bytes] { return known }
                vocabulary.append(bytes)
                position[bytes] = vocabulary.count - 1
                return vocabulary.count - 1
            }
            guard let last = tokens.last else { return nil }
            if phrase.prefix { prefixEntries.insert(last) }
            return (tokens, phrase.prefix)
        }
        self.vocabulary = vocabulary
        self.prefixEntries = prefixEntries.sorted()
    }

    private struct Token {
        /// The vocabulary entry equal to it, or -1.
        var exact: Int
        /// Bit j set: it starts with `prefixEntries[j]` (the first 64).
        var prefixes: UInt64
        let start: Int
        let end: Int
    }

    /// Byte ranges in `text` of every token run matching a phrase.
    func byteRanges(in text: String, tokenizer: IndexTokenizer) -> [(Int, Int)] {
        guard !phrases.isEmpty else { return [] }
        var tokens: [Token] = []
        tokenizer.forEachToken(in: text) { bytes, start, end in
            var token = Token(exact: -1, prefixes: 0, start: start, end: end)
            for (j, entry) in vocabulary.enumerated() where entry.count == bytes.count && entry.elementsEqual(bytes) {
                token.exact = j
                break
            }
            for (bit, j) in prefixEntries.prefix(64).enumerated() {
                let entry = vocabulary[j]
                if entry.count <= bytes.count && entry.elementsEqual(bytes.prefix(entry.count)) { token.prefixes |= 1 << UInt64(bit) }
            }
            tokens.append(token)
        }
        var ranges: [(Int, Int)] = []
        for i in tokens.indices where tokens[i].exact >= 0 || tokens[i].prefixes != 0 {
            for phrase in phrases where i + phrase.tokens.count <= tokens.count {
                var matched = true
                for (k, want) in phrase.tokens.enumerated() {
                    let have = tokens[i + k]
                    if have.exact == want { continue }
                    if k == phrase.tokens.count - 1, phrase.prefix, let bit = prefixEntries.prefix(64).firstIndex(of: want),
                        have.prefixes & (1 << UInt64(bit)) != 0
                    {
                        continue
                    }
                    matched = false
                    break
                }
                if matched {
                    for k in 0..<phrase.tokens.count { ranges.append((tokens[i + k].start, tokens[i + k].end)) }
                }
            }
        }
        // Overlapping phrases may mark a token twice. (Words of a "[REDACTED:TYPE]" left by
        // ingest-time scrubbing never come out of the store tokenizer.)
        var seen = Set<Int>()
        return ranges.filter { seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
    }
}
