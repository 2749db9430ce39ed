/// Values written over several lines. The shell and most languages join a string continued
/// with a backslash at a line's end ("…\⏎…" inside quotes, or a bare shell word), and string
/// literals joined at a line's end (`'Kx9#m' \⏎ 'Pq7'`, `"…" +⏎ "…"`, PHP's `.`): the value is
/// the pieces joined, so it is judged joined and masked whole, from its first piece to its
/// last — a rule that judged the first piece alone would leave the rest readable.
extension AssignmentDetector {
    struct Pieces {
        /// The value's bytes without continuations, quotes or joiners between pieces.
        var joined: [UInt8] = []
        /// The end of the last piece (before its closing quote, if quoted).
        var end: Int
    }

    /// The pieces of the value `s[start..<end]` (`quote`: the quote it is in) when it goes on
    /// past a line's end; nil when it is written on one line.
    static func pieces(_ s: UnsafeBufferPointer<UInt8>, start: Int, end: Int, quote: UInt8?) -> Pieces? {
        // Most values are written on one line: know that before copying anything.
        let continued = (start..<end).contains { s[$0] == 0x5C && Bytes.continuation(s, at: $0) > 0 }
        guard continued || nextPiece(s, after: end, quote: quote) != nil else { return nil }
        var pieces = Pieces(end: end)
        var wrapped = false
        var a = start, z = end
        for _ in 0..<16 {
            var k = a
            while k < z {
                let continued = Bytes.continuation(s, at: k)
                if continued > 0 {
                    wrapped = true
                    k += continued
                } else {
                    pieces.joined.append(s[k])
                    k += 1
                }
            }
            pieces.end = z
            guard let next = nextPiece(s, after: z, quote: quote) else { break }
            wrapped = true
            (a, z) = next
        }
        return wrapped ? pieces : nil
    }

    /// The piece after one ending at `z`: for a quoted value, another literal of the same quote
    /// after `\⏎`, or after `+` or `.` and a line break; for a bare word, its continuation
    /// after `\⏎` (the word goes on in the first column of the next line).
    private static func nextPiece(_ s: UnsafeBufferPointer<UInt8>, after z: Int, quote: UInt8?) -> (Int, Int)? {
        guard let quote else {
            let continued = Bytes.continuation(s, at: z)
            guard continued > 0, z + continued < s.count, !Bytes.isSpace(s[z + continued]) else { return nil }
            let a = z + continued
            let end = unquotedEnd(s, from: a)
            return end > a ? (a, end) : nil
        }
        var k = Bytes.skipBlanks(s, from: z + 1)
        guard k < s.count else { return nil }
        var joiner = false
        if s[k] == 0x2B || s[k] == 0x2E {
            joiner = true
            k = Bytes.skipBlanks(s, from: k + 1)
        }
        let continued = Bytes.continuation(s, at: k)
        if continued > 0 {
            k += continued
        } else if joiner, k < s.count, s[k] == 0x0A || s[k] == 0x0D {
            k += s[k] == 0x0D && k + 1 < s.count && s[k + 1] == 0x0A ? 2 : 1
        } else {
            return nil
        }
        k = Bytes.skipBlanks(s, from: k)
        guard k < s.count, s[k] == quote else { return nil }
        let a = k + 1
        var e = a
        while e < s.count && e - a < 512 && s[e] != quote && s[e] != 0x0A { e += s[e] == 0x5C && e + 1 < s.count ? 2 : 1 }
        return e < s.count && s[e] == quote && e > a ? (a, e) : nil
    }

    /// The value judged with its pieces joined, as `value` judges one written on one line:
    /// the same key and separator before it, the closing quote after it.
    static func judgedJoined(
        _ s: UnsafeBufferPointer<UInt8>, _ pieces: Pieces, after: Int, key: [UInt8], keyStart: Int, start: Int, quote: UInt8?
    ) -> EntityType? {
        var text = Array(s[keyStart..<start]) + pieces.joined
        if let quote { text.append(quote) }
        text.append(0x0A)
        let found = text.withUnsafeBufferPointer { value($0, after: after - keyStart, key: key, keyStart: 0) }
        guard let (a, z, type) = found, a == start - keyStart, z == start - keyStart + pieces.joined.count else { return nil }
        return type
    }
}
