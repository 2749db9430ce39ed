/// p50 and p99 of a sample (nearest-rank).
package struct Percentiles {
    package let p50: Double
    package let p99: Double

    package init(_ samples: [Double]) {
        let sorted = samples.sorted()
        func rank(_ q: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)]
        }
        p50 = rank(0.50)
        p99 = rank(0.99)
    }
}
