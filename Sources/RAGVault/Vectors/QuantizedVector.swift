import Foundation

/// A vector as the store keeps it: scaled to unit length, then quantised to int8 with one
/// scale (its largest magnitude ÷ 127). A dot product of two such vectors times both scales is
/// their cosine similarity to within the quantisation error (about 1e-3 at 384 dims).
package struct QuantizedVector: Equatable, Sendable {
    package let scale: Float
    package let values: [Int8]

    package init(scale: Float, values: [Int8]) {
        self.scale = scale
        self.values = values
    }

    /// Validates and quantises `raw`: exactly `dims` finite numbers, not all zero. `what`
    /// names the vector in the error (`embedding`, `vector`).
    package init(_ raw: [Float], dims: Int, what: String, code: RAGVaultError.Code) throws {
        guard raw.count == dims else {
            throw RAGVaultError(code, "\(what) has \(raw.count) values; this tenant's vectors have \(dims) dimensions")
        }
        var squares = 0.0
        for x in raw {
            guard x.isFinite else { throw RAGVaultError(code, "\(what) holds a value that is not a finite number (NaN or infinity)") }
            squares += Double(x) * Double(x)
        }
        guard squares > 0, squares.isFinite else { throw RAGVaultError(code, "\(what) is a zero vector: it has no direction to compare") }
        let norm = squares.squareRoot()
        let unit = raw.map { Double($0) / norm }
        let largest = unit.reduce(0) { max($0, abs($1)) }
        let step = largest / 127
        scale = Float(step)
        values = unit.map { Int8(max(-127, min(127, ($0 / step).rounded()))) }
    }

    /// The stored form: one byte per dimension.
    var bytes: [UInt8] { values.map { UInt8(bitPattern: $0) } }

    init?(scale: Double, bytes: [UInt8]) {
        guard scale.isFinite, scale > 0 else { return nil }
        self.scale = Float(scale)
        values = bytes.map { Int8(bitPattern: $0) }
    }
}
