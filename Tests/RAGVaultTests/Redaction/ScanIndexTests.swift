import Testing
@testable import RAGVault

/// The position index every detector walks must list exactly the run starts and
/// marks a byte-by-byte reading finds: a missed point is a secret never looked at.
@Suite struct ScanIndexTests {
    /// The reference: one obvious pass over the bytes.
    static func reference(_ bytes: [UInt8]) -> [(point: Int, end: Int)] {
        var out: [(Int, Int)] = []
        var i = 0
        while i < bytes.count {
            if Bytes.isAlnum(bytes[i]) {
                var end = i
                while end < bytes.count && Bytes.isAlnum(bytes[end]) { end += 1 }
                out.append((i, end))
                i = end
            } else {
                if ScanIndex.isMark(bytes[i]) { out.append((i, i + 1)) }
                i += 1
            }
        }
        return out
    }

    static func listed(_ bytes: [UInt8]) -> [(point: Int, end: Int)] {
        bytes.withUnsafeBufferPointer { s in
            let index = ScanIndex(s)
            return (0..<index.count).map { (Int(index.points[$0]), Int(index.ends[$0])) }
        }
    }

    @Test(arguments: [
        "", "a", "@", "word", "-", "a-b", "x@y.z", "  leading and trailing  ", "ends in run abc",
        "::1", "é日本🙂a", "key=\"v\" (+1) a:b"
    ])
    func matchesReferenceOnSamples(text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.listed(bytes).map { [$0.point, $0.end] } == Self.reference(bytes).map { [$0.point, $0.end] })
    }

    @Test func matchesReferenceOnRandomBytes() {
        var random = SplitMix64(seed: 41)
        // Alphabet weighted towards the classes that matter: letters, digits, marks, other.
        let alphabet = Array("aZ09 -=:@+(\"._/\n\u{00}".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<300 {
            let length = Int(random.next() % 200)
            let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let got = Self.listed(bytes), want = Self.reference(bytes)
            #expect(got.map { [$0.point, $0.end] } == want.map { [$0.point, $0.end] }, "bytes \(bytes)")
        }
    }

    /// The index is built 32 bytes at a time: runs and marks that start, stop or sit exactly
    /// on a block's edge, and runs longer than a block, must be listed as byte by byte.
    @Test func matchesReferenceAcrossBlockEdges() {
        var random = SplitMix64(seed: 43)
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            let target = Int(random.next() % 300)
            while bytes.count < target {
                switch random.next() % 4 {
                case 0: bytes += Array(repeating: UInt8(ascii: "x"), count: Int(random.next() % 70) + 1) // a run, up to two blocks
                case 1: bytes.append(Array("-=:@+(".utf8)[Int(random.next() % 6)])
                case 2: bytes += Array(repeating: UInt8(ascii: " "), count: Int(random.next() % 40) + 1)
                default: bytes.append(0xE2) // a lead byte the index flags
                }
            }
            let got = Self.listed(bytes), want = Self.reference(bytes)
            #expect(got.map { [$0.point, $0.end] } == want.map { [$0.point, $0.end] }, "bytes \(bytes)")
        }
    }
}

extension ScanIndexTests {
    /// The evasion view is only built when the index saw a lead byte: a text that hides a
    /// character the view would drop or decode must always be flagged.
    @Test(arguments: [
        "a\u{200B}b", "x%41y", "soft\u{00AD}hyphen", "\u{FEFF}bom", "tag\u{E0041}", "word\u{2060}joiner",
        "bidi\u{202E}override", "%2Fpath"
    ])
    func flagsTextTheEvasionViewWouldRewrite(text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { s in
            #expect(EvasionView.make(s) != nil)
            #expect(ScanIndex(s).mayHideText)
        }
    }

    @Test func plainTextIsNotFlagged() {
        Array("plain ascii text: key=value, 100% sure".utf8).withUnsafeBufferPointer { s in
            #expect(!ScanIndex(s).mayHideText || EvasionView.make(s) == nil)
        }
    }
}
