import RAGVaultBench
import Testing

/// `bench ann`'s IVF harness is only worth its figures if it measures what it says: probing
/// every list must give exactly the exact leg's top 10 at every scope.
@Suite struct ANNHarnessTests {
    @Test func probingEveryListIsExact() throws {
        let report = try ANNBenchmark.run(rows: 2_000, dims: 32, lists: 8, probes: [8], queries: 5, scopes: [0.05, 1])
        #expect(report.results.count == 2)
        for row in report.results { #expect(row.recall == 1 && row.fewerThanK == 0 && row.listsScanned == 8, "\(row)") }
        let partial = try ANNBenchmark.run(rows: 2_000, dims: 32, lists: 8, probes: [1], queries: 5, scopes: [1])
        #expect(partial.results[0].recall < 1 && partial.results[0].listsScanned == 1)
    }
}
