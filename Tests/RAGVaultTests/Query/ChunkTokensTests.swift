import Foundation
import Testing

@testable import RAGVault

/// A chunk's tokens for highlights are collected in C (`vault_tokenizer_spans`); they must be
/// exactly the tokens the index tokenizer hands to Swift one by one, hashed as the query side
/// hashes its words — else a highlight lands on the wrong bytes or on none.
@Suite struct ChunkTokensTests {
    static let words = [
        "rollout", "Restarted", "signing", "naïve", "Straße", "café", "東京", "数据库", "x", "a1b2", "IL-10", "[REDACTED:API_KEY]",
        "[REDACTED:", "don't", "e-mail", "ÉCOLE", "résumé", "+1", "2026-12-07", "ﬁle", "🙂", "k8s", "__init__", "Ωmega"
    ]
    static let separators = [" ", "  ", "\n", ", ", ". ", " — ", "\t", "/", "(", ") ", "\"", ": "]

    @Test func collectedInCAsTheTokenizerGivesThemOneByOne() throws {
        let (dir, vault, _, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        var random = SplitMix64(seed: 29)
        try store.withTokenizer { tokenizer in
            var tokens = 0
            // Up to ~3,000 tokens: past the collector's first growth (256) several times.
            for count in [0, 1, 2, 255, 256, 257, 3000] + (0..<40).map({ _ in Int(random.next() % 400) }) {
                let text = (0..<count).map { _ in
                    Self.words[Int(random.next() % UInt64(Self.words.count))]
                        + Self.separators[Int(random.next() % UInt64(Self.separators.count))]
                }.joined()
                let collected = try #require(tokenizer.spans(in: text).map(ChunkTokens.init))
                let expected = ChunkTokens.oneByOne(text, tokenizer: tokenizer)
                #expect(collected.hashes == expected.hashes, "\(text.prefix(80))")
                #expect(collected.starts == expected.starts)
                #expect(collected.lengths == expected.lengths)
                tokens += expected.hashes.count
                #expect(ChunkTokens(text, tokenizer: tokenizer).starts == expected.starts)
            }
            #expect(tokens > 5000)
        }
        // The hash the query side computes for a word is the one collected for it in a text.
        try store.withTokenizer { tokenizer in
            let chunk = try #require(tokenizer.spans(in: "The rollout restarted").map(ChunkTokens.init))
            #expect(chunk.hashes == ["the", "rollout", "restart"].map { ChunkTokens.hash(Array($0.utf8)) })
        }
    }
}

/// A chunk read for the first time is highlighted from spans in which only words that could
/// stem to a query token were stemmed (`vault_tokenizer_spans_for`). That rests on a property of
/// the porter stemmer — a stem keeps all but at most its last three bytes as the word's prefix and
/// is never longer — and on ASCII tokens being runs of letters and digits. Both are checked here
/// against the real tokenizer, over words built from every suffix porter rewrites.
@Suite struct QueryTokenSpansTests {
    static let suffixes = [
        "", "s", "es", "ies", "sses", "ss", "ed", "eed", "ing", "ings", "y", "ly", "e", "ll", "ational", "tional", "enci", "anci",
        "izer", "bli", "abli", "alli", "entli", "eli", "ousli", "ization", "izations", "ation", "ations", "ator", "alism", "iveness",
        "fulness", "ousness", "aliti", "iviti", "biliti", "bility", "bilities", "logi", "logy", "icate", "ative", "alize", "iciti",
        "ical", "ful", "ness", "al", "ance", "ence", "er", "ers", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
        "ism", "ate", "iti", "ity", "ous", "ive", "ize", "ized", "izing", "at", "bl", "iz", "ated", "bled"
    ]

    /// A word of one to four consonant-vowel syllables and one or two suffixes, sometimes
    /// capitalised or with digits: the shapes porter's rules look at.
    static func word(_ random: inout SplitMix64) -> String {
        let consonants = Array("bcdfghjklmnprstvwxyz"), vowels = Array("aeiouy")
        var w = ""
        for _ in 0...Int(random.next() % 4) {
            w.append(consonants[Int(random.next() % UInt64(consonants.count))])
            w.append(vowels[Int(random.next() % UInt64(vowels.count))])
            if random.next() % 3 == 0 { w.append(consonants[Int(random.next() % UInt64(consonants.count))]) }
        }
        w += suffixes[Int(random.next() % UInt64(suffixes.count))]
        if random.next() % 4 == 0 { w += suffixes[Int(random.next() % UInt64(suffixes.count))] }
        switch random.next() % 10 {
        case 0: return w.capitalized
        case 1: return w.uppercased()
        case 2: return w + String(random.next() % 100)
        default: return w
        }
    }

    @Test func aStemIsNeverLongerAndKeepsAllButItsLastThreeBytes() throws {
        let (dir, vault, _, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        var random = SplitMix64(seed: 41)
        try store.withTokenizer { tokenizer in
            var longestTail = 0
            for _ in 0..<20_000 {
                let word = Self.word(&random)
                let stem = Array(try #require(tokenizer.tokens(word).first).utf8)
                let lowered = Array(word.lowercased().utf8)
                #expect(stem.count <= lowered.count, "\(word) → \(String(decoding: stem, as: UTF8.self))")
                let kept = zip(stem, lowered).prefix { $0 == $1 }.count
                longestTail = max(longestTail, stem.count - kept)
                #expect(kept >= max(1, stem.count - 3), "\(word) → \(String(decoding: stem, as: UTF8.self))")
            }
            #expect(longestTail >= 1, "the words exercise porter's rewriting rules")
        }
    }

    @Test func spansForAQueryAgreeWithFullTokenizingOnItsTokens() throws {
        let (dir, vault, _, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        var random = SplitMix64(seed: 43)
        let separators = [" ", "\n", ", ", ". ", "-", "_", "/", "(", ") ", "'", "[REDACTED:API_KEY] ", "[REDACTED:", "] "]
        try store.withTokenizer { tokenizer in
            var stemmed = 0, matched = 0
            for round in 0..<300 {
                let vocabulary = (0..<40).map { _ in Self.word(&random) }
                var text = (0..<Int(random.next() % 300)).map { _ in
                    vocabulary[Int(random.next() % 40)] + separators[Int(random.next() % UInt64(separators.count))]
                }.joined()
                // Now and then a byte outside ASCII: the whole text is tokenized as before.
                if round % 10 == 0 { text += " café naïve" }
                let queryWords = (0..<Int(1 + random.next() % 4)).map { _ in vocabulary[Int(random.next() % 40)] }
                let wanted = Array(Set(queryWords.flatMap { tokenizer.tokens($0) })).map { Array($0.utf8) }
                let wantedHashes = Set(wanted.map(ChunkTokens.hash))
                var miss: UInt32 = 0
                while wantedHashes.contains(miss) { miss += 1 }
                let full = ChunkTokens.oneByOne(text, tokenizer: tokenizer)
                let spans = try #require(tokenizer.spans(in: text, wanted: .init(wanted), miss: miss))
                #expect(spans.starts == full.starts, "\(text.prefix(120))")
                #expect(spans.lengths == full.lengths)
                guard spans.hashes.count == full.hashes.count else { continue }
                for (fast, exact) in zip(spans.hashes, full.hashes) {
                    if wantedHashes.contains(exact) {
                        matched += 1
                        #expect(fast == exact, "a query token's word was not stemmed: \(text.prefix(120))")
                    } else {
                        #expect(fast == miss || fast == exact)
                    }
                    if fast != miss { stemmed += 1 }
                }
            }
            #expect(matched > 2_000)
            #expect(stemmed < 4 * matched, "most words are not stemmed")
        }
    }
}
