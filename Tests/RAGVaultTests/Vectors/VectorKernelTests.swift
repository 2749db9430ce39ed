import CVault
import Foundation
import Testing
@testable import RAGVault

/// The C scoring loop (SIMD where the CPU has it) against the portable loop and a Swift
/// reference: the same integers, and only rows whose bit is set.
@Suite(.serialized) struct VectorKernelTests {
    /// Entry id: the row holding chunk id `id`, or -1.
    static func rowOfID(_ ids: [Int64]) -> [Int32] {
        var rows = [Int32](repeating: -1, count: Int((ids.max() ?? -1) + 1))
        for (row, id) in ids.enumerated() where id >= 0 { rows[Int(id)] = Int32(row) }
        return rows
    }

    static func randomValues(_ count: Int, _ random: inout SplitMix64) -> [Int8] {
        (0..<count).map { _ in Int8(truncatingIfNeeded: Int(random.next() % 255) - 127) }
    }

    @Test(arguments: [1, 7, 15, 16, 17, 40, 384, 385, 1024])
    func dotsEqualTheReferenceOnEveryPath(dims: Int) {
        var random = SplitMix64(seed: UInt64(dims) &* 31)
        let rows = 97
        let matrix = Self.randomValues(rows * dims, &random)
        let query = Self.randomValues(dims, &random)
        // Extremes too: every product at its largest magnitude.
        let extremes = [Int8](repeating: -127, count: dims)
        let ids = (0..<Int64(rows)).map { $0 * 3 + Int64(random.next() % 3) }
        var bits = [UInt8](repeating: 0, count: Int(ids.last! / 8) + 1)
        var permitted: [Int] = []
        for (i, id) in ids.enumerated() where random.next() % 3 != 0 {
            bits[Int(id >> 3)] |= UInt8(1 << (id & 7))
            permitted.append(i)
        }
        for q in [query, extremes] {
            let reference = permitted.map { i in (0..<dims).reduce(Int32(0)) { $0 + Int32(matrix[i * dims + $1]) * Int32(q[$1]) } }
            for scalar in [0, 1] {
                vault_vector_force_scalar(Int32(scalar))
                defer { vault_vector_force_scalar(0) }
                var outRows = [UInt32](repeating: 0, count: rows), dots = [Int32](repeating: 0, count: rows)
                let index = Self.rowOfID(ids)
                let found = vault_vector_dots(matrix, dims, index, index.count, bits, bits.count, q, &outRows, &dots)
                #expect(Array(outRows.prefix(found)).map(Int.init) == permitted, "scalar \(scalar)")
                #expect(Array(dots.prefix(found)) == reference, "dims \(dims), scalar \(scalar)")
            }
            #expect(
                vault_vector_dot_scalar(matrix, q, dims) == reference.first.map { _ in
                    (0..<dims).reduce(Int32(0)) { $0 + Int32(matrix[$1]) * Int32(q[$1]) }
                } ?? vault_vector_dot_scalar(matrix, q, dims))
        }
    }

    /// Otherwise the comparisons above would compare the portable loop with itself.
    @Test func theSIMDPathIsTakenWhereTheCPUHasIt() throws {
        #if arch(x86_64)
            let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            if cpu.contains(" avx2") { #expect(vault_vector_path() == 1) }
        #endif
        vault_vector_force_scalar(1)
        #expect(vault_vector_path() == 0)
        vault_vector_force_scalar(0)
    }

    @Test func rowsOutsideTheBitmapAreNeverScored() {
        let dims = 16
        let matrix = [Int8](repeating: 1, count: 4 * dims)
        let query = [Int8](repeating: 1, count: dims)
        // Ids past the bitmap's end, negative ids and unset bits: none is scored.
        let ids: [Int64] = [-1, 3, 64, 9]
        let bits: [UInt8] = [0b0000_0001, 0b0000_0000] // only id 0 (absent)
        var rows = [UInt32](repeating: 0, count: 4), dots = [Int32](repeating: 0, count: 4)
        let index = Self.rowOfID(ids)
        #expect(vault_vector_dots(matrix, dims, index, index.count, bits, bits.count, query, &rows, &dots) == 0)
        let open: [UInt8] = [0xFF, 0xFF]
        #expect(vault_vector_dots(matrix, dims, index, index.count, open, open.count, query, &rows, &dots) == 2) // 3 and 9
        #expect(Array(rows.prefix(2)) == [1, 3])
        // A bitmap longer than the ids, and one shorter (a row added after the scope was made).
        let wide = [UInt8](repeating: 0xFF, count: 64)
        #expect(vault_vector_dots(matrix, dims, index, index.count, wide, wide.count, query, &rows, &dots) == 3) // 3, 9, 64
        #expect(vault_vector_dots(matrix, dims, index, 8, wide, wide.count, query, &rows, &dots) == 1) // ids below 8: 3
    }

    @Test func theFloatBaselineComputesDotProducts() {
        let dims = 19
        let matrix = (0..<(3 * dims)).map { Float($0 % 7) - 3 }
        let query = (0..<dims).map { Float($0 % 5) * 0.5 }
        var out = [Float](repeating: 0, count: 3)
        vault_vector_dots_f32(matrix, 3, dims, query, &out)
        for r in 0..<3 {
            let reference = (0..<dims).reduce(Float(0)) { $0 + matrix[r * dims + $1] * query[$1] }
            #expect(abs(out[r] - reference) < 1e-4)
        }
    }
}
