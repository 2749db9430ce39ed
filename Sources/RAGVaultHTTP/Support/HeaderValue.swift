/// Header field values as HTTP parses them (RFC 9110 §5.5): optional white space around a
/// value is spaces and tabs only. Foundation's `trimmingCharacters(in:)` bridges through
/// NSString and cost a search request about 1 % of the server's time.
enum HeaderValue {
    static func trimmed<S: StringProtocol>(_ value: S) -> Substring {
        let utf8 = Substring(value).utf8
        let isBlank = { (b: UInt8) in b == 0x20 || b == 0x09 }
        guard let first = utf8.firstIndex(where: { !isBlank($0) }), let last = utf8.lastIndex(where: { !isBlank($0) }) else { return "" }
        return Substring(utf8[first...last])
    }

    /// A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8` →
    /// `application/json`.
    static func mediaType(_ value: String?) -> String? {
        value?.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map { trimmed($0).lowercased() }
    }
}
