/// Values whose own key says nothing ("Default", "value") but whose surroundings name the
/// credential: a CloudFormation parameter (`MasterPassword:` / `Default: x`), an environment
/// entry (`- name: DB_PASSWORD` / `value: x`, `{"name": "API_TOKEN", "value": "x"}`), a CI
/// variable (`- key: SMTP_PASSWORD` / `value: x`), a block named by the credential
/// (`"adminPassword": { "value": "x" }`, `variable "db_password" { default = "x" }`).
extension AssignmentDetector {
    private static let valueKeys: [[UInt8]] = ["default", "value", "defaultvalue", "parametervalue"].map { Array($0.utf8) }
    /// Sibling keys that name the entry: Kubernetes and ECS `name`, CI variables' `key`,
    /// CloudFormation's `ParameterKey`.
    private static let nameKeys: [[UInt8]] = ["name", "key", "parameterkey"].map { Array($0.utf8) }

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
        let keys = nameKeys
        while k >= from && k >= 0 {
            // 'n', 'k', 'p': the first letters of the name keys.
            let first = Bytes.lower(s[k])
            if first == 0x6E || first == 0x6B || first == 0x70, k == 0 || !Bytes.isWord(s[k - 1]) {
                // The nearest name is this entry's: a name of another kind ends the search
                // (`<add key="Region" value="…"/>` under `<add key="DbPassword" …/>`).
                for nameKey in keys where Bytes.matchesIgnoringCase(s, k, nameKey) {
                    if let name = nameValue(s, k + nameKey.count) { return strength(for: name) != nil ? (name, start) : nil }
                }
            }
            k -= 1
        }
        if let name = blockName(s, before: start - (quoteBefore ? 1 : 0)), strength(for: name) != nil { return (name, start) }
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

    /// The name of the block a value key stands in, from the line that opens it: JSON's
    /// `"adminPassword": {` (ARM parameter files), HCL's `variable "db_password" {`.
    private static func blockName(_ s: UnsafeBufferPointer<UInt8>, before k: Int) -> [UInt8]? {
        // The nearest '{' above that is not closed before `k`, within a few lines.
        var depth = 0, j = k - 1
        while j >= 0 && k - j < 240 {
            if s[j] == 0x7D { depth += 1 } else if s[j] == 0x7B { if depth == 0 { break }; depth -= 1 }
            j -= 1
        }
        guard j >= 0, s[j] == 0x7B else { return nil }
        var end = j
        while end > 0 && (s[end - 1] == 0x20 || s[end - 1] == 0x09) { end -= 1 }
        if end > 0, s[end - 1] == 0x3A || s[end - 1] == 0x3D { end -= 1 }
        while end > 0 && (s[end - 1] == 0x20 || s[end - 1] == 0x09) { end -= 1 }
        guard end > 0, s[end - 1] == 0x22 || s[end - 1] == 0x27 else { return nil }
        end -= 1
        var start = end
        while start > 0 && (Bytes.isWord(s[start - 1]) || s[start - 1] == 0x2E) && end - start < 64 { start -= 1 }
        guard end > start, start > 0, s[start - 1] == 0x22 || s[start - 1] == 0x27 else { return nil }
        return foldedKey(s, start, end)
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
