import Foundation

/// Unicode normalisation of extracted text before anything is scanned, chunked or stored.
///
/// NFC makes equal text compare equal. Invisible characters, bidi controls and the Unicode
/// tag block (U+E0000–U+E007F, used to hide instructions from people but not from models)
/// are removed and counted: the count becomes the `invisible_chars_removed` flag.
public enum Normaliser {
    public struct Result: Equatable, Sendable {
        public var text: String
        public var removedInvisible: Int
    }

    /// True for scalars that render as nothing (or reorder text) and so can hide content.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180E,
            0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0x3164, 0xFE00...0xFE0F,
            0xFEFF, 0xFFA0, 0xFFF9...0xFFFB, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A,
            0xE0000...0xE007F, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    /// C0/C1 controls other than tab and line breaks carry no text.
    static func isStrayControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F || (0x80...0x9F).contains(v)
    }

    public static func normalise(_ text: String) -> Result {
        // Fast path: printable ASCII with tabs and LF is already NFC and has nothing to remove.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }) {
            return Result(text: text, removedInvisible: 0)
        }
        var removed = 0
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            // CRLF and lone CR become LF.
            if scalar == "\r" { scalars.append("\n"); previousCR = true; continue }
            if scalar == "\n" && previousCR { previousCR = false; continue }
            previousCR = false
            if isInvisible(scalar) || isStrayControl(scalar) {
                removed += 1
            } else {
                scalars.append(scalar)
            }
        }
        let cleaned = String(scalars)
        // Only text with non-ASCII characters can need composition.
        let composed = cleaned.utf8.allSatisfy({ $0 < 0x80 }) ? cleaned : cleaned.precomposedStringWithCanonicalMapping
        return Result(text: composed, removedInvisible: removed)
    }
}
