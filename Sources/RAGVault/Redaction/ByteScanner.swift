/// Character classes and helpers over UTF-8 bytes. Every detector scans bytes, anchored on
/// cheap trigger bytes, with bounded look-around: total work stays linear in the input.
enum Bytes {
    /// Bit flags per byte value, for the hottest loops (one load instead of several compares).
    static let alnumFlag: UInt8 = 1, base64Flag: UInt8 = 2
    static let classes: [UInt8] = (0..<256).map { v in
        let b = UInt8(v)
        var flags: UInt8 = 0
        if isAlnum(b) { flags |= alnumFlag }
        if isBase64(b) { flags |= base64Flag }
        return flags
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    /// Characters that make up identifiers and tokens: letters, digits, `_`, `-`.
    @inline(__always) static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F || b == 0x2D }
    @inline(__always) static func isBase64(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2B || b == 0x2F || b == 0x3D }
    @inline(__always) static func isBase64URL(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2D || b == 0x5F }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

    /// True when `pattern` occurs at `at` (case-sensitive).
    static func matches(_ s: UnsafeBufferPointer<UInt8>, _ at: Int, _ pattern: [UInt8]) -> Bool {
        guard at >= 0, at + pattern.count <= s.count else { return false }
        for k in 0..<pattern.count where s[at + k] != pattern[k] { return false }
        return true
    }

    /// True when lower-cased `s` has `pattern` (already lower-case) at `at`.
    static func matchesIgnoringCase(_ s: UnsafeBufferPointer<UInt8>, _ at: Int, _ pattern: [UInt8]) -> Bool {
        guard at >= 0, at + pattern.count <= s.count else { return false }
        for k in 0..<pattern.count where lower(s[at + k]) != pattern[k] { return false }
        return true
    }

    /// End of the run of bytes satisfying `accept` starting at `from`, at most `limit` long.
    static func run(_ s: UnsafeBufferPointer<UInt8>, from: Int, limit: Int = .max, _ accept: (UInt8) -> Bool) -> Int {
        var i = from
        let stop = limit == .max ? s.count : min(s.count, from + limit)
        while i < stop && accept(s[i]) { i += 1 }
        return i
    }

    /// Shannon entropy in bits per byte of a slice.
    static func entropy(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        guard end > start else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for i in start..<end { counts[Int(s[i])] += 1 }
        let n = Double(end - start)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }

    private static func log2(_ x: Double) -> Double { _log2(x) }
}

import Foundation
private func _log2(_ x: Double) -> Double { Foundation.log2(x) }
