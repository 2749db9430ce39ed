import Testing

@testable import RAGVault

/// `TopScores` stands in for `ORDER BY score DESC, rowid ASC LIMIT n`: the same rows in the
/// same order, ties and repeated scores included.
@Suite struct TopScoresTests {
    /// SQL's order, written out here rather than taken from `TopScores<Double>.precedes`.
    static func sqlOrder(_ a: (rowid: Int64, score: Double), _ b: (rowid: Int64, score: Double)) -> Bool {
        if a.score != b.score { return a.score > b.score }
        return a.rowid < b.rowid
    }

    @Test func keepsWhatASortAndLimitKeep() {
        var random = SplitMix64(seed: 11)
        for trial in 0..<400 {
            let count = Int(random.next() % 60)
            let limit = Int(random.next() % 25)
            // Few distinct scores, so that ties (decided by rowid) are common.
            let rows = (0..<count).map { _ in (rowid: Int64(random.next() % 1000), score: Double(random.next() % 7) / 2) }
            var top = TopScores<Double>(limit: limit)
            for row in rows { top.offer(rowid: row.rowid, score: row.score) }
            let expected = rows.sorted(by: Self.sqlOrder).prefix(limit)
            #expect(top.rows.map(\.rowid) == expected.map(\.rowid), "trial \(trial)")
            #expect(top.rows.map(\.score) == expected.map(\.score), "trial \(trial)")
        }
    }

    @Test func largeLimitsAndLongStreams() {
        var random = SplitMix64(seed: 12)
        for limit in [1, 30, 300, 1_200] {
            let rows = (0..<3_000).map { n in (rowid: Int64(n), score: Double(random.next() % 500) / 7) }
            var top = TopScores<Double>(limit: limit)
            for row in rows { top.offer(rowid: row.rowid, score: row.score) }
            #expect(top.rows.map(\.rowid) == rows.sorted(by: Self.sqlOrder).prefix(limit).map(\.rowid), "limit \(limit)")
        }
    }

    @Test func aLimitOfZeroKeepsNothing() {
        var top = TopScores<Double>(limit: 0)
        top.offer(rowid: 1, score: 9)
        #expect(top.rows.isEmpty)
    }
}
