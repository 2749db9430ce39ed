import Foundation
import Testing
@testable import RAGVault

/// The embedded model against an independent reference: the model's own tokenizer
/// (`tokenizer.json` through Hugging Face `tokenizers` 0.23.3) and a float64 numpy forward pass
/// written from BERT's definition, run once on these texts (see docs/vectors.md). Ids must be
/// equal; vectors and similarities within 1e-4.
@Suite struct SentenceEncoderTests {
    static let cases: [(text: String, ids: [Int32], head: [Float])] = [
        ("A man is eating food.", [101, 1037, 2158, 2003, 5983, 2833, 1012, 102], [0.033242, 0.004406, -0.006277, 0.048379, -0.138702, -0.033617]),
        (
            "A man is eating a piece of bread.", [101, 1037, 2158, 2003, 5983, 1037, 3538, 1997, 7852, 1012, 102],
            [0.052518, 0.055241, -0.011188, -0.005745, -0.127208, -0.022252]
        ),
        (
            "The girl is carrying a baby.", [101, 1996, 2611, 2003, 4755, 1037, 3336, 1012, 102],
            [-0.036309, -0.035653, -0.027223, 0.038320, 0.070778, -0.016580]
        ),
        ("A man is riding a horse.", [101, 1037, 2158, 2003, 5559, 1037, 3586, 1012, 102], [-0.004625, -0.014133, 0.041003, 0.027542, -0.112541, -0.018230]),
        (
            "How do I rotate the signing key?", [101, 2129, 2079, 1045, 24357, 1996, 6608, 3145, 1029, 102],
            [0.020426, 0.017062, -0.054471, -0.066520, -0.010849, 0.014819]
        ),
        (
            "Rotating the JWT signing key every 90 days", [101, 13618, 1996, 1046, 26677, 6608, 3145, 2296, 3938, 2420, 102],
            [-0.053708, 0.007481, 0.060090, -0.075069, -0.036403, -0.006221]
        ),
        (
            "Café déjà vu — naïve résumé, Ünïcödé; 東京 tower!",
            [101, 7668, 2139, 3900, 24728, 1517, 15743, 13746, 1010, 27260, 1025, 1879, 1755, 3578, 999, 102],
            [-0.013982, 0.006472, 0.094291, -0.013720, -0.008301, 0.010153]
        ),
        (
            "unbelievably hyperparameterization xylophonist's ##weird [CLS] tokens",
            [101, 4895, 8671, 2666, 3567, 6321, 23760, 28689, 22828, 3989, 1060, 8516, 7361, 8747, 2923, 1005, 1055, 1001, 1001, 6881, 101, 19204, 2015, 102],
            [-0.050330, -0.030644, 0.061044, -0.012775, -0.048108, -0.059342]
        ),
        (
            "The quick brown fox jumps over the lazy dog", [101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 102],
            [0.035497, 0.061286, 0.052692, 0.070705, 0.033101, -0.030670]
        ),
        (
            "What is the boundary layer thickness at the trailing edge of a flat plate?",
            [101, 2054, 2003, 1996, 6192, 6741, 14983, 2012, 1996, 12542, 3341, 1997, 1037, 4257, 5127, 1029, 102],
            [-0.002596, 0.046034, -0.037808, -0.045178, -0.012041, -0.072684]
        )
    ]
    static let similarities: [(Int, Int, Double)] = [
        (0, 1, 0.755337), (0, 3, 0.247402), (4, 5, 0.622172), (2, 3, -0.108835), (8, 9, -0.052898), (6, 7, 0.151185)
    ]

    static func encoder() throws -> SentenceEncoder {
        // `make` fetches the model; a test run without it is a broken setup, not a skip.
        try SentenceEncoder.loaded()
    }

    @Test func wordPiecesAreTheReferenceTokenizers() throws {
        let encoder = try Self.encoder()
        for c in Self.cases { #expect(encoder.pieces(c.text) == c.ids, "\(c.text)") }
    }

    @Test func vectorsAndSimilaritiesMatchTheReference() throws {
        let encoder = try Self.encoder()
        let vectors = Self.cases.map { encoder.embed($0.text) }
        for (c, v) in zip(Self.cases, vectors) {
            #expect(v.count == SentenceEncoder.dims)
            #expect(abs(v.reduce(0) { $0 + Double($1) * Double($1) } - 1) < 1e-5, "not unit length: \(c.text)")
            for (i, expected) in c.head.enumerated() { #expect(abs(v[i] - expected) < 1e-4, "\(c.text) [\(i)]: \(v[i]) vs \(expected)") }
        }
        for (a, b, expected) in Self.similarities {
            let cosine = zip(vectors[a], vectors[b]).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            #expect(abs(cosine - expected) < 1e-4, "\(Self.cases[a].text) / \(Self.cases[b].text): \(cosine) vs \(expected)")
        }
    }

    @Test func longTextsAreCutAtTheModelsLimit() throws {
        let encoder = try Self.encoder()
        let long = String(repeating: "rotation ", count: 600)
        let ids = encoder.pieces(long)
        #expect(ids.count == SentenceEncoder.maxPieces)
        #expect(ids.last == 102)
        #expect(encoder.embed(long).count == SentenceEncoder.dims)
        #expect(encoder.pieces("") == [101, 102])
        #expect(encoder.embed("").allSatisfy { $0.isFinite })
    }
}
