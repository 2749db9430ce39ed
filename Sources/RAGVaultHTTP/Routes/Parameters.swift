import Foundation
import Hummingbird

extension APIContext {
    /// A path parameter, percent-decoded (document ids may hold `/`, sent as `%2F`).
    func pathParameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty, value.utf8.count <= 512 else {
            throw APIError.invalid("invalid_path", "the path parameter '\(name)' is not a valid percent-encoded value of 1-512 bytes")
        }
        return value
    }
}
