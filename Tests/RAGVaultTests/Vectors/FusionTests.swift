import Foundation
import Testing
@testable import RAGVault

@Suite struct FusionTests {
    @Test func reciprocalRankFusionAddsWeightedReciprocals() {
        let fusion = Fusion.rrf(k: 60, text: 1, vector: 0.5)
        let fused = fusion.fuse(text: [(10, 9.0), (11, 5.0)], vector: [(11, 0.9), (12, 0.8)])
        #expect(fused.map(\.rowid) == [11, 10, 12])
        #expect(fused[0].score == 1 / 62.0 + 0.5 / 61.0)
        #expect(fused[0].textRank == 2 && fused[0].vectorRank == 1)
        #expect(fused[1].textRank == 1 && fused[1].vectorRank == nil)
        #expect(fused[2].textRank == nil && fused[2].vectorRank == 2)
    }

    @Test func convexScalesEachLegAndWeighsByAlpha() {
        let text: [(rowid: Int64, score: Double)] = [(1, 10), (2, 5), (3, 0)]
        let vector: [(rowid: Int64, score: Double)] = [(3, 0.9), (2, 0.5), (1, 0.1)]
        #expect(Fusion.convex(alpha: 0).fuse(text: text, vector: vector).map(\.rowid) == [1, 2, 3])
        #expect(Fusion.convex(alpha: 1).fuse(text: text, vector: vector).map(\.rowid) == [3, 2, 1])
        let mixed = Fusion.convex(alpha: 0.3).fuse(text: text, vector: vector)
        #expect(mixed.first?.rowid == 1)
        #expect(abs(mixed.first!.score - 0.7) < 1e-12)
    }

    @Test func tiesGoToTheLowerRow() {
        let fused = Fusion.rrf(k: 60, text: 1, vector: 1).fuse(text: [(9, 1)], vector: [(4, 1)])
        #expect(fused.map(\.rowid) == [4, 9])
    }

    @Test func swappedWeightsChangeTheOrder() {
        let text: [(rowid: Int64, score: Double)] = [(1, 3), (2, 2)]
        let vector: [(rowid: Int64, score: Double)] = [(2, 0.9), (1, 0.1)]
        #expect(Fusion.rrf(k: 1, text: 1, vector: 0.2).fuse(text: text, vector: vector).first?.rowid == 1)
        #expect(Fusion.rrf(k: 1, text: 0.2, vector: 1).fuse(text: text, vector: vector).first?.rowid == 2)
    }

    @Test(arguments: [
        #"{"method": "rrf", "k": 0}"#, #"{"method": "rrf", "weights": {"text": 0, "vector": 0}}"#,
        #"{"method": "rrf", "weights": {"text": -1, "vector": 1}}"#, #"{"method": "convex", "alpha": 1.5}"#,
        #"{"method": "convex"}"#, #"{"method": "rrf", "alpha": 0.3}"#, #"{"method": "convex", "alpha": 0.3, "k": 2}"#,
        #"{"method": "dbsf"}"#, #"{"method": "rrf", "weight": 1}"#
    ])
    func malformedFusionsAreRefused(json: String) {
        #expect(throws: (any Error).self) {
            let fusion = try JSONDecoder().decode(Fusion.self, from: Data(json.utf8))
            try fusion.validate()
        }
    }

    @Test func fusionRoundTripsThroughJSON() throws {
        for fusion in [Fusion.rrf(k: 60, text: 1, vector: 0.5), .convex(alpha: 0.3)] {
            #expect(try JSONDecoder().decode(Fusion.self, from: JSONEncoder().encode(fusion)) == fusion)
        }
    }
}
