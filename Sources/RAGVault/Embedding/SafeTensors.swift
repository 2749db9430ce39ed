import Foundation

/// The float32 tensors of a `.safetensors` file: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the data.
struct SafeTensors {
    struct Tensor {
        let shape: [Int]
        let values: [Float]
    }

    private(set) var tensors: [String: Tensor] = [:]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RAGVaultError(.storeConfiguration, "the model file \(path) cannot be read")
        }
        let bytes = [UInt8](data)
        func invalid(_ why: String) -> RAGVaultError { RAGVaultError(.storeConfiguration, "\(path) is not a usable safetensors file: \(why)") }
        guard bytes.count >= 8 else { throw invalid("too short") }
        let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        guard length > 0, 8 + length <= bytes.count,
            let header = try? JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any]
        else { throw invalid("bad header") }
        let base = 8 + length
        for (name, entry) in header where name != "__metadata__" {
            guard let entry = entry as? [String: Any], let dtype = entry["dtype"] as? String, let shape = entry["shape"] as? [Int],
                let offsets = entry["data_offsets"] as? [Int], offsets.count == 2, offsets[0] <= offsets[1], base + offsets[1] <= bytes.count
            else { throw invalid("bad entry \(name)") }
            guard dtype == "F32" else { continue } // position ids (I64) are implied by position
            let count = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == count * 4 else { throw invalid("\(name) has \(offsets[1] - offsets[0]) bytes for \(count) floats") }
            let values = bytes.withUnsafeBytes { raw in
                (0..<count).map { i in Float(bitPattern: raw.loadUnaligned(fromByteOffset: base + offsets[0] + 4 * i, as: UInt32.self).littleEndian) }
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
    }

    /// The tensor `name`, which must have `shape`.
    func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
        guard let tensor = tensors[name] else { throw RAGVaultError(.storeConfiguration, "the model has no tensor \(name)") }
        guard tensor.shape == shape else {
            throw RAGVaultError(.storeConfiguration, "the model's \(name) has shape \(tensor.shape), expected \(shape)")
        }
        return tensor.values
    }
}
