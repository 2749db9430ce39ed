import CVault
import Foundation

/// A tenant's stored vectors for one store generation, in memory: chunk rowids ascending, one
/// scale per vector, and the int8 values row after row. Read-only once made, so searches
/// share it without locks.
package final class VectorMatrix: Sendable {
    let config: VectorConfig
    let ids: [Int64]
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
        self.ids = ids
        self.scales = scales
        self.values = values
        self.stale = stale
        var rowOfID = [Int32](repeating: -1, count: Int(max(0, (ids.last ?? -1) + 1)))
        for (row, id) in ids.enumerated() where id >= 0 { rowOfID[Int(id)] = Int32(row) }
        self.rowOfID = rowOfID
    }

    var count: Int { ids.count }
    var bytes: Int { values.count + ids.count * (MemoryLayout<Int64>.size + MemoryLayout<Float>.size) + rowOfID.count * 4 }

    /// The score of row `i` for a query whose exact dot product with it is `dot`: the cosine
    /// similarity as Float arithmetic in one fixed order, so the SIMD and reference paths
    /// give bit-identical scores.
    @inline(__always)
    static func score(dot: Int32, scale: Float, queryScale: Float) -> Float {
        Float(dot) * scale * queryScale
    }

    /// The best `limit` rows among those whose rowid has its bit set in `permitted` (and that
    /// `admits`, when given), best first, ties to the lower rowid. Rows outside `permitted`
    /// are never scored.
    package func top(_ query: QuantizedVector, permitted: [UInt8], admits: Set<Int64>? = nil, limit: Int) -> [(rowid: Int64, score: Double)] {
        guard limit > 0, count > 0, query.values.count == config.dims else { return [] }
        // Left uninitialised: the C loop writes the first `found` entries, nothing reads past them.
        var found = 0
        var dots = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = 0 }
        let rows = [UInt32](unsafeUninitializedCapacity: count) { rowsOut, rowsInitialized in
            dots = [Int32](unsafeUninitializedCapacity: count) { dotsOut, dotsInitialized in
                found = values.withUnsafeBufferPointer { matrix in
                    rowOfID.withUnsafeBufferPointer { rowOfID in
                        permitted.withUnsafeBufferPointer { bits in
                            query.values.withUnsafeBufferPointer { q in
                                vault_vector_dots(
                                    matrix.baseAddress, config.dims, rowOfID.baseAddress, rowOfID.count, bits.baseAddress, bits.count,
                                    q.baseAddress, rowsOut.baseAddress, dotsOut.baseAddress)
                            }
                        }
                    }
                }
                dotsInitialized = found
            }
            rowsInitialized = found
        }
        var best = TopK(limit: limit)
        for j in 0..<found {
            let i = Int(rows[j])
            if let admits, !admits.contains(ids[i]) { continue }
            best.offer(rowid: ids[i], score: Self.score(dot: dots[j], scale: scales[i], queryScale: query.scale))
        }
        return best.sorted.map { ($0.rowid, Double($0.score)) }
    }
}

/// The best `limit` (score, rowid) pairs seen, by a bounded min-heap: higher score first, then
/// lower rowid.
package struct TopK {
    let limit: Int
    private var heap: [(rowid: Int64, score: Float)] = []

    package init(limit: Int) {
        self.limit = limit
        heap.reserveCapacity(limit)
    }

    /// Whether a ranks above b.
    @inline(__always)
    private static func above(_ a: (rowid: Int64, score: Float), _ b: (rowid: Int64, score: Float)) -> Bool {
        a.score != b.score ? a.score > b.score : a.rowid < b.rowid
    }

    package mutating func offer(rowid: Int64, score: Float) {
        let item = (rowid: rowid, score: score)
        if heap.count < limit {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.above(heap[parent], heap[child]) else { break }
                heap.swapAt(parent, child)
                child = parent
            }
        } else if Self.above(item, heap[0]) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var lowest = parent
                if left < heap.count, Self.above(heap[lowest], heap[left]) { lowest = left }
                if right < heap.count, Self.above(heap[lowest], heap[right]) { lowest = right }
                if lowest == parent { break }
                heap.swapAt(parent, lowest)
                parent = lowest
            }
        }
    }

    package var sorted: [(rowid: Int64, score: Float)] { heap.sorted(by: Self.above) }
}
