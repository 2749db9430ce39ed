import Testing
@testable import RAGVault
@testable import RAGVaultBench

/// Searches and ingest run every detector through one fused walk; each detector also runs on
/// its own (`Redactor.passes`). Both must find exactly the same: a detector the walk skipped,
/// or a cursor shared by mistake, would lose secrets only in production.
@Suite struct DetectorWalkTests {
    static func key(_ c: Candidate) -> String { "\(c.start)-\(c.end)-\(c.type.rawValue)-\(c.detector)" }

    static func separately(_ s: UnsafeBufferPointer<UInt8>) -> [String] {
        let index = ScanIndex(s)
        var out: [Candidate] = []
        for pass in Redactor.passes where pass.name != "base64_evasion" { pass.scan(s, index, &out) }
        return out.map(key).sorted()
    }

    static func walked(_ s: UnsafeBufferPointer<UInt8>) -> [String] {
        var out: [Candidate] = []
        DetectorWalk.run(s, ScanIndex(s), secretsOnly: false, into: &out)
        return out.map(key).sorted()
    }

    @Test func walkFindsWhatEachDetectorFindsAlone() {
        var random = SplitMix64(seed: 7)
        let fillers = [
            "the", "key", "password =", "token:", "-u", "--user", "value=", "kind: Secret", "data:", "\n  ", "://",
            "(", "+", "@", "-", "\"", "born on", "ip", "::", ",", ".", "\t"
        ]
        var texts: [String] = []
        for _ in 0..<150 {
            var pieces: [String] = []
            for _ in 0..<(5 + Int(random.next() % 30)) {
                pieces.append(
                    random.next() % 3 == 0
                        ? RedactionBenchmark.planted[Int(random.next() % UInt64(RedactionBenchmark.planted.count))]
                        : fillers[Int(random.next() % UInt64(fillers.count))])
            }
            texts.append(pieces.joined(separator: random.next() % 2 == 0 ? " " : ""))
        }
        var found = 0
        for text in texts {
            Array(text.utf8).withUnsafeBufferPointer { s in
                let alone = Self.separately(s)
                found += alone.count
                #expect(Self.walked(s) == alone, "text: \(text)")
            }
        }
        #expect(found > 300) // the texts really hold entities
    }

    /// The walk passes each point only to the detectors `DetectorGate` opens for its first two
    /// bytes; on the generated contexts of every class (prose in five languages, tables, flags,
    /// calls, escapes, PII) it must still find what each detector finds on its own.
    @Test func gateSkipsNothingADetectorWouldFind() {
        var draw = Draw(random: SplitMix64(seed: 2_026_1207))
        var found = 0
        for (name, generate, _, _) in CredentialContextTests.classes {
            for _ in 0..<60 {
                let text = generate(&draw).text
                Array(text.utf8).withUnsafeBufferPointer { s in
                    let alone = Self.separately(s)
                    found += alone.count
                    #expect(Self.walked(s) == alone, "class \(name): \(text)")
                }
            }
        }
        #expect(found > 1_000)
    }
}
