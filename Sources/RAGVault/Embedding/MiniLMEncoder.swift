import COpenBLAS
import Foundation

/// A BERT encoder with mean pooling and unit length — all-MiniLM-L6-v2's architecture (6
/// layers, 384 hidden, 12 heads, GELU, post-layer-norm) — run on the system BLAS.
final class MiniLMEncoder: Sendable {
    struct Layer {
        /// Query, key and value as one product (x read and packed once): rows hold q | k | v.
        let queryKeyValue: Linear
        let attentionOut, intermediate, output: Linear
        let attentionNorm, outputNorm: LayerNorm
    }

    /// y = x Wᵀ + b, W stored [out, in] as PyTorch keeps it.
    struct Linear {
        let weight: [Float]
        let bias: [Float]
        let input: Int, output: Int

        init(_ tensors: SafeTensors, _ name: String, input: Int, output: Int) throws {
            try self.init(tensors, stacking: [name], input: input, output: output)
        }

        /// Several same-input layers as one: their outputs side by side.
        init(_ tensors: SafeTensors, stacking names: [String], input: Int, output: Int) throws {
            var weight: [Float] = [], bias: [Float] = []
            for name in names {
                weight += try tensors.tensor(name + ".weight", [output, input])
                bias += try tensors.tensor(name + ".bias", [output])
            }
            (self.weight, self.bias, self.input, self.output) = (weight, bias, input, output * names.count)
        }

        /// `rows` × input → rows × output.
        func apply(_ x: [Float], rows: Int) -> [Float] {
            var y = [Float](repeating: 0, count: rows * output)
            for r in 0..<rows { y.replaceSubrange(r * output..<(r + 1) * output, with: bias) }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(output), Int32(input), 1, x, Int32(input), weight, Int32(input), 1,
                &y, Int32(output))
            return y
        }
    }

    struct LayerNorm {
        let gamma: [Float], beta: [Float]
        let epsilon: Float = 1e-12

        init(_ tensors: SafeTensors, _ name: String, width: Int) throws {
            gamma = try tensors.tensor(name + ".weight", [width])
            beta = try tensors.tensor(name + ".bias", [width])
        }

        func apply(_ x: inout [Float], rows: Int) {
            let width = gamma.count
            x.withUnsafeMutableBufferPointer { p in
                gamma.withUnsafeBufferPointer { g in
                    beta.withUnsafeBufferPointer { b in
                        for r in 0..<rows {
                            let row = UnsafeMutableBufferPointer(rebasing: p[r * width..<(r + 1) * width])
                            var mean: Float = 0
                            for v in row { mean += v }
                            mean /= Float(width)
                            var variance: Float = 0
                            for v in row { variance += (v - mean) * (v - mean) }
                            let scale = 1 / (variance / Float(width) + epsilon).squareRoot()
                            for i in 0..<width { row[i] = (row[i] - mean) * scale * g[i] + b[i] }
                        }
                    }
                }
            }
        }
    }

    let hidden = MiniLMEncoder.hidden, heads = 12
    static let hidden = 384, intermediateSize = 1536, maxPositions = 512
    let wordEmbeddings: [Float], positionEmbeddings: [Float], typeEmbeddings: [Float]
    let embeddingNorm: LayerNorm
    let layers: [Layer]

    init(_ tensors: SafeTensors, vocabulary: Int) throws {
        let (hidden, intermediateSize, maxPositions) = (Self.hidden, Self.intermediateSize, Self.maxPositions)
        wordEmbeddings = try tensors.tensor("embeddings.word_embeddings.weight", [vocabulary, hidden])
        positionEmbeddings = try tensors.tensor("embeddings.position_embeddings.weight", [maxPositions, hidden])
        typeEmbeddings = try tensors.tensor("embeddings.token_type_embeddings.weight", [2, hidden])
        embeddingNorm = try LayerNorm(tensors, "embeddings.LayerNorm", width: hidden)
        layers = try (0..<6).map { i in
            let p = "encoder.layer.\(i)."
            return Layer(
                queryKeyValue: try Linear(
                    tensors, stacking: ["query", "key", "value"].map { p + "attention.self." + $0 }, input: hidden, output: hidden),
                attentionOut: try Linear(tensors, p + "attention.output.dense", input: hidden, output: hidden),
                intermediate: try Linear(tensors, p + "intermediate.dense", input: hidden, output: intermediateSize),
                output: try Linear(tensors, p + "output.dense", input: intermediateSize, output: hidden),
                attentionNorm: try LayerNorm(tensors, p + "attention.output.LayerNorm", width: hidden),
                outputNorm: try LayerNorm(tensors, p + "output.LayerNorm", width: hidden))
        }
    }

    /// The unit-length mean of the last layer's token states for one sequence of ids.
    func embed(_ ids: [Int32]) -> [Float] {
        let n = ids.count
        var x = [Float](repeating: 0, count: n * hidden)
        for (t, id) in ids.enumerated() {
            for i in 0..<hidden {
                x[t * hidden + i] = wordEmbeddings[Int(id) * hidden + i] + positionEmbeddings[t * hidden + i] + typeEmbeddings[i]
            }
        }
        embeddingNorm.apply(&x, rows: n)
        for layer in layers {
            var attended = layer.attentionOut.apply(attention(layer, x, n), rows: n)
            for i in 0..<attended.count { attended[i] += x[i] }
            layer.attentionNorm.apply(&attended, rows: n)
            var inner = layer.intermediate.apply(attended, rows: n)
            EncoderMath.gelu(&inner)
            var out = layer.output.apply(inner, rows: n)
            for i in 0..<out.count { out[i] += attended[i] }
            layer.outputNorm.apply(&out, rows: n)
            x = out
        }
        var pooled = [Float](repeating: 0, count: hidden)
        for t in 0..<n { for i in 0..<hidden { pooled[i] += x[t * hidden + i] } }
        let norm = pooled.reduce(0) { $0 + Double($1 / Float(n)) * Double($1 / Float(n)) }.squareRoot()
        return pooled.map { Float(Double($0 / Float(n)) / max(norm, 1e-12)) }
    }

    /// Multi-head self-attention over one sequence (no padding: every token attends to every one).
    private func attention(_ layer: Layer, _ x: [Float], _ n: Int) -> [Float] {
        let qkv = layer.queryKeyValue.apply(x, rows: n)
        let (width, stride) = (hidden / heads, 3 * hidden)
        let scale = 1 / Float(width).squareRoot()
        var context = [Float](repeating: 0, count: n * hidden)
        var scores = [Float](repeating: 0, count: n * n)
        for h in 0..<heads {
            qkv.withUnsafeBufferPointer { p in
                let (q, k) = (p.baseAddress! + h * width, p.baseAddress! + hidden + h * width)
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(width), scale, q, Int32(stride), k, Int32(stride), 0,
                    &scores, Int32(n))
            }
            scores.withUnsafeMutableBufferPointer { EncoderMath.softmaxRows($0.baseAddress!, rows: n, width: n) }
            qkv.withUnsafeBufferPointer { p in
                context.withUnsafeMutableBufferPointer { cp in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(width), Int32(n), 1, scores, Int32(n),
                        p.baseAddress! + 2 * hidden + h * width, Int32(stride), 0, cp.baseAddress! + h * width, Int32(hidden))
                }
            }
        }
        return context
    }
}
