import COpenBLAS
import CVault
import Foundation
import RAGVault

/// `ragvault bench ann`: whether an approximate index (IVF: k-means lists, the closest lists
/// probed) would earn its place beside the exact vector leg. It ships only if, with 1 %, 10 %
/// and 100 % of a tenant permitted, it keeps recall@10 ≥ 0.95 against exact search and is ≥ 3×
/// faster at 1M chunks — never returning fewer than k permitted rows. The scopes are random
/// rows, not clusters: who may read a document has nothing to do with what it is about.
///
/// The vectors are synthetic but clustered (rows scattered around a few thousand centres), the
/// shape that favours IVF; queries come from the same distribution, not from the rows. The IVF
/// scan uses the same int8 kernel and permitted-rows bitmap as the exact leg (each list stored
/// contiguously), so the comparison is of the index, not of the arithmetic.
public enum ANNBenchmark {
    public struct Row: Encodable, Sendable {
        public var scope: Double
        public var probes: Int
        public var recall: Double
        public var p50Ms: Double
        public var exactP50Ms: Double
        /// exact ÷ IVF at p50 (target ≥ 3).
        public var speedup: Double
        /// Lists scanned on average (more than `probes` when fewer than k permitted rows were found).
        public var listsScanned: Double
        public var fewerThanK: Int
    }

    public struct Report: Encodable, Sendable {
        public var rows: Int
        public var dims: Int
        public var lists: Int
        public var buildSeconds: Double
        public var results: [Row]
        /// Whether some probe count meets both targets at every scope.
        public var ships: Bool
    }

    public static func run(
        rows: Int = 1_000_000, dims: Int = 384, lists: Int = 1024, probes: [Int] = [8, 16, 32, 64, 128], queries: Int = 50,
        scopes: [Double] = [0.01, 0.1, 1], progress: (String) -> Void = { _ in }
    ) throws -> Report {
        var random = SplitMix64(seed: 1_000_003)
        let centres = 4096
        let centre = (0..<(centres * dims)).map { _ in uniform(&random) }
        progress("generating \(rows) × \(dims) clustered vectors")
        var values = [Int8](repeating: 0, count: rows * dims), scales = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            let q = try QuantizedVector(clustered(centre, dims: dims, &random), dims: dims, what: "v", code: .invalidInput)
            values.replaceSubrange(r * dims..<(r + 1) * dims, with: q.values)
            scales[r] = q.scale
        }
        let exact = VectorMatrix(config: VectorConfig(model: "bench", dims: dims), ids: (0..<Int64(rows)).map { $0 }, scales: scales, values: values, stale: 0)
        progress("building the IVF index (\(lists) lists)")
        let started = Date()
        let index = IVFIndex(values: values, scales: scales, dims: dims, lists: lists, random: &random)
        let buildSeconds = Date().timeIntervalSince(started)
        let questions = try (0..<queries).map { _ in try QuantizedVector(clustered(centre, dims: dims, &random), dims: dims, what: "q", code: .invalidInput) }
        var results: [Row] = []
        for scope in scopes {
            var bits = [UInt8](repeating: 0, count: rows / 8 + 1)
            for r in 0..<rows where scope >= 1 || Double(random.next() % 1_000_000) < scope * 1_000_000 { bits[r >> 3] |= UInt8(1 << (r & 7)) }
            let ivfBits = index.permuted(bits)
            var truth: [[Int64]] = [], exactTimes: [Double] = []
            for q in questions {
                var top: [(rowid: Int64, score: Double)] = []
                exactTimes.append(Stopwatch.time { top = exact.top(q, permitted: bits, limit: 10) } * 1000)
                truth.append(top.map(\.rowid))
            }
            for probe in probes {
                var times: [Double] = [], recall = 0.0, scanned = 0, short = 0
                for (q, expected) in zip(questions, truth) {
                    var found: (ids: [Int64], lists: Int) = ([], 0)
                    times.append(Stopwatch.time { found = index.top(q, permitted: ivfBits, probes: probe, k: 10) } * 1000)
                    recall += Double(Set(found.ids).intersection(expected).count) / Double(max(1, expected.count))
                    scanned += found.lists
                    if found.ids.count < expected.count { short += 1 }
                }
                let p50 = Percentiles(times).p50, exactP50 = Percentiles(exactTimes).p50
                results.append(
                    Row(
                        scope: scope, probes: probe, recall: recall / Double(queries), p50Ms: p50, exactP50Ms: exactP50,
                        speedup: exactP50 / p50, listsScanned: Double(scanned) / Double(queries), fewerThanK: short))
                progress(
                    String(
                        format: "scope %.0f %%, %d probes: recall %.3f, %.2f ms vs exact %.2f ms", scope * 100, probe, recall / Double(queries), p50,
                        exactP50))
            }
        }
        let ships = probes.contains { probe in
            scopes.allSatisfy { scope in
                results.contains { $0.scope == scope && $0.probes == probe && $0.recall >= 0.95 && $0.speedup >= 3 && $0.fewerThanK == 0 }
            }
        }
        return Report(rows: rows, dims: dims, lists: lists, buildSeconds: buildSeconds, results: results, ships: ships)
    }

    static func uniform(_ random: inout SplitMix64) -> Float { Float(Int(random.next() % 20_001) - 10_000) / 10_000 }

    /// A centre chosen at random plus noise of about the same norm: neighbours share a centre
    /// with cosine ~0.5, unrelated rows are near 0.
    static func clustered(_ centres: [Float], dims: Int, _ random: inout SplitMix64) -> [Float] {
        let c = Int(random.next() % UInt64(centres.count / dims)) * dims
        return (0..<dims).map { centres[c + $0] + uniform(&random) }
    }
}

/// An inverted-file index over int8 rows: k-means centres (float, on the system BLAS), each
/// row in the list of its closest centre, lists stored contiguously and padded to 8 rows so that
/// each list's part of a permitted-rows bitmap starts on a byte.
struct IVFIndex {
    let dims: Int
    let centres: [Float]
    let listCount: Int
    /// Rows in list order; `start[l]..<start[l + 1]` is list l (padding rows have no vector).
    let values: [Int8]
    let scales: [Float]
    let start: [Int]
    /// position → original row (-1: padding), and the positions' identity map for the kernel.
    let original: [Int32]
    let identity: [Int32]

    init(values source: [Int8], scales sourceScales: [Float], dims: Int, lists: Int, random: inout SplitMix64) {
        let rows = sourceScales.count
        self.dims = dims
        listCount = lists
        let float = { (row: Int) in (0..<dims).map { Float(source[row * dims + $0]) * sourceScales[row] } }
        // k-means on a sample of 32 rows a list, 8 rounds.
        let sample = (0..<min(rows, lists * 32)).map { _ in Int(random.next() % UInt64(rows)) }
        var sampleRows = [Float]()
        for r in sample { sampleRows += float(r) }
        var centres = [Float]()
        for i in 0..<lists { centres += sampleRows[(i % sample.count) * dims..<(i % sample.count + 1) * dims] }
        for _ in 0..<8 {
            let assignment = Self.closest(sampleRows, count: sample.count, centres: centres, lists: lists, dims: dims)
            var sums = [Float](repeating: 0, count: lists * dims), counts = [Int](repeating: 0, count: lists)
            for (i, l) in assignment.enumerated() {
                counts[l] += 1
                for d in 0..<dims { sums[l * dims + d] += sampleRows[i * dims + d] }
            }
            for l in 0..<lists where counts[l] > 0 {
                var norm: Float = 0
                for d in 0..<dims { norm += sums[l * dims + d] * sums[l * dims + d] }
                norm = max(norm.squareRoot(), 1e-12)
                for d in 0..<dims { centres[l * dims + d] = sums[l * dims + d] / norm }
            }
        }
        self.centres = centres
        // Every row to its closest centre, a block at a time.
        var listOf = [Int](repeating: 0, count: rows)
        let block = 8192
        for first in stride(from: 0, to: rows, by: block) {
            let n = min(block, rows - first)
            var floats = [Float](repeating: 0, count: n * dims)
            for i in 0..<n { for d in 0..<dims { floats[i * dims + d] = Float(source[(first + i) * dims + d]) } }
            let closest = Self.closest(floats, count: n, centres: centres, lists: lists, dims: dims)
            for i in 0..<n { listOf[first + i] = closest[i] }
        }
        var members = [[Int]](repeating: [], count: lists)
        for r in 0..<rows { members[listOf[r]].append(r) }
        var start = [0], original = [Int32]()
        for l in 0..<lists {
            original += members[l].map { Int32($0) }
            while original.count % 8 != 0 { original.append(-1) }
            start.append(original.count)
        }
        var values = [Int8](repeating: 0, count: original.count * dims), scales = [Float](repeating: 0, count: original.count)
        for (p, r) in original.enumerated() where r >= 0 {
            values.replaceSubrange(p * dims..<(p + 1) * dims, with: source[Int(r) * dims..<(Int(r) + 1) * dims])
            scales[p] = sourceScales[Int(r)]
        }
        (self.values, self.scales, self.start, self.original) = (values, scales, start, original)
        identity = original.indices.map { original[$0] >= 0 ? Int32($0) : -1 }
    }

    /// Index of the closest centre (largest dot product) for each of `count` rows.
    static func closest(_ rows: [Float], count: Int, centres: [Float], lists: Int, dims: Int) -> [Int] {
        var dots = [Float](repeating: 0, count: count * lists)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(lists), Int32(dims), 1, rows, Int32(dims), centres, Int32(dims), 0,
            &dots, Int32(lists))
        return (0..<count).map { i in
            var best = 0
            for l in 1..<lists where dots[i * lists + l] > dots[i * lists + best] { best = l }
            return best
        }
    }

    /// A bitmap over original rows as one over list positions.
    func permuted(_ bits: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: original.count / 8 + 1)
        for (p, r) in original.enumerated() where r >= 0 && bits[Int(r) >> 3] & UInt8(1 << (r & 7)) != 0 { out[p >> 3] |= UInt8(1 << (p & 7)) }
        return out
    }

    /// The k best permitted rows (original row numbers) in the `probes` lists closest to the
    /// query — and further lists, closest first, until k permitted rows are found.
    func top(_ query: QuantizedVector, permitted: [UInt8], probes: Int, k: Int) -> (ids: [Int64], lists: Int) {
        var q = [Float](repeating: 0, count: dims)
        for d in 0..<dims { q[d] = Float(query.values[d]) }
        var centreScores = [Float](repeating: 0, count: listCount)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(listCount), Int32(dims), 1, centres, Int32(dims), q, 1, 0, &centreScores, 1)
        let order = centreScores.indices.sorted { centreScores[$0] > centreScores[$1] }
        var best = TopScores<Float>(limit: k), found = 0, scanned = 0
        for l in order where scanned < probes || found < k {
            scanned += 1
            guard start[l + 1] > start[l] else { continue }
            let hits = VectorMatrix.kernelTop(
                values: values, dims: dims, rowOfID: identity, ids: start[l]..<start[l + 1], scales: scales, bits: permitted, query: query, k: k)
            found += hits.count
            for hit in hits { best.offer(rowid: Int64(original[start[l] + Int(hit.id)]), score: hit.score) }
        }
        return (best.rows.map(\.rowid), scanned)
    }
}
