import Foundation

/// Decoding of the small JSON values RAGVault itself writes (ACLs, chunk flags) on the hot
/// search path. JSONDecoder costs tens of microseconds per call on Linux; these values are
/// arrays of validated strings without escapes, so a direct scan suffices — with JSONDecoder
/// as the fallback for anything unexpected.
enum StoredJSON {
    /// `["a","b"]` → ["a", "b"].
    static func stringArray(_ json: String) -> [String] {
        if let fast = fastStringArray(Substring(json)) { return fast }
        return (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    /// `{"allow":[...],"deny":[...]}` as written by `JSONEncoder` for `AccessList`.
    static func accessList(_ json: String) -> AccessList? {
        if !json.contains("\\"), let allow = array(named: "allow", in: json) {
            return AccessList(allow: allow, deny: array(named: "deny", in: json) ?? [])
        }
        return try? JSONDecoder().decode(AccessList.self, from: Data(json.utf8))
    }

    private static func array(named key: String, in json: String) -> [String]? {
        guard let keyRange = json.range(of: "\"\(key)\":") else { return nil }
        let rest = json[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
        return fastStringArray(rest[...close])
    }

    private static func fastStringArray(_ json: Substring) -> [String]? {
        guard json.first == "[", json.last == "]", !json.contains("\\") else { return nil }
        let body = json.dropFirst().dropLast()
        if body.allSatisfy({ $0 == " " }) { return [] }
        var result: [String] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            let item = String(trimmed)
            guard item.count >= 2, item.first == "\"", item.last == "\"" else { return nil }
            result.append(String(item.dropFirst().dropLast()))
        }
        return result
    }
}
