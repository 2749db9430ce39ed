import Foundation

/// The encoder's element-wise steps (GELU, softmax) without libm calls. Called per element,
/// erff and expf cost as much as all of the model's matrix products together; these polynomial
/// forms use only arithmetic and bit moves, so the compiler vectorises their loops. They are
/// accurate to ~1e-7, far below what float32 activations carry (the model's reference
/// similarities are checked in the tests).
enum EncoderMath {
    /// e^x by Cephes' single-precision method: x = n ln2 + r, e^r by a degree-6 polynomial,
    /// 2ⁿ by building the exponent bits. Clamped to the range where the result is finite.
    @inline(__always)
    static func exp(_ value: Float) -> Float {
        let x0 = value < -87.3 ? -87.3 : (value > 88.3 ? 88.3 : value)
        // Adding 1.5 × 2²³ rounds x·log2(e) to an integer held in the mantissa's low bits.
        let shifted = x0 * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let x = x0 - n * 0.693_359_375 + n * 2.121_944_4e-4
        var y: Float = 1.987_569_15e-4
        y = y * x + 1.398_199_95e-3
        y = y * x + 8.333_451_9e-3
        y = y * x + 4.166_579_59e-2
        y = y * x + 1.666_666_55e-1
        y = y * x + 5.000_000_12e-1
        y = y * (x * x) + x + 1
        let exponent = (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23
        return y * Float(bitPattern: exponent)
    }

    /// erf(x) by Abramowitz and Stegun 7.1.26 (absolute error ≤ 1.5e-7), odd in x.
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let a = x < 0 ? -x : x
        let t = 1 / (1 + 0.327_591_1 * a)
        var poly: Float = 1.061_405_429
        poly = poly * t - 1.453_152_027
        poly = poly * t + 1.421_413_741
        poly = poly * t - 0.284_496_736
        poly = poly * t + 0.254_829_592
        let magnitude = 1 - poly * t * exp(-a * a)
        return x < 0 ? -magnitude : magnitude
    }

    /// GELU as BERT defines it (with erf, not the tanh approximation), in place.
    static func gelu(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = 0.5 * p[i] * (1 + erf(p[i] * 0.707_106_781_186_547_5)) }
        }
    }

    /// Each row of a rows × width matrix replaced by its softmax, in place.
    static func softmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = values + r * width
            var top = -Float.infinity
            for c in 0..<width where row[c] > top { top = row[c] }
            for c in 0..<width { row[c] = exp(row[c] - top) }
            // Eight running sums: a single one would keep the loop from being vectorised.
            var sums = SIMD8<Float>.zero
            let whole = width / 8 * 8
            var c = 0
            while c < whole {
                sums += UnsafeRawPointer(row + c).loadUnaligned(as: SIMD8<Float>.self)
                c += 8
            }
            var sum = sums.sum()
            for c in whole..<width { sum += row[c] }
            let inverse = 1 / sum
            for c in 0..<width { row[c] *= inverse }
        }
    }
}
