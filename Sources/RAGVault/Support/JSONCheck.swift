import Foundation

/// Checks a JSON text before anything decodes it, in one linear pass with memory bounded by
/// the input: strict RFC 8259 syntax, a nesting limit, and no key written twice in one object.
///
/// Why each matters: parsers disagree on duplicates (Foundation keeps the first, Python, Go
/// and JavaScript the last), so `{"deny": ["user:bob"], "d\u0065ny": []}` would mean one thing
/// to a reviewing gateway and another to us — keys are therefore compared *after* unescaping,
/// and as Swift compares them (canonical equivalence), which is how the decoder merges them.
/// Deep nesting costs recursive decoders stack and time, so it is refused as soon as it is
/// passed. A syntax error names its JSON path and byte offset.
public enum JSONCheck {
    /// Deepest nesting of objects and arrays any document of ours needs (with room to spare).
    public static let maxDepth = 64

    public struct Problem: Error, Equatable, Sendable {
        /// `duplicate_key` or `invalid_json`.
        public let code: String
        /// What and where, e.g. `the key 'acl.deny' appears twice in one object`.
        public let message: String
        /// The JSON path of the problem (`acl.deny`, `[2].id`; empty at the top).
        public let path: String
    }

    /// The first problem of `bytes`, or nil when it is one well-formed JSON value.
    public static func problem(in bytes: Data, maxDepth: Int = maxDepth) -> Problem? {
        bytes.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self), maxDepth: maxDepth)
            return scanner.run()
        }
    }

    private enum Frame {
        case object(keys: KeySet, key: String?)
        case array(index: Int)
    }

    /// The keys seen in one object: a short list searched in place (request bodies have a
    /// handful of keys; a hashed set per object cost more than the rest of the check), a set
    /// past 16.
    struct KeySet {
        private var few: [String] = []
        private var many: Set<String>?

        /// False when `key` was there already.
        mutating func insert(_ key: String) -> Bool {
            if many != nil { return many!.insert(key).inserted }
            if few.contains(key) { return false }
            few.append(key)
            if few.count > 16 {
                many = Set(few)
                few = []
            }
            return true
        }
    }

    private struct Failure: Error {
        let problem: Problem
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var i = 0
        var stack: [Frame] = []
        /// Whether the last token was a comma inside an object (for the trailing-comma message).
        var afterComma = false

        mutating func run() -> Problem? {
            do {
                space()
                try value()
                space()
                if i < bytes.count { throw syntax("unexpected content after the JSON value") }
                return nil
            } catch let failure as Failure {
                return failure.problem
            } catch {
                return nil
            }
        }

        // MARK: - grammar

        mutating func value() throws {
            guard i < bytes.count else { throw syntax("the JSON text ends where a value was expected") }
            switch bytes[i] {
            case UInt8(ascii: "{"): try object()
            case UInt8(ascii: "["): try array()
            case UInt8(ascii: "\""): _ = try string(keep: false)
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw syntax("expected a value")
            }
        }

        mutating func object() throws {
            try open(.object(keys: KeySet(), key: nil))
            space()
            if peek(UInt8(ascii: "}")) { return close() }
            while true {
                space()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    throw syntax(afterComma ? "a trailing comma, or a key that is not a string" : "expected a key (a string)")
                }
                let key = try string(keep: true) ?? ""
                guard case .object(var keys, _) = stack[stack.count - 1] else { return }
                // Released from the frame while it is changed, so the set is not copied.
                stack[stack.count - 1] = .array(index: 0)
                if !keys.insert(key) {
                    stack[stack.count - 1] = .object(keys: keys, key: key)
                    throw Failure(problem: Problem(code: "duplicate_key", message: "the key '\(path())' appears twice in one object", path: path()))
                }
                stack[stack.count - 1] = .object(keys: keys, key: key)
                space()
                guard peek(UInt8(ascii: ":")) else { throw syntax("expected ':' after the key") }
                space()
                try value()
                space()
                if peek(UInt8(ascii: ",")) { afterComma = true; continue }
                afterComma = false
                if peek(UInt8(ascii: "}")) { return close() }
                throw syntax("expected ',' or '}'")
            }
        }

        mutating func array() throws {
            try open(.array(index: 0))
            space()
            if peek(UInt8(ascii: "]")) { return close() }
            while true {
                space()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { throw syntax("a trailing comma") }
                try value()
                space()
                if peek(UInt8(ascii: ",")) {
                    if case .array(let index) = stack[stack.count - 1] { stack[stack.count - 1] = .array(index: index + 1) }
                    continue
                }
                if peek(UInt8(ascii: "]")) { return close() }
                throw syntax("expected ',' or ']'")
            }
        }

        mutating func open(_ frame: Frame) throws {
            if stack.count >= maxDepth {
                throw Failure(problem: Problem(code: "invalid_json", message: "nested deeper than \(maxDepth) levels at \(location())", path: path()))
            }
            stack.append(frame)
            afterComma = false
            i += 1
        }

        mutating func close() {
            stack.removeLast()
            afterComma = false
        }

        /// A string; its decoded text when `keep` (object keys), else nil.
        mutating func string(keep: Bool) throws -> String? {
            i += 1 // the opening quote
            var text: [UInt8] = []
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "\""):
                    i += 1
                    return keep ? String(decoding: text, as: UTF8.self) : nil
                case UInt8(ascii: "\\"):
                    i += 1
                    guard i < bytes.count else { break }
                    let escaped: UInt8
                    switch bytes[i] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escaped = bytes[i]
                    case UInt8(ascii: "b"): escaped = 0x08
                    case UInt8(ascii: "f"): escaped = 0x0C
                    case UInt8(ascii: "n"): escaped = 0x0A
                    case UInt8(ascii: "r"): escaped = 0x0D
                    case UInt8(ascii: "t"): escaped = 0x09
                    case UInt8(ascii: "u"):
                        let scalar = try unicodeEscape()
                        if keep { text.append(contentsOf: Array(String(Character(scalar)).utf8)) }
                        continue
                    default: throw syntax("an invalid escape sequence in a string")
                    }
                    if keep { text.append(escaped) }
                    i += 1
                case 0x00..<0x20:
                    throw syntax("a control character inside a string (escape it)")
                case 0x80...:
                    let length = try utf8Sequence()
                    if keep { text.append(contentsOf: bytes[i..<i + length]) }
                    i += length
                default:
                    if keep { text.append(byte) }
                    i += 1
                }
            }
            throw syntax("a string that is not closed")
        }

        /// The length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlong forms,
        /// no surrogates, nothing past U+10FFFF) — so no later reader decodes these bytes
        /// differently.
        func utf8Sequence() throws -> Int {
            let lead = bytes[i]
            let (length, low, high): (Int, UInt8, UInt8)
            switch lead {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: throw syntax("invalid UTF-8")
            }
            guard i + length <= bytes.count, (low...high).contains(bytes[i + 1]) else { throw syntax("invalid UTF-8") }
            for k in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[i + k]) { throw syntax("invalid UTF-8") }
            return length
        }

        /// `\uXXXX` (with its low half when it is a high surrogate); `i` is on the `u`.
        mutating func unicodeEscape() throws -> Unicode.Scalar {
            let high = try hex4()
            if (0xDC00...0xDFFF).contains(high) { throw syntax("a lone low surrogate escape") }
            guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high)! }
            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                throw syntax("a high surrogate escape without its low half")
            }
            i += 1
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw syntax("a high surrogate escape without its low half") }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }

        /// Four hex digits after the `u` at `i`; leaves `i` after them.
        mutating func hex4() throws -> UInt32 {
            guard i + 4 < bytes.count else { throw syntax("a \\u escape needs four hex digits") }
            var value: UInt32 = 0
            for k in 1...4 {
                let c = bytes[i + k]
                let digit: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
                default: throw syntax("a \\u escape needs four hex digits")
                }
                value = value << 4 | UInt32(digit)
            }
            i += 5
            return value
        }

        mutating func number() throws {
            let start = i
            _ = peek(UInt8(ascii: "-"))
            if peek(UInt8(ascii: "0")) {
                if digit() { throw syntax("a number with a leading zero") }
            } else if digits() == 0 {
                throw syntax("a number without digits")
            }
            if peek(UInt8(ascii: ".")), digits() == 0 { throw syntax("a number with no digits after '.'") }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if !peek(UInt8(ascii: "+")) { _ = peek(UInt8(ascii: "-")) }
                if digits() == 0 { throw syntax("a number with no digits in its exponent") }
            }
            // Decoders refuse what overflows a Double; so does the check, to agree with them.
            // (Only long texts or exponents can: 15 characters are far from 1.8e308.)
            if i - start > 15 || bytes[start..<i].contains(where: { $0 | 0x20 == UInt8(ascii: "e") }),
                !(Double(String(decoding: bytes[start..<i], as: UTF8.self))?.isFinite ?? false)
            {
                throw syntax("a number out of range")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard i + count <= bytes.count,
                memcmp(bytes.baseAddress! + i, word.utf8Start, count) == 0
            else { throw syntax("expected a value") }
            i += count
        }

        // MARK: - bytes

        mutating func space() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0A, 0x0D: i += 1
                default: return
                }
            }
        }

        mutating func peek(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        func digit() -> Bool { i < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) }

        mutating func digits() -> Int {
            let start = i
            while digit() { i += 1 }
            return i - start
        }

        // MARK: - reporting (only on failure, so building the path costs nothing on success)

        func path() -> String {
            var out = ""
            for frame in stack {
                switch frame {
                case .object(_, let key?):
                    let safe = key.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
                    out += out.isEmpty ? safe : "." + safe
                case .object(_, nil): break
                case .array(let index): out += "[\(index)]"
                }
            }
            return out
        }

        func location() -> String {
            let p = path()
            return p.isEmpty ? "byte \(i)" : "\(p) (byte \(i))"
        }

        func syntax(_ what: String) -> Failure {
            let what = i < bytes.count || what.hasPrefix("the JSON text ends") ? what : "the JSON text ends early (\(what))"
            return Failure(problem: Problem(code: "invalid_json", message: "not valid JSON: \(what) at \(location())", path: path()))
        }
    }
}
