import Foundation
import Testing

@testable import RAGVault

/// The encoder's libm-free exp and erf against libm over their whole working range, and
/// softmax rows that sum to one whatever their scale.
@Suite struct EncoderMathTests {
    @Test func expFollowsLibmToSinglePrecision() {
        var worst: Float = 0
        for step in 0...200_000 {
            let x = -87 + Float(step) * (175 / 200_000)
            worst = max(worst, abs(EncoderMath.exp(x) - expf(x)) / expf(x))
        }
        #expect(worst < 5e-7, "relative error \(worst)")
        #expect(EncoderMath.exp(-1000) >= 0 && EncoderMath.exp(-1000) < 1e-37)
        #expect(EncoderMath.exp(1000).isFinite)
    }

    @Test func erfFollowsLibmToAMillionth() {
        var worst: Float = 0
        for step in 0...200_000 {
            let x = -8 + Float(step) * (16 / 200_000)
            worst = max(worst, abs(EncoderMath.erf(x) - erff(x)))
        }
        // 1.5e-7 is the formula's bound in exact arithmetic; evaluating it in float32 adds rounding.
        #expect(worst < 1e-6, "absolute error \(worst)")
    }

    @Test func geluIsBertsExactForm() {
        var values = (0..<1_001).map { Float($0 - 500) / 50 }
        let reference = values.map { 0.5 * $0 * (1 + erff($0 / Float(2).squareRoot())) }
        EncoderMath.gelu(&values)
        for (got, want) in zip(values, reference) { #expect(abs(got - want) < 1e-5 * max(1, abs(want))) }
    }

    @Test func softmaxRowsSumToOneAtAnyScale() {
        var random = SystemRandomNumberGenerator()
        for width in [1, 7, 8, 9, 31, 256] {
            for scale: Float in [0.01, 1, 50, 500] {
                var rows = (0..<(3 * width)).map { _ in Float.random(in: -scale...scale, using: &random) }
                let reference = (0..<3).map { r -> [Float] in
                    let row = rows[r * width..<(r + 1) * width].map(Double.init)
                    let top = row.max()!
                    let sum = row.reduce(0) { $0 + Foundation.exp($1 - top) }
                    return row.map { Float(Foundation.exp($0 - top) / sum) }
                }
                rows.withUnsafeMutableBufferPointer { EncoderMath.softmaxRows($0.baseAddress!, rows: 3, width: width) }
                for r in 0..<3 {
                    for c in 0..<width { #expect(abs(rows[r * width + c] - reference[r][c]) < 1e-6, "width \(width) scale \(scale)") }
                }
            }
        }
    }
}
