import Foundation

/// How a hybrid search fuses its text (BM25) and vector legs, each cut to its top
/// `Fusion.legDepth` chunks. Ties go to the lower chunk row, so a fusion is deterministic.
///
/// ```json
/// {"method": "rrf", "k": 60, "weights": {"text": 1, "vector": 0.5}}
/// {"method": "convex", "alpha": 0.3}
/// ```
public enum Fusion: Codable, Equatable, Sendable {
    /// Reciprocal rank fusion: Σ weight / (k + rank), rank counted from 1 in each leg.
    case rrf(k: Double, text: Double, vector: Double)
    /// `alpha` × the vector score + (1 − alpha) × the BM25 score, each scaled to 0…1 by min-max
    /// over its leg's list (a chunk absent from a leg scores 0 there). alpha 1 is vector only.
    case convex(alpha: Double)

    /// What a hybrid tenant uses unless its configuration or the request says otherwise: α
    /// chosen on Cranfield with the embedded model (`eval retrieval --embed`, docs/vectors.md),
    /// where 0.4–0.5 did best over all queries and 0.4 / 0.7 were picked on either half.
    public static let `default` = Fusion.convex(alpha: 0.4)

    /// How many chunks of each leg are fused.
    public static let legDepth = 100

    enum CodingKeys: String, CodingKey, CaseIterable { case method, k, weights, alpha }
    struct Weights: Codable {
        var text: Double
        var vector: Double
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .method) {
        case "rrf":
            guard !c.contains(.alpha) else { throw RAGVaultError(.queryInvalid, "fusion: alpha belongs to method convex") }
            let weights = try c.decodeIfPresent(Weights.self, forKey: .weights) ?? Weights(text: 1, vector: 1)
            self = .rrf(k: try c.decodeIfPresent(Double.self, forKey: .k) ?? 60, text: weights.text, vector: weights.vector)
        case "convex":
            guard !c.contains(.k), !c.contains(.weights) else { throw RAGVaultError(.queryInvalid, "fusion: k and weights belong to method rrf") }
            self = .convex(alpha: try c.decode(Double.self, forKey: .alpha))
        default:
            throw RAGVaultError(.queryInvalid, "fusion method must be rrf or convex")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .rrf(let k, let text, let vector):
            try c.encode("rrf", forKey: .method)
            try c.encode(k, forKey: .k)
            try c.encode(Weights(text: text, vector: vector), forKey: .weights)
        case .convex(let alpha):
            try c.encode("convex", forKey: .method)
            try c.encode(alpha, forKey: .alpha)
        }
    }

    func validate() throws {
        switch self {
        case .rrf(let k, let text, let vector):
            guard k.isFinite, (1...10_000).contains(k) else { throw RAGVaultError(.queryInvalid, "fusion: k must be between 1 and 10000") }
            guard text.isFinite, vector.isFinite, text >= 0, vector >= 0, text + vector > 0, text <= 1000, vector <= 1000 else {
                throw RAGVaultError(.queryInvalid, "fusion: weights must be between 0 and 1000, not both 0")
            }
        case .convex(let alpha):
            guard alpha.isFinite, (0...1).contains(alpha) else { throw RAGVaultError(.queryInvalid, "fusion: alpha must be between 0 and 1") }
        }
    }

    /// One fused chunk: its score and its 1-based rank in each leg that found it.
    struct Fused: Equatable {
        var rowid: Int64
        var score: Double
        var textRank: Int?
        var vectorRank: Int?
    }

    /// Fuses two ranked legs (best first); the result is ordered by fused score, then rowid.
    func fuse(text: [(rowid: Int64, score: Double)], vector: [(rowid: Int64, score: Double)]) -> [Fused] {
        var fused: [Int64: Fused] = [:]
        func add(_ leg: [(rowid: Int64, score: Double)], isText: Bool, _ contribution: (Int, Double) -> Double) {
            for (index, hit) in leg.enumerated() {
                var entry = fused[hit.rowid] ?? Fused(rowid: hit.rowid, score: 0)
                entry.score += contribution(index + 1, hit.score)
                if isText { entry.textRank = index + 1 } else { entry.vectorRank = index + 1 }
                fused[hit.rowid] = entry
            }
        }
        switch self {
        case .rrf(let k, let wText, let wVector):
            add(text, isText: true) { rank, _ in wText / (k + Double(rank)) }
            add(vector, isText: false) { rank, _ in wVector / (k + Double(rank)) }
        case .convex(let alpha):
            let scaleText = Self.minMax(text.map(\.score)), scaleVector = Self.minMax(vector.map(\.score))
            add(text, isText: true) { _, score in (1 - alpha) * scaleText(score) }
            add(vector, isText: false) { _, score in alpha * scaleVector(score) }
        }
        return fused.values.sorted { $0.score != $1.score ? $0.score > $1.score : $0.rowid < $1.rowid }
    }

    /// Scales a score to 0…1 over `scores` (1 when they are all equal).
    static func minMax(_ scores: [Double]) -> (Double) -> Double {
        guard let low = scores.min(), let high = scores.max(), high > low else { return { _ in 1 } }
        return { ($0 - low) / (high - low) }
    }
}
