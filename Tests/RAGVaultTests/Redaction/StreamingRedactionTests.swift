import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Redaction in segments finds exactly what redaction of the whole text finds — same spans,
/// same offsets, same output — wherever the cuts fall; and `ragvault redact` on a large file
/// stays within a bounded multiple of its input in memory.
@Suite struct StreamingRedactionTests {
    /// Paragraphs of configs, prose and logs with secrets and PII, blank lines between.
    static func corpus(paragraphs: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        let shapes = [
            "export GITHUB_TOKEN=ghp_Q7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uGxR2m8\\nDB_PASSWORD='Tr0ub4dor&3x'",
            "Contact jane.doe@example.com or +1 415 555 0134 about card 4111 1111 1111 1111.",
            "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAx3Yk8bQ2mZ1c9Xr0Lw5Tq7HsVn4JpKe6Ud2Fy8Gi1Ao3Bt\\n-----END RSA PRIVATE KEY-----",
            "2026-12-01T10:00:00Z INFO request from 10.1.2.3 user=alice took 12ms",
            "The quick brown fox jumps over the lazy dog, again and again, with nothing to hide here.",
            "SSN 536-22-8471 and IBAN DE89 3704 0044 0532 0130 00 in the HR ticket",
            "mysql -u root -pS3cr3tPass! -h db.internal",
            "ünïcödé text — “quotes” and emoji 🔑 around AKIAQ3EGRVNWXK2ZLM7P"
        ]
        return (0..<paragraphs).map { _ in
            (0..<(1 + Int(random.next() % 4))).map { _ in shapes[Int(random.next() % UInt64(shapes.count))] }
                .joined(separator: random.next() % 3 == 0 ? " " : "\n")
        }.joined(separator: "\n\n")
    }

    static func streamed(_ text: String, target: Int, block: Int) throws -> (String, [RedactionSpan]) {
        let bytes = Array(text.utf8)
        var at = 0
        var out = "", spans: [RedactionSpan] = []
        try StreamingRedaction(redactor: Redactor(), policy: .default, target: target).run(
            read: {
                guard at < bytes.count else { return nil }
                defer { at += block }
                return Data(bytes[at..<min(bytes.count, at + block)])
            },
            emit: { text, found in
                out += text
                spans += found
            })
        return (out, spans)
    }

    @Test(arguments: [(1024, 300), (1024, 4096), (4096, 777), (1 << 20, 65536)])
    func segmentsFindWhatTheWholeTextFinds(target: Int, block: Int) throws {
        let text = Self.corpus(paragraphs: 400, seed: UInt64(target + block))
        let whole = Redactor().redact(text, policy: .default)
        let (out, spans) = try Self.streamed(text, target: target, block: block)
        #expect(out == whole.text)
        #expect(spans == whole.spans)
        #expect(spans.count > 400)
    }

    @Test func aLongLineWithoutBlankLinesIsCutAtSpacesAndStillExact() throws {
        let line = (0..<3000).map { i in i % 50 == 0 ? "token ghp_Q7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uGxR2m8" : "word\(i)" }.joined(separator: " ")
        let whole = Redactor().redact(line, policy: .default)
        let (out, spans) = try Self.streamed(line, target: 1024, block: 500)
        #expect(out == whole.text)
        #expect(spans == whole.spans)
        // No whitespace at all: cut at a character boundary, never inside a UTF-8 sequence.
        let blob = String(repeating: "ü", count: 5000)
        #expect(try Self.streamed(blob, target: 1024, block: 333).0 == blob)
    }

    @Test func invalidUTF8IsRefusedWithItsOffset() throws {
        var bytes = Array(String(repeating: "line of text\n", count: 1000).utf8)
        bytes[9000] = 0xFF
        var given = false
        #expect(throws: RAGVaultError.self) {
            try StreamingRedaction(redactor: Redactor(), policy: .default, target: 1024).run(
                read: {
                    defer { given = true }
                    return given ? nil : Data(bytes)
                }, emit: { _, _ in })
        }
    }

    /// Peak memory must not grow with the input: a file four times larger costs (almost) no
    /// more. (The 4×-input target is for large files, where the binary's own ~60 MB no longer
    /// dominates: see docs/benchmarks.md for the figure on a 256 MB file.)
    @Test func theCLIRedactsLargeFilesInMemoryThatDoesNotGrowWithThem() throws {
        let dir = try TemporaryDirectory()
        let paragraph = Self.corpus(paragraphs: 2000, seed: 7) + "\n\n"
        var peaks: [Int] = []
        for megabytes in [4, 16] {
            let path = dir.file("big-\(megabytes).txt")
            FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            var size = 0
            while size < megabytes << 20 {
                handle.write(Data(paragraph.utf8))
                size += paragraph.utf8.count
            }
            try handle.close()
            let out = dir.file("out-\(megabytes).json")
            let (status, peak) = try Self.spawnMeasured([CLIBinary.path, "redact", "--json", path], stdout: out)
            #expect(status == 0)
            peaks.append(peak)
            // The streamed JSON parses, nothing planted is left, and its spans are in order.
            let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
            let spans = parsed?["spans"] as? [[String: Any]] ?? []
            #expect(spans.count > 1000)
            let text = parsed?["text"] as? String ?? ""
            #expect(text.utf8.count > size / 2)
            #expect(!text.contains("ghp_Q7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uGxR2m8") && !text.contains("536-22-8471"))
            let starts = spans.map { $0["start"] as? Int ?? -1 }
            #expect(starts == starts.sorted())
        }
        #expect(peaks[1] < peaks[0] + (6 << 20), "peak \(peaks[0] >> 20) MiB for 4 MiB of input, \(peaks[1] >> 20) MiB for 16 MiB")
    }

    /// Runs `arguments` with stdout to a file and returns its exit status and peak resident
    /// memory: the child's own `VmHWM`, polled from /proc while it runs (rusage's maxrss would
    /// count this test runner's memory, shared with the child until it execs).
    static func spawnMeasured(_ arguments: [String], stdout path: String) throws -> (Int32, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        FileManager.default.createFile(atPath: path, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: path)
        try process.run()
        var peak = 0
        while process.isRunning {
            if let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
            {
                peak = max(peak, kb * 1024)
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        return (process.terminationStatus, peak)
    }
}
