/// Values whose own key says nothing ("Default", "value") but whose surroundings name the
/// credential: a CloudFormation parameter (`MasterPassword:` / `Default: x`) and an environment
/// entry (`- name: DB_PASSWORD` / `value: x`, `{"name": "API_TOKEN", "value": "x"}`).
extension AssignmentDetector {
    private static let valueKeys: [[UInt8]] = ["default", "value", "defaultvalue"].map { Array($0.utf8) }
    private static let nameKey = Array("name".utf8)

    /// For a `default:` or `value:` key before the separator at `sep`: the folded name of the
    /// credential its parent mapping or its sibling `name` gives, and where the key starts.
    static func namedBySurroundings(_ s: UnsafeBufferPointer<UInt8>, _ sep: Int) -> ([UInt8], Int)? {
        var end = sep
        while end > 0 && s[end - 1] == 0x20 { end -= 1 }
        if end > 0, s[end - 1] == 0x22 || s[end - 1] == 0x27 { end -= 1 }
        var start = end
        while start > 0 && Bytes.isAlpha(s[start - 1]) && end - start < 16 { start -= 1 }
        guard end > start, valueKeys.contains(where: { $0.count == end - start && Bytes.matchesIgnoringCase(s, start, $0) }) else { return nil }
        let quoteBefore = start > 0 && (s[start - 1] == 0x22 || s[start - 1] == 0x27)
        // A sibling "name" on the same line (JSON) or on the lines just above (YAML).
        let lineStart = CredentialStructure.lineStart(s, start)
        let from = max(0, CredentialStructure.lineStart(s, max(0, lineStart - 1)) - 1)
        var k = start - (quoteBefore ? 2 : 1)
        while k >= from && k >= 0 {
            if Bytes.matchesIgnoringCase(s, k, nameKey), k == 0 || !Bytes.isWord(s[k - 1]), let name = nameValue(s, k + nameKey.count),
                strength(for: name) != nil
            {
                return (name, start)
            }
            k -= 1
        }
        // The parent mapping: the nearest line above indented less, `Key:` with nothing after.
        let indent = start - lineStart - (quoteBefore ? 1 : 0)
        guard indent > 0, !quoteBefore else { return nil }
        var line = lineStart
        for _ in 0..<8 {
            guard line > 0 else { return nil }
            line = CredentialStructure.lineStart(s, line - 1)
            let text = Bytes.run(s, from: line, limit: 256) { $0 == 0x20 }
            guard text - line < indent else { continue }
            let keyEnd = Bytes.run(s, from: text, limit: 64) { Bytes.isWord($0) || $0 == 0x2E }
            guard keyEnd > text, keyEnd < s.count, s[keyEnd] == 0x3A, CredentialStructure.lineEnd(s, keyEnd) == keyEnd + 1 else { return nil }
            // CamelCase parameter names ("SasToken", "MasterUserPassword") split at their humps.
            var key = [UInt8]()
            for j in text..<keyEnd {
                if j > text, Bytes.isUpper(s[j]), Bytes.isLower(s[j - 1]) { key.append(0x5F) }
                key.append(s[j] == 0x2D || s[j] == 0x2E ? 0x5F : Bytes.lower(s[j]))
            }
            return strength(for: key) != nil ? (key, start) : nil
        }
        return nil
    }

    /// The value of a `name` key at `k` (after its closing quote, if any): `: DB_PASSWORD` or
    /// `": "API_TOKEN"`, folded.
    private static func nameValue(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> [UInt8]? {
        var j = k
        if j < s.count, s[j] == 0x22 || s[j] == 0x27 { j += 1 }
        guard j < s.count, s[j] == 0x3A || s[j] == 0x3D else { return nil }
        j += 1
        while j < s.count && s[j] == 0x20 { j += 1 }
        if j < s.count, s[j] == 0x22 || s[j] == 0x27 { j += 1 }
        let end = Bytes.run(s, from: j, limit: 64) { Bytes.isWord($0) || $0 == 0x2E }
        guard end > j else { return nil }
        return foldedKey(s, j, end)
    }
}
