import Foundation

/// Redaction of inputs too large to hold whole, in segments: memory stays bounded by the
/// segment size (plus the longest line), whatever the input's size, and offsets stay exact —
/// each segment's spans are shifted by the code points of everything before it.
///
/// A segment ends at a blank line (`\n\n`) once it has reached `target` bytes: detectors look
/// around a match within a line or a few lines (a PEM block, a manifest), not across
/// paragraphs, so cutting between paragraphs finds what the whole text would. Without a blank
/// line by `2 × target`, the cut falls after the last newline; a single line longer than
/// `4 × target` is cut at the last space or tab (a token is never split), or, failing that, at a
/// character boundary.
public struct StreamingRedaction {
    public let redactor: Redactor
    public let policy: RedactionPolicy
    public var target: Int

    public init(redactor: Redactor, policy: RedactionPolicy, target: Int = 4 << 20) {
        (self.redactor, self.policy, self.target) = (redactor, policy, max(1024, target))
    }

    /// Reads blocks with `read` (nil or empty at the end), hands each redacted segment to
    /// `emit` with its spans in input-wide offsets. Throws `invalid_input` on invalid UTF-8,
    /// naming the byte offset.
    public func run(read: () throws -> Data?, emit: (String, [RedactionSpan]) throws -> Void) throws {
        var pending = [UInt8]()
        var consumedBytes = 0
        var inputPoints = 0, outputPoints = 0
        var ended = false
        while !ended || !pending.isEmpty {
            if !ended, pending.count < 4 * target {
                if let block = try read(), !block.isEmpty { pending += block; continue }
                ended = true
            }
            let cut = ended && pending.count <= 4 * target ? pending.count : Self.cut(pending, target: target)
            let segment = Array(pending[0..<cut])
            guard let text = String(validating: segment, as: UTF8.self) else {
                throw RAGVaultError(.invalidInput, "input is not valid UTF-8 (in the \(segment.count) bytes from byte \(consumedBytes))")
            }
            let out = redactor.redact(text, policy: policy)
            let spans = out.spans.map { span -> RedactionSpan in
                var s = span
                s.start += inputPoints; s.end += inputPoints
                s.outputStart += outputPoints; s.outputEnd += outputPoints
                return s
            }
            try emit(out.text, spans)
            // Counted over the bytes, and the output's from the spans: String's scalar view
            // walks every character at a fraction of that speed.
            let points = segment.withUnsafeBufferPointer(UTF8Text.scalarCount)
            inputPoints += points
            outputPoints += points + out.spans.reduce(0) { $0 + ($1.outputEnd - $1.outputStart) - ($1.end - $1.start) }
            consumedBytes += cut
            pending.removeFirst(cut)
        }
    }

    /// Where to end the next segment of `bytes` (which holds at least `4 × target`).
    static func cut(_ bytes: [UInt8], target: Int) -> Int {
        let newline = UInt8(ascii: "\n")
        // A blank line between target and 2 × target.
        var i = target
        while i < min(bytes.count - 1, 2 * target) {
            if bytes[i] == newline && bytes[i + 1] == newline { return i + 2 }
            i += 1
        }
        // The last newline before 2 × target (but after the first quarter).
        if let n = bytes[(target / 4)..<min(bytes.count, 2 * target)].lastIndex(of: newline) { return n + 1 }
        // One very long line: the last space or tab before 4 × target.
        let limit = min(bytes.count, 4 * target)
        if let s = bytes[(target / 4)..<limit].lastIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return s + 1 }
        // No whitespace at all: a character boundary (never inside a UTF-8 sequence).
        var c = limit
        while c > 0, bytes[c] & 0xC0 == 0x80 { c -= 1 }
        return c > 0 ? c : limit // only continuation bytes: invalid, reported by the caller
    }
}
