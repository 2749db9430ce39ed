/// The positions every detector starts from, found in one pass over the text: where each
/// alphanumeric run starts (with its end), and where a punctuation byte that anchors a shape
/// sits (`@ + ( : - =`).
///
/// Why: a detector that walks every byte pays a mispredicted branch at nearly every word
/// boundary, and there are eight detectors. Walking this list instead costs one entry per
/// word, and the list is built once per text without branching on each byte.
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

    /// Per byte: bit 0 letter or digit, bit 32 mark, bit 63 lead byte of a possibly hidden or
    /// escaped character ('%', 0xC2, 0xE2, 0xEF, 0xF3 — see `EvasionView.invisibleLength`).
    /// The two low lanes are laid out so that a byte's entry shifted by its offset in a
    /// 32-byte block lands in that block's letter/digit word and mark word at once.
    private nonisolated(unsafe) static let lanes: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        let hiding: Set<Int> = [0x25, 0xC2, 0xE2, 0xEF, 0xF3]
        for b in 0..<256 {
            table[b] = (Bytes.isAlnum(UInt8(b)) ? alnumLane : 0) | (isMark(UInt8(b)) ? markLane : 0) | (hiding.contains(b) ? hideBit : 0)
        }
        return UnsafePointer(table)
    }()
    private static let alnumLane: UInt64 = 1, markLane: UInt64 = 1 << 32, hideBit: UInt64 = 1 << 63

    /// Whether `b` can begin an invisible character or a `%XX` escape (one table lookup).
    @inline(__always) static func mayHide(_ b: UInt8) -> Bool { lanes[Int(b)] & hideBit != 0 }

    /// Punctuation that anchors shapes: e-mail '@', phone '+' and '(', URL/assignment/IPv6
    /// ':', key blocks and flags '-', assignments '='. (Not '"': no detector starts at one
    /// since the service-account marker went, and JSON is full of them.)
    static func isMark(_ b: UInt8) -> Bool {
        b == 0x40 || b == 0x2B || b == 0x28 || b == 0x3A || b == 0x2D || b == 0x3D
    }

    /// Bytes per block: one bit each in the letter/digit and mark halves of a 64-bit word.
    private static let block = 32

    /// One byte's bits into its block's word.
    @inline(__always)
    private static func add(_ b: UInt8, at j: Int, _ lanes: UnsafePointer<UInt64>, _ bits: inout UInt64, _ seen: inout UInt64) {
        let t = lanes[Int(b)]
        seen |= t
        bits |= (t & (alnumLane | markLane)) &<< UInt64(truncatingIfNeeded: j)
    }

    package init(_ s: UnsafeBufferPointer<UInt8>) {
        let n = s.count
        precondition(n <= Self.maximumLength, "text longer than ScanIndex.maximumLength")
        let points = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
        let ends = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
        let lanes = Self.lanes
        // Per 32-byte block: one table load, shift and OR per byte builds a bit per byte for
        // "letter or digit" and for "mark"; run starts and ends then fall out of shifts, and
        // only the points themselves are visited (one per word, not one per byte).
        var count = 0, seen: UInt64 = 0
        var carry: UInt64 = 0 // 1 when the byte before the block ends a run still open
        var open = 0 // the slot of that open run
        // The slots of the runs started in a block, the open one first: ≤ 17 are kept (16
        // starts in 32 bytes), but every point writes one, so room for one per byte.
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: Self.block + 1)
        defer { slots.deallocate() }
        var base = 0
        while base < n, let text = s.baseAddress {
            let width = min(Self.block, n &- base)
            let bytes = text + base
            var bits: UInt64 = 0
            // A full block's loop has a constant trip count, so the compiler unrolls it.
            if width == Self.block {
                for j in 0..<Self.block { Self.add(bytes[j], at: j, lanes, &bits, &seen) }
            } else {
                for j in 0..<width { Self.add(bytes[j], at: j, lanes, &bits, &seen) }
            }
            let alnum = bits & 0xFFFF_FFFF, marks = bits &>> 32
            let afterAlnum = (alnum &<< 1 | carry) & ((1 &<< UInt64(width)) &- 1) // bit j: byte j − 1 is alnum
            let starts = alnum & ~afterAlnum
            let stops = afterAlnum & ~alnum // bit j: byte j ends a run
            var started = 0
            if carry != 0 { slots[0] = open; started = 1 }
            var pending = starts | marks
            while pending != 0 {
                let j = pending.trailingZeroBitCount
                pending &= pending &- 1
                let position = Int32(truncatingIfNeeded: base &+ j)
                points[count] = position
                ends[count] = position &+ 1 // a mark's end; a run's is written when it stops
                slots[started] = count
                started &+= Int(truncatingIfNeeded: (starts &>> UInt64(j)) & 1)
                count &+= 1
            }
            // Runs stop in the order they started.
            var closing = stops, stopped = 0
            while closing != 0 {
                let j = closing.trailingZeroBitCount
                closing &= closing &- 1
                ends[slots[stopped]] = Int32(truncatingIfNeeded: base &+ j)
                stopped &+= 1
            }
            carry = (alnum &>> UInt64(width &- 1)) & 1
            if carry != 0 { open = slots[started &- 1] }
            base &+= width
        }
        if carry != 0 { ends[open] = Int32(truncatingIfNeeded: n) } // a run reaching the end
        self.points = points
        self.ends = ends
        self.count = count
        mayHideText = seen & Self.hideBit != 0
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
