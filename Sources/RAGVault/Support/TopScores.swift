/// The best `limit` of a stream of scored rowids, by score descending, ties by rowid
/// ascending — what `ORDER BY score DESC, rowid ASC LIMIT n` returns. Kept here rather than
/// in SQL: SQLite answers such a LIMIT with a temporary b-tree made for every statement run,
/// which was a fifth of a search that matches nothing. (The benchmarks' exact vector search
/// keeps its best rows with it too, hence inlinable.)
package struct TopScores<Score: Comparable> {
    package typealias Row = (rowid: Int64, score: Score)
    package let limit: Int
    /// A binary heap whose root is the worst row kept: a better row replaces it in log(limit)
    /// steps, whatever the limit (a search that retries with a larger one asks for hundreds).
    @usableFromInline var heap: [Row] = []

    @inlinable package init(limit: Int) {
        self.limit = max(0, limit)
        heap.reserveCapacity(min(self.limit, 256))
    }

    /// Best first.
    @inlinable package var rows: [Row] { heap.sorted(by: Self.precedes) }

    @inlinable package static func precedes(_ a: Row, _ b: Row) -> Bool {
        a.score > b.score || (a.score == b.score && a.rowid < b.rowid)
    }

    @inlinable package mutating func offer(rowid: Int64, score: Score) {
        let row = (rowid: rowid, score: score)
        if heap.count < limit {
            heap.append(row)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.precedes(heap[parent], heap[child]) else { break }
                heap.swapAt(parent, child)
                child = parent
            }
        } else if limit > 0, Self.precedes(row, heap[0]) {
            heap[0] = row
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count, Self.precedes(heap[worst], heap[left]) { worst = left }
                if right < heap.count, Self.precedes(heap[worst], heap[right]) { worst = right }
                guard worst != parent else { break }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
    }
}
