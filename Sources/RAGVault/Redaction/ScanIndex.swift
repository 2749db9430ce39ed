/// The positions every detector starts from, found in one branch-free pass over the text:
/// where each alphanumeric run starts (with its end), and where a punctuation byte that
/// anchors a shape sits (`@ + ( : - = "`).
///
/// Why: a detector that walks every byte pays a mispredicted branch at nearly every word
/// boundary, and there are eight detectors. Walking this list instead costs one entry per
/// word, and the list is built once per text without branching on its content.
package final class ScanIndex {
    /// Run starts and marks, in text order. 32-bit, so the three lists of an 8 KB passage stay
    /// under the allocator's mmap threshold; texts are limited to `maximumLength`.
    let points: UnsafeMutablePointer<Int32>
    /// For a run start, the end of its run (exclusive); for a mark, its position + 1.
    let ends: UnsafeMutablePointer<Int32>
    package let count: Int
    /// The longest text a position list can address.
    static let maximumLength = Int(Int32.max) - 1

    /// Whether the text has a byte that can begin an invisible character or a `%XX` escape,
    /// so the evasion view (`EvasionView`) is worth building.
    let mayHideText: Bool

    /// Per byte: bit 0 letter or digit, bit 1 mark, bit 2 lead byte of a possibly hidden or
    /// escaped character ('%', 0xC2, 0xE2, 0xEF, 0xF3 — see `EvasionView.invisibleLength`).
    private nonisolated(unsafe) static let classes: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        let hiding: Set<Int> = [0x25, 0xC2, 0xE2, 0xEF, 0xF3]
        for b in 0..<256 {
            table[b] = (Bytes.isAlnum(UInt8(b)) ? 1 : 0) | (isMark(UInt8(b)) ? 2 : 0) | (hiding.contains(b) ? 4 : 0)
        }
        return UnsafePointer(table)
    }()

    /// Whether `b` can begin an invisible character or a `%XX` escape (one table lookup).
    @inline(__always) static func mayHide(_ b: UInt8) -> Bool { classes[Int(b)] & 4 != 0 }

    /// Punctuation that anchors shapes: e-mail '@', phone '+' and '(', URL/assignment/IPv6
    /// ':', key blocks and flags '-', assignments '='. (Not '"': no detector starts at one
    /// since the service-account marker went, and JSON is full of them.)
    static func isMark(_ b: UInt8) -> Bool {
        b == 0x40 || b == 0x2B || b == 0x28 || b == 0x3A || b == 0x2D || b == 0x3D
    }

    package init(_ s: UnsafeBufferPointer<UInt8>) {
        let n = s.count
        precondition(n <= Self.maximumLength, "text longer than ScanIndex.maximumLength")
        points = .allocate(capacity: n + 1)
        ends = .allocate(capacity: n + 1)
        let classes = Self.classes
        // Slot `n` is never a point's: writes that mean nothing land there.
        let sink = n
        var count = 0, previousAlnum = 0, seen = 0, lastRunStart = 0
        for i in 0..<n {
            let c = Int(classes[Int(s[i])])
            seen |= c
            let alnum = c & 1
            let runStart = alnum & ~previousAlnum
            // Written every byte, kept only when they mean something: no branch on the text.
            // The run ending here started at point `lastRunStart`.
            ends[previousAlnum & ~alnum != 0 ? lastRunStart : sink] = Int32(truncatingIfNeeded: i)
            points[count] = Int32(truncatingIfNeeded: i)
            // A mark's end; a run start's is overwritten when its run ends.
            ends[count] = Int32(truncatingIfNeeded: i + 1)
            lastRunStart = runStart != 0 ? count : lastRunStart
            count += runStart | ((c >> 1) & 1)
            previousAlnum = alnum
        }
        if previousAlnum != 0 { ends[lastRunStart] = Int32(truncatingIfNeeded: n) } // a run reaching the end
        self.count = count
        mayHideText = seen & 4 != 0
    }

    /// Walks the points for one detector: `visit(k, position)` returns the end of what it
    /// found there, and points before that end are skipped.
    @inline(__always) func walk(_ visit: (_ k: Int, _ position: Int) -> Int?) {
        var resume = 0
        for k in 0..<count {
            let i = Int(points[k])
            if i >= resume, let end = visit(k, i) { resume = end }
        }
    }

    deinit {
        points.deallocate()
        ends.deallocate()
    }
}
