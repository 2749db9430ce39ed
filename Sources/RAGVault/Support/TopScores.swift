/// The best `limit` of a stream of scored rowids, by score descending, ties by rowid
/// ascending — what `ORDER BY score DESC, rowid ASC LIMIT n` returns. Kept here rather than
/// in SQL: SQLite answers such a LIMIT with a temporary b-tree made for every statement run,
/// which was a fifth of a search that matches nothing.
struct TopScores {
    let limit: Int
    /// Sorted best first.
    private(set) var rows: [(rowid: Int64, score: Double)] = []

    init(limit: Int) {
        self.limit = max(0, limit)
        rows.reserveCapacity(min(self.limit, 256))
    }

    static func precedes(_ a: (rowid: Int64, score: Double), _ b: (rowid: Int64, score: Double)) -> Bool {
        a.score > b.score || (a.score == b.score && a.rowid < b.rowid)
    }

    mutating func offer(rowid: Int64, score: Double) {
        let row = (rowid: rowid, score: score)
        if rows.count == limit {
            guard let last = rows.last, Self.precedes(row, last) else { return }
            rows.removeLast()
        }
        // Binary search for the first row this one precedes.
        var low = 0, high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if Self.precedes(rows[mid], row) { low = mid + 1 } else { high = mid }
        }
        rows.insert(row, at: low)
    }
}
