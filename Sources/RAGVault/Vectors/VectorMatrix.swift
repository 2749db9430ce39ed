import CVault
import Foundation

/// A tenant's stored vectors for one store generation, in memory: chunk rowids ascending, one
/// scale per vector, and the int8 values row after row. Read-only once made, so searches
/// share it without locks.
package final class VectorMatrix: Sendable {
    let config: VectorConfig
    /// Vectors held (rows of `values`).
    let count: Int
    let scales: [Float]
    let values: [Int8]
    /// Vectors stored under another model or dimension than `config` (not in the matrix).
    let stale: Int
    /// Entry id: the matrix row of chunk rowid `id`, or -1 (the C loop walks the permitted
    /// bitmap and looks rows up here).
    let rowOfID: [Int32]

    package init(config: VectorConfig, ids: [Int64], scales: [Float], values: [Int8], stale: Int) {
        precondition(ids.count == scales.count && values.count == ids.count * config.dims)
        self.config = config
        count = ids.count
        self.scales = scales
        self.values = values
        self.stale = stale
        var rowOfID = [Int32](repeating: -1, count: Int(max(0, (ids.last ?? -1) + 1)))
        for (row, id) in ids.enumerated() where id >= 0 { rowOfID[Int(id)] = Int32(row) }
        self.rowOfID = rowOfID
    }

    var bytes: Int { values.count + count * MemoryLayout<Float>.size + rowOfID.count * MemoryLayout<Int32>.size }

    /// The best `limit` rows among those whose rowid has its bit set in `permitted` (and that
    /// `admits`, when given), best first, ties to the lower rowid. Rows outside `permitted`
    /// are never scored. A score is the cosine similarity as Float(dot) × scale × query scale,
    /// in that order (C, `vault_vector_top`), so a Swift reference gets the same bits.
    package func top(_ query: QuantizedVector, permitted: [UInt8], admits: Set<Int64>? = nil, limit: Int) -> [(rowid: Int64, score: Double)] {
        guard limit > 0, count > 0, query.values.count == config.dims else { return [] }
        var bits = permitted
        if let admits {
            // The caller's filter as a second bitmap, folded into the first.
            var allowed = [UInt8](repeating: 0, count: bits.count)
            for id in admits where id >= 0 && Int(id >> 3) < allowed.count { allowed[Int(id >> 3)] |= UInt8(1 << (id & 7)) }
            for i in bits.indices { bits[i] &= allowed[i] }
        }
        return Self.kernelTop(
            values: values, dims: config.dims, rowOfID: rowOfID, ids: 0..<rowOfID.count, scales: scales, bits: bits, query: query,
            k: min(limit, count)
        ).map { ($0.id, Double($0.score)) }
    }

    /// `vault_vector_top` over the ids in `ids` (a range of `rowOfID`, starting on a multiple
    /// of 8, whose bits are read from that byte of `bits` on); ids come back relative to it.
    package static func kernelTop(
        values: [Int8], dims: Int, rowOfID: [Int32], ids: Range<Int>, scales: [Float], bits: [UInt8], query: QuantizedVector, k: Int
    ) -> [(id: Int64, score: Float)] {
        precondition(ids.lowerBound % 8 == 0 && ids.upperBound <= rowOfID.count && ids.lowerBound / 8 <= bits.count)
        var found = [Int64](repeating: 0, count: k), scores = [Float](repeating: 0, count: k)
        let n = values.withUnsafeBufferPointer { matrix in
            rowOfID.withUnsafeBufferPointer { rowOfID in
                scales.withUnsafeBufferPointer { scales in
                    bits.withUnsafeBufferPointer { bits in
                        query.values.withUnsafeBufferPointer { q in
                            vault_vector_top(
                                matrix.baseAddress, dims, rowOfID.baseAddress! + ids.lowerBound, ids.count, scales.baseAddress,
                                bits.baseAddress! + ids.lowerBound / 8, bits.count - ids.lowerBound / 8, q.baseAddress, query.scale, k, &found,
                                &scores)
                        }
                    }
                }
            }
        }
        return (0..<n).map { (found[$0], scores[$0]) }
    }
}
