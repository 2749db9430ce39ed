import Testing
@testable import RAGVault

@Suite struct QuantizedVectorTests {
    static func randomVector(_ dims: Int, _ random: inout SplitMix64) -> [Float] {
        (0..<dims).map { _ in Float(Int(random.next() % 20_001) - 10_000) / 10_000 }
    }

    @Test func cosineSurvivesQuantisation() throws {
        var random = SplitMix64(seed: 7)
        for dims in [8, 64, 384] {
            for _ in 0..<200 {
                let a = Self.randomVector(dims, &random), b = Self.randomVector(dims, &random)
                let qa = try QuantizedVector(a, dims: dims, what: "a", code: .invalidInput)
                let qb = try QuantizedVector(b, dims: dims, what: "b", code: .invalidInput)
                let dot = zip(qa.values, qb.values).reduce(Int32(0)) { $0 + Int32($1.0) * Int32($1.1) }
                let approx = Double(Float(dot) * qa.scale * qb.scale)
                let norm = { (v: [Float]) in v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
                let exact = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } / (norm(a) * norm(b))
                #expect(abs(approx - exact) < 0.02, "dims \(dims): \(approx) vs \(exact)")
            }
        }
    }

    @Test func scaleDoesNotMatter() throws {
        let v: [Float] = [3, -4, 0.5, 12]
        let a = try QuantizedVector(v, dims: 4, what: "v", code: .invalidInput)
        let b = try QuantizedVector(v.map { $0 * 1000 }, dims: 4, what: "v", code: .invalidInput)
        #expect(a.values == b.values)
        #expect(a.values.map { abs(Int($0)) }.max() == 127)
    }

    @Test(
        arguments: [
            ([1, 2], "2 values"), ([Float.nan, 1, 1], "finite"), ([1, Float.infinity, 1], "finite"), ([0, 0, 0], "zero vector")
        ] as [([Float], String)])
    func refusals(values: [Float], says: String) {
        #expect {
            _ = try QuantizedVector(values, dims: 3, what: "embedding", code: .invalidInput)
        } throws: { error in
            (error as? RAGVaultError)?.code == .invalidInput && (error as? RAGVaultError)?.message.contains(says) == true
        }
    }

    @Test func storedFormRoundTrips() throws {
        var random = SplitMix64(seed: 3)
        let q = try QuantizedVector(Self.randomVector(40, &random), dims: 40, what: "v", code: .invalidInput)
        #expect(QuantizedVector(scale: Double(q.scale), bytes: q.bytes) == q)
        #expect(QuantizedVector(scale: 0, bytes: q.bytes) == nil)
        #expect(QuantizedVector(scale: .nan, bytes: q.bytes) == nil)
    }
}
