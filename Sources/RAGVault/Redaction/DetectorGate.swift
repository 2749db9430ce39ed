/// Which detectors the walk asks at a point, from the point's first two bytes: one bit per
/// detector, looked up as `first[b] & second[next]` — two loads and an AND instead of every
/// detector's own first test at every point (a third of the bytes of dense text are points).
///
/// Each bit is built from the detector's own `mayStart(b, next)`, so the gate only skips what
/// the detector would itself reject; the two tables are the projections of its pair set, a
/// superset of it. A detector whose test needs more than two bytes still makes that test.
enum DetectorGate {
    static let tokenPrefix: UInt16 = 1 << 0
    static let structured: UInt16 = 1 << 1
    static let shape: UInt16 = 1 << 2
    static let assignment: UInt16 = 1 << 3
    static let commandLine: UInt16 = 1 << 4
    /// Away from a line's start: there every point is the keyword detector's.
    static let keyword: UInt16 = 1 << 5
    static let tool: UInt16 = 1 << 6
    static let call: UInt16 = 1 << 7
    static let phrase: UInt16 = 1 << 8
    static let pii: UInt16 = 1 << 9
    static let kind: UInt16 = 1 << 10

    static let detectors: [(bit: UInt16, mayStart: @Sendable (UInt8, UInt8) -> Bool)] = [
        (tokenPrefix, TokenPrefixDetector.mayStart), (structured, StructuredTokenDetector.mayStart),
        (shape, CredentialShapeDetector.mayStart), (assignment, AssignmentDetector.mayStart),
        (commandLine, CommandLineCredentialDetector.mayStart), (keyword, KeywordCredentialDetector.mayStart),
        (tool, ToolArgumentDetector.mayStart), (call, CallArgumentDetector.mayStart),
        (phrase, CredentialPhraseDetector.mayStart), (pii, PIIDetectors.mayStart), (kind, KubernetesSecretDetector.mayStart)
    ]

    /// Entries 0–255: the detectors some pair starting with that byte may start; 256–511: the
    /// detectors some pair ending with that byte may start. A pointer, loaded once per text.
    nonisolated(unsafe) static let table: UnsafePointer<UInt16> = {
        let t = UnsafeMutablePointer<UInt16>.allocate(capacity: 512)
        t.initialize(repeating: 0, count: 512)
        // Points start only at letters, digits and marks (`ScanIndex`), so only their pairs
        // are asked (a quarter of all); entries for other first bytes are never read, and
        // open everything should that change.
        for b in 0..<256 where !(Bytes.isAlnum(UInt8(b)) || ScanIndex.isMark(UInt8(b))) { t[b] = .max }
        for (bit, mayStart) in detectors {
            for b in 0..<256 where Bytes.isAlnum(UInt8(b)) || ScanIndex.isMark(UInt8(b)) {
                for next in 0..<256 where mayStart(UInt8(b), UInt8(next)) {
                    t[b] |= bit
                    t[256 + next] |= bit
                }
            }
        }
        return UnsafePointer(t)
    }()

    /// The detectors that may start at position `i`.
    @inline(__always)
    static func open(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, _ table: UnsafePointer<UInt16>) -> UInt16 {
        let next: UInt8 = i + 1 < s.count ? s[i + 1] : 0
        return table[Int(s[i])] & table[256 + Int(next)]
    }
}
