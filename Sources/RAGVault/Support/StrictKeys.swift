/// Refuses keys a document type does not know. Codable ignores them, so a typo such as
/// `"dney"` for `"deny"` in an access list would silently grant access: fail closed instead.
public struct AnyCodingKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

public enum StrictKeys {
    /// Throws a `DecodingError` naming the first unknown key (its JSON path comes with it).
    public static func check(_ decoder: Decoder, known: Set<String>) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath + [AnyCodingKey(stringValue: unknown)],
                    debugDescription: "unknown key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))"))
        }
    }
}
