import Foundation
import Testing

@testable import RAGVault
@testable import RAGVaultBench

/// Detections stored at ingest stand in for a scan at read time only when they are exactly what
/// today's detectors would find in exactly that text.
@Suite struct StoredDetectionsTests {
    /// What the detectors find in a fixed, secret-dense probe text, as one hash. When it
    /// changes, rows stored by the old detectors would be trusted with old answers: bump
    /// `StoredDetections.version` (so they are scanned again) and record the new value here.
    @Test func detectorsAnswerAsTheStoredVersionSays() throws {
        let probe = DenseRedactionCorpus.text(bytes: 40_000, seed: 77)
        // And whole texts of every context class the generalisation test composes (tables and
        // YAML span lines), so that a change to any detector shows here.
        var draw = Draw(random: SplitMix64(seed: 77))
        let contexts =
            CredentialContextTests.classes.flatMap { entry in (0..<40).map { _ in entry.1(&draw).text } }
            + (0..<40).map { _ in HardNegatives.negative(&draw).text }
        let answers = (probe.split(separator: "\n").map(String.init) + contexts).map { text in
            StoredDetections.encode(Redactor().detect(text))
        }.joined(separator: "\n")
        // FNV-1a, 64 bits: stable across runs and platforms (Hasher is seeded per process).
        let fingerprint = String(answers.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 16)
        // Versions 1 and 2 were recorded over the dense text alone.
        let recorded: [Int: String] = [
            1: "77441467c9ad75de", 2: "35afc08073f1c62a", 3: "eda14eefb01b8af7", 4: "9f9484d7ab7e7337", 5: "c7a7bd88d8ee4881", 6: "cdae4adefbee66b3",
            7: "c2f3024cf98248c0", 8: "b4bde00aa89b2ad5", 9: "6babab61ee2b273a", 10: "6551a9e3407a5b12",
            11: "ec8d5fa7443fe4e0", 12: "1fb86d33b922dd21"
        ]
        #expect(
            recorded[StoredDetections.version] == fingerprint,
            "the detectors' answers changed (\(fingerprint)): bump StoredDetections.version and record the new fingerprint")
    }

    @Test func onlyThisVersionsWellFormedSpansThatFitAreUsed() {
        let text = "mail ann@example.com now"
        let spans = Redactor().detect(text)
        #expect(spans.count == 1)
        #expect(StoredDetections.decode(StoredDetections.encode(spans), for: text) == spans)
        #expect(StoredDetections.decode("\(StoredDetections.version)|", for: text) == [])
        for stale in [
            nil, "", "0|", "\(StoredDetections.version + 1)|", "x|EMAIL 5 20 email",
            "\(StoredDetections.version)|EMAIL 5 200 email", // beyond the text
            "\(StoredDetections.version)|EMAIL 9 5 email", // backwards
            "\(StoredDetections.version)|EMAIL 5 20 email;PHONE 10 12 phone", // overlapping
            "\(StoredDetections.version)|NOT_A_TYPE 5 20 email", "\(StoredDetections.version)|EMAIL 5 20",
            "\(StoredDetections.version)|EMAIL 5 20 email;"
        ] {
            #expect(StoredDetections.decode(stale, for: text) == nil, "\(stale ?? "nil")")
        }
    }

    /// A row whose stored detections are missing (written before) or from another detector
    /// version is scanned at read time: its value is masked all the same.
    @Test func rowsWithoutCurrentDetectionsAreScannedWhenRead() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["rollout owner ann@example.com"]))
        let stored = try store.withConnection { try $0.scalar("SELECT body_detections FROM chunks").string }
        #expect(stored == "\(StoredDetections.version)|EMAIL 14 29 email", "\(stored ?? "nil")")
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        for replaced in [SQLValue.null, .text("0|"), .text("\(StoredDetections.version + 1)|")] {
            try store.withConnection { try $0.run("UPDATE chunks SET body_detections = ?", [replaced]) }
            retriever.detections.removeAll()
            let text = try retriever.search(SearchRequest(query: "rollout"), as: eng).results.map(\.text).joined()
            #expect(text.contains("rollout owner") && !text.contains("ann@example.com"), "\(text)")
        }
    }

    /// Detections made on another text (a chunk whose prepared index form came from text that
    /// was changed afterwards) are not stored for it: the body is scanned when read.
    @Test func detectionsOfAnotherTextAreNotStored() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        var document = RetrieverTests.doc("d", ["rollout owner ann@example.com"])
        document.chunks[0].textForm = IndexForm.make("rollout owner (nobody yet)")
        try store.putDocument(document)
        #expect(try store.withConnection { try $0.scalar("SELECT body_detections FROM chunks").string } == nil)
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let text = try retriever.search(SearchRequest(query: "rollout"), as: eng).results.map(\.text).joined()
        #expect(text.contains("rollout owner") && !text.contains("ann@example.com"), "\(text)")
    }

    /// A chunk read by id (citations, MCP `fetch`) is redacted like a search result, with the
    /// stored detections and without them.
    @Test func chunkReadsAreRedactedWithAndWithoutStoredDetections() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["rollout owner ann@example.com, call 415-555-0132"]))
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let hit = try #require(try retriever.search(SearchRequest(query: "rollout"), as: eng).results.first)
        for replaced in [nil, SQLValue.null, .text("0|")] {
            if let replaced { try store.withConnection { try $0.run("UPDATE chunks SET body_detections = ?", [replaced]) } }
            let view = try retriever.chunk(hit.chunkID, as: eng)
            #expect(view.text == hit.text, "\(view.text)")
            #expect(!view.text.contains("ann@example.com") && !view.text.contains("555-0132"))
            #expect(view.redactions["EMAIL"] == 1 && view.redactions["PHONE"] == 1, "\(view.redactions)")
        }
    }
}
