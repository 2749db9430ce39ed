/// Finds a key written twice in one JSON object. JSON parsers keep the last one silently, so
/// `{"deny": ["user:bob"], "deny": []}` would quietly drop a deny: documents that decide
/// access or redaction refuse duplicates instead.
public enum JSONDuplicateKeys {
    /// The dotted path of the first duplicate key (e.g. `pii.EMAIL`), or nil. Malformed JSON
    /// returns nil: the parser that runs next reports it.
    public static func first(in bytes: [UInt8]) -> String? {
        var i = 0
        // Each open object: its path and the keys seen so far; arrays push nil.
        var stack: [(path: String, keys: Set<String>)?] = []
        var pendingKey: String?
        func skipSpace() { while i < bytes.count, Bytes.isSpace(bytes[i]) { i += 1 } }
        func string() -> String? {
            guard i < bytes.count, bytes[i] == 0x22 else { return nil }
            var out: [UInt8] = []
            i += 1
            while i < bytes.count, bytes[i] != 0x22 {
                if bytes[i] == 0x5C, i + 1 < bytes.count { out.append(bytes[i]); i += 1 }
                out.append(bytes[i])
                i += 1
            }
            i += 1
            return String(decoding: out, as: UTF8.self)
        }
        while i < bytes.count {
            skipSpace()
            guard i < bytes.count else { break }
            switch bytes[i] {
            case 0x7B: // {
                let parent = stack.last.flatMap { $0 }?.path ?? ""
                let path = pendingKey.map { parent.isEmpty ? $0 : parent + "." + $0 } ?? parent
                stack.append((path, []))
                pendingKey = nil
                i += 1
                // Read a key if one follows.
                skipSpace()
                if let key = string() {
                    stack[stack.count - 1]?.keys.insert(key)
                    pendingKey = key
                }
            case 0x5B: // [
                stack.append(nil)
                pendingKey = nil
                i += 1
            case 0x7D, 0x5D: // } ]
                if !stack.isEmpty { stack.removeLast() }
                pendingKey = nil
                i += 1
            case 0x2C: // ,
                i += 1
                skipSpace()
                if let top = stack.last, let object = top, i < bytes.count, bytes[i] == 0x22 {
                    guard let key = string() else { return nil }
                    if object.keys.contains(key) { return object.path.isEmpty ? key : object.path + "." + key }
                    stack[stack.count - 1]?.keys.insert(key)
                    pendingKey = key
                }
            case 0x22:
                _ = string() // a string value
            default:
                i += 1 // ':' and scalars
            }
        }
        return nil
    }
}
