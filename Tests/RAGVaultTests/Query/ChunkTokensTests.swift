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
