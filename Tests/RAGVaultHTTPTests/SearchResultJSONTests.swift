import Foundation
import NIOCore
import RAGVaultTestSupport
import Testing

@testable import RAGVault
@testable import RAGVaultHTTP

/// The search response writer makes the document JSONEncoder makes (sorted keys, nil context
/// left out), over generated passages full of what needs escaping.
@Suite struct SearchResultJSONTests {
    static let alphabet: [String] = [
        "a", "Z", "7", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}", "é", "e\u{301}",
        "ß", "中", "😀", "\u{2028}", "\u{2029}", "\u{FEFF}", "[REDACTED:EMAIL]", "…", "›"
    ]

    static func text(_ random: inout SplitMix64, max: Int = 40) -> String {
        (0..<Int(random.next() % UInt64(max))).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
    }

    static func passage(_ random: inout SplitMix64) -> Passage {
        let ints = { (r: inout SplitMix64) in (0..<Int(r.next() % 3)).map { _ in Int(r.next() % 100_000) } }
        let scores: [Double] = [0, 1, 2.5, 0.148672, 1e-7, 123_456.789, 3, 0.1, Double(random.next() % 1_000_000) / 1e6]
        return Passage(
            documentID: text(&random, max: 12), chunkID: text(&random, max: 16), title: text(&random),
            headingPath: (0..<Int(random.next() % 3)).map { _ in text(&random, max: 8) }, text: text(&random, max: 200),
            snippet: text(&random, max: 80), highlights: (0..<Int(random.next() % 4)).map { _ in ints(&random) },
            score: scores[Int(random.next() % UInt64(scores.count))], offsets: ints(&random),
            flags: random.next() % 2 == 0 ? [] : ["possible_injection"],
            redactions: random.next() % 2 == 0 ? [:] : ["EMAIL": Int(random.next() % 5), "AWS_ACCESS_KEY": 1],
            context: random.next() % 3 == 0
                ? nil
                : (0..<Int(random.next() % 3)).map { _ in Passage.ContextChunk(chunkID: text(&random, max: 16), text: text(&random), offsets: ints(&random)) },
            ranks: [nil, Passage.Ranks(text: 3, vector: nil), Passage.Ranks(text: nil, vector: 1), Passage.Ranks(text: 12, vector: 100)][
                Int(random.next() % 4)])
    }

    @Test func writesWhatJSONEncoderWrites() throws {
        var random = SplitMix64(seed: 2026)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for round in 0..<400 {
            let result = SearchResult(
                results: (0..<Int(random.next() % 6)).map { _ in Self.passage(&random) },
                searchMode: SearchMode.allCases[round % 3], fallback: round % 7 == 0 ? .text : nil,
                tookMs: [0, 1, 0.937, 12.5, Double(random.next() % 100_000) / 1000][round % 5], redactionMs: 0)
            let fast = Data(buffer: SearchResultJSON.encode(result))
            let reference = try encoder.encode(result)
            let parsed = try JSONSerialization.jsonObject(with: fast) as? NSDictionary
            let expected = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
            #expect(
                parsed != nil && parsed == expected, "round \(round):\n\(String(decoding: fast, as: UTF8.self))\n\(String(decoding: reference, as: UTF8.self))")
            // Keys in the same (sorted) order, byte for byte where numbers agree.
            let keys = { (d: Data) in String(decoding: d, as: UTF8.self).matches(of: /"([a-z_]+)":/).map { String($0.1) } }
            #expect(keys(fast) == keys(reference) || result.results.contains { !$0.redactions.isEmpty })
        }
    }
}
