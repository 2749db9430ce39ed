import Foundation

/// Decoding of the small JSON values RAGVault itself writes (ACLs, chunk flags) on the hot
/// search path. JSONDecoder costs tens of microseconds per call on Linux, and even `String`
/// searching walks grapheme clusters; these values are arrays of strings without escapes, so
/// a scan over UTF-8 bytes suffices — with JSONDecoder as the fallback for anything else.
enum StoredJSON {
    /// `["a","b"]` → ["a", "b"].
    static func stringArray(_ json: String) -> [String] {
        if let fast = UTF8Text.withBytes(
            json,
            { bytes -> [String]? in
                var cursor = Cursor(bytes: bytes)
                guard let array = cursor.stringArray(), cursor.atEnd else { return nil }
                return array
            })
        {
            return fast
        }
        return (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    /// `{"allow":[...],"deny":[...]}` as written by `JSONEncoder` for `AccessList`.
    static func accessList(_ json: String) -> AccessList? {
        if let fast = UTF8Text.withBytes(json, fastAccessList) { return fast }
        return try? JSONDecoder().decode(AccessList.self, from: Data(json.utf8))
    }

    /// An object whose keys are "allow" (required) and "deny", each an array of strings.
    private static func fastAccessList(_ bytes: UnsafeBufferPointer<UInt8>) -> AccessList? {
        var cursor = Cursor(bytes: bytes)
        guard cursor.consume(0x7B) else { return nil } // {
        var allow: [String]?, deny: [String]?
        repeat {
            guard let key = cursor.string(), cursor.consume(0x3A), let values = cursor.stringArray() else { return nil }
            switch key {
            case "allow" where allow == nil: allow = values
            case "deny" where deny == nil: deny = values
            default: return nil
            }
        } while cursor.consume(0x2C) // ,
        guard cursor.consume(0x7D), cursor.atEnd, let allow else { return nil } // }
        return AccessList(allow: allow, deny: deny ?? [])
    }

    /// A position in the bytes; every method skips the spaces before what it reads.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool {
            mutating get { skipSpaces(); return i == bytes.count }
        }

        mutating func skipSpaces() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpaces()
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        /// A string without escapes or control characters; nil (fall back) otherwise.
        mutating func string() -> String? {
            guard consume(0x22) else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != 0x22 {
                if bytes[i] == 0x5C || bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }

        mutating func stringArray() -> [String]? {
            guard consume(0x5B) else { return nil } // [
            var result: [String] = []
            if consume(0x5D) { return result } // ]
            repeat {
                guard let s = string() else { return nil }
                result.append(s)
            } while consume(0x2C)
            return consume(0x5D) ? result : nil
        }
    }
}
