import CVault
import Foundation
import Testing
@testable import RAGVault

/// Invariants 1–4 for the vector leg: property-based over random tenants, ACLs, principals and
/// vectors, against references that check every row's ACL in Swift and score in Swift.
@Suite(.serialized) struct VectorSearchTests {
    @Test(arguments: [11, 22] as [UInt64])
    func vectorTopKIsExactlyThatOfThePermittedRows(seed: UInt64) throws {
        let vw = try VectorWorld(seed: seed)
        defer { vw.world.vault.close() }
        var random = SplitMix64(seed: seed &* 5)
        var nonEmpty = 0
        for round in 0..<80 {
            let tenant = RetrievalWorld.pick(vw.world.tenants, &random)
            let principal = try RetrievalWorld.randomPrincipal(tenant: tenant, &random)
            let raw = VectorWorld.rawVector(&random)
            let topK = 1 + Int(random.next() % 10)
            let query = try QuantizedVector(raw, dims: VectorWorld.dims, what: "v", code: .queryInvalid)
            let request = SearchRequest(query: "", topK: topK, mode: .vector, vector: raw)
            let ranking = try vw.ranked(tenant: tenant, principal: principal, request: request)
            #expect(ranking.mode == .vector)
            let reference = try vw.vectorReference(tenant: tenant, principal: principal, query: query, limit: 10_000)
            let expected = try vw.perDocument(tenant: tenant, reference.map(\.0), topK: topK)
            #expect(ranking.hits.map(\.chunkID) == expected, "round \(round) as \(principal)")
            let scores = Dictionary(uniqueKeysWithValues: reference)
            // Bit-identical int8 scores: the same Float arithmetic on the same integers.
            #expect(ranking.hits.allSatisfy { scores[$0.chunkID] == $0.score }, "round \(round)")
            #expect(ranking.hits.allSatisfy { $0.ranks?.text == nil && $0.ranks?.vector != nil })
            let result = try vw.world.retriever.search(request, as: principal)
            #expect(result.searchMode == .vector)
            for passage in result.results {
                let acl = try #require(vw.world.acls[tenant]?[passage.documentID])
                #expect(RetrievalWorld.permits(acl, principal), "\(passage.documentID) returned to \(principal)")
            }
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 40)
    }

    @Test func theSIMDAndPortablePathsRankAlike() throws {
        let vw = try VectorWorld(seed: 5, tenants: 1, documents: 60)
        defer { vw.world.vault.close() }
        var random = SplitMix64(seed: 55)
        let everyone = try Principal.impersonating(
            tenant: "t0", subject: "u0", roles: RetrievalWorld.roles.map { String($0.dropFirst(5)) },
            groups: RetrievalWorld.groups.map { String($0.dropFirst(6)) })
        for _ in 0..<20 {
            let request = SearchRequest(query: "", topK: 10, mode: .vector, vector: VectorWorld.rawVector(&random))
            let fast = try vw.ranked(tenant: "t0", principal: everyone, request: request)
            vault_vector_force_scalar(1)
            defer { vault_vector_force_scalar(0) }
            let portable = try vw.ranked(tenant: "t0", principal: everyone, request: request)
            #expect(fast.hits.map(\.chunkID) == portable.hits.map(\.chunkID))
            #expect(fast.hits.map(\.score) == portable.hits.map(\.score))
        }
    }

    @Test func hybridIsTheFusionOfTheTwoReferenceLists() throws {
        let vw = try VectorWorld(seed: 33)
        defer { vw.world.vault.close() }
        var random = SplitMix64(seed: 333)
        var fusedSomething = 0
        for round in 0..<60 {
            let tenant = RetrievalWorld.pick(vw.world.tenants, &random)
            let principal = try RetrievalWorld.randomPrincipal(tenant: tenant, &random)
            let text = RetrievalWorld.pick(RetrievalWorld.vocabulary, &random) + " " + RetrievalWorld.pick(RetrievalWorld.vocabulary, &random)
            let raw = VectorWorld.rawVector(&random)
            let fusion: Fusion = round % 2 == 0 ? .rrf(k: 60, text: 1, vector: 0.5) : .convex(alpha: 0.3)
            let topK = 1 + Int(random.next() % 8)
            let request = SearchRequest(query: text, topK: topK, mode: .hybrid, vector: raw, fusion: fusion)
            let ranking = try vw.ranked(tenant: tenant, principal: principal, request: request)
            #expect(ranking.mode == .hybrid)
            let query = try QuantizedVector(raw, dims: VectorWorld.dims, what: "v", code: .queryInvalid)
            let vectorLeg = try vw.vectorReference(tenant: tenant, principal: principal, query: query, limit: Fusion.legDepth)
            let textLeg = try vw.world.reference(tenant: tenant, principal: principal, query: text, topK: Fusion.legDepth, perDocument: false)
            // Fused here by its definition, independently of Fusion.fuse.
            var score: [Int64: Double] = [:]
            switch fusion {
            case .rrf(let k, let wt, let wv):
                for (i, hit) in textLeg.enumerated() { score[hit.0, default: 0] += wt / (k + Double(i + 1)) }
                for (i, hit) in vectorLeg.enumerated() { score[hit.0, default: 0] += wv / (k + Double(i + 1)) }
            case .convex(let alpha):
                func scaled(_ leg: [(Int64, Double)], _ weight: Double) {
                    let low = leg.map(\.1).min() ?? 0, high = leg.map(\.1).max() ?? 0
                    for hit in leg { score[hit.0, default: 0] += weight * (high > low ? (hit.1 - low) / (high - low) : 1) }
                }
                scaled(textLeg, 1 - alpha)
                scaled(vectorLeg, alpha)
            }
            let order = score.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            let expected = try vw.perDocument(tenant: tenant, order, topK: topK)
            #expect(ranking.hits.map(\.chunkID) == expected, "round \(round) \(fusion)")
            for hit in ranking.hits {
                #expect(hit.ranks?.text == textLeg.firstIndex { $0.0 == hit.chunkID }.map { $0 + 1 })
                #expect(hit.ranks?.vector == vectorLeg.firstIndex { $0.0 == hit.chunkID }.map { $0 + 1 })
            }
            if ranking.hits.contains(where: { $0.ranks?.text != nil && $0.ranks?.vector != nil }) { fusedSomething += 1 }
        }
        #expect(fusedSomething > 5, "too few hits found by both legs to prove the fusion")
    }

    @Test func hiddenVectorsChangeNoVisibleScoreOrRank() throws {
        let vw = try VectorWorld(seed: 44, tenants: 1)
        defer { vw.world.vault.close() }
        var random = SplitMix64(seed: 444)
        let store = try vw.world.vault.store(for: "t0")
        for _ in 0..<15 {
            let principal = try RetrievalWorld.randomPrincipal(tenant: "t0", &random)
            let raw = VectorWorld.rawVector(&random)
            let request = SearchRequest(query: "alpha", topK: 10, mode: .hybrid, vector: raw, fusion: .convex(alpha: 0.5))
            let before = try vw.ranked(tenant: "t0", principal: principal, request: request)
            // The query's own vector, on a document stuffed with every word that this principal may not read.
            let mine = try principal.aclPrincipals().filter { $0 != "tenant:*" }
            var hidden = DocumentRecord(
                externalID: "hidden", title: RetrievalWorld.vocabulary.joined(separator: " "), contentHash: "h",
                acl: AccessList(allow: RetrievalWorld.roles + RetrievalWorld.groups + RetrievalWorld.users + ["tenant:*"], deny: mine),
                chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: 0, text: RetrievalWorld.vocabulary.joined(separator: " "))])
            hidden.vector = StoredVector(model: "test-model", vector: try QuantizedVector(raw, dims: VectorWorld.dims, what: "v", code: .invalidInput))
            try store.putDocument(hidden)
            let during = try vw.ranked(tenant: "t0", principal: principal, request: request)
            #expect(during.hits.map(\.chunkID) == before.hits.map(\.chunkID))
            #expect(during.hits.map(\.score) == before.hits.map(\.score))
            #expect(during.hits.map(\.ranks) == before.hits.map(\.ranks))
            try store.deleteDocument(externalID: "hidden")
        }
    }

    @Test func anotherTenantsVectorFindsNothingOfIt() throws {
        let vw = try VectorWorld(seed: 66, tenants: 2, documents: 20)
        defer { vw.world.vault.close() }
        let everyone = try Principal.impersonating(
            tenant: "t0", subject: "u0", roles: RetrievalWorld.roles.map { String($0.dropFirst(5)) },
            groups: RetrievalWorld.groups.map { String($0.dropFirst(6)) })
        let other = try vw.world.vault.store(for: "t1")
        let theirs = try other.withConnection { db in
            try db.query("SELECT scale, data FROM chunk_vectors").map { row in
                QuantizedVector(scale: row[0].double!, bytes: row[1].bytes!)!.values.map { Float($0) }
            }
        }
        #expect(theirs.count >= 20)
        for vector in theirs {
            let result = try vw.world.retriever.search(SearchRequest(query: "", topK: 50, mode: .vector, vector: vector), as: everyone)
            #expect(result.results.allSatisfy { $0.documentID.hasPrefix("t0-") })
            #expect(result.results.allSatisfy { ($0.score) < 0.999 }, "a t1 vector matched itself")
        }
    }
}
