import Foundation
@testable import RAGVault

/// A `RetrievalWorld` whose documents carry random vectors, with references computed the slow
/// way: every row's ACL checked in Swift, every score a Swift loop over the stored int8 values.
struct VectorWorld: @unchecked Sendable {
    static let dims = 40
    let world: RetrievalWorld

    init(seed: UInt64, tenants: Int = 3, documents: Int = 50) throws {
        world = try RetrievalWorld(seed: seed, tenants: tenants, documents: documents)
        var random = SplitMix64(seed: seed &+ 17)
        for tenant in world.tenants {
            let store = try world.vault.store(for: tenant)
            try store.setVectorConfig(VectorConfig(model: "test-model", dims: Self.dims))
            var seeded = SplitMix64(seed: seed &* 3 &+ UInt64(tenant.hashValue & 0xFFFF))
            for i in 0..<documents {
                var doc = RetrievalWorld.randomDocument("\(tenant)-doc\(i)", tenant: tenant, &seeded)
                doc.acl = world.acls[tenant]![doc.externalID]!
                doc.vector = StoredVector(model: "test-model", vector: try Self.randomVector(&random))
                try store.putDocument(doc)
            }
        }
    }

    static func randomVector(_ random: inout SplitMix64) throws -> QuantizedVector {
        try QuantizedVector(rawVector(&random), dims: dims, what: "v", code: .invalidInput)
    }

    static func rawVector(_ random: inout SplitMix64) -> [Float] {
        (0..<dims).map { _ in Float(Int(random.next() % 2001) - 1000) / 1000 + 0.001 }
    }

    /// Chunk-level vector ranking over exactly the rows `principal` may read, best first.
    func vectorReference(tenant: String, principal: Principal, query: QuantizedVector, limit: Int) throws -> [(Int64, Double)] {
        let store = try world.vault.store(for: tenant)
        return try store.withConnection { db in
            var scored: [(Int64, Float)] = []
            for row in try db.query(
                "SELECT v.chunk_id, v.scale, v.data, d.acl_json FROM chunk_vectors v JOIN chunks c ON c.id = v.chunk_id JOIN documents d ON d.id = c.document_id"
            ) {
                let acl = try JSONDecoder().decode(AccessList.self, from: Data(row[3].string!.utf8))
                guard RetrievalWorld.permits(acl, principal) else { continue }
                let values = row[2].bytes!.map { Int8(bitPattern: $0) }
                var dot: Int32 = 0
                for i in 0..<values.count { dot += Int32(values[i]) * Int32(query.values[i]) }
                scored.append((row[0].int!, Float(dot) * Float(row[1].double!) * query.scale))
            }
            scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            return scored.prefix(limit).map { ($0.0, Double($0.1)) }
        }
    }

    /// Keeps each document's best chunk, in order, up to `topK`.
    func perDocument(tenant: String, _ ranked: [Int64], topK: Int) throws -> [Int64] {
        let store = try world.vault.store(for: tenant)
        let documentOf = try store.withConnection { db in
            Dictionary(uniqueKeysWithValues: try db.query("SELECT id, document_id FROM chunks").map { ($0[0].int!, $0[1].int!) })
        }
        var seen = Set<Int64>()
        return Array(ranked.filter { seen.insert(documentOf[$0]!).inserted }.prefix(topK))
    }

    /// The retriever's own ranking (before redaction) of a vector or hybrid request.
    func ranked(tenant: String, principal: Principal, request: SearchRequest) throws -> Retriever.Ranking {
        let prepared = try world.retriever.prepare(request, as: principal)
        return try world.retriever.ranking(prepared, request: request, principal: principal)
    }
}
