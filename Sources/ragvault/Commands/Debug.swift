#if DEBUG // tests run the debug build; a release has no such command
    import ArgumentParser
    import Foundation
    import RAGVault

    /// Tools for tests; hidden from help.
    struct Debug: ParsableCommand {
        static let configuration = CommandConfiguration(shouldDisplay: false, subcommands: [CrashWriter.self, AuditWriter.self])

        /// Whether the test that started a writer still runs. A test process that crashed stays
        /// a zombie (its runner waits for the output pipes this writer holds open), so a parent
        /// pid that is unchanged is not enough: its state in /proc must not be Z (Linux).
        static func alive(_ parent: pid_t) -> Bool {
            guard getppid() == parent else { return false }
            guard let stat = try? String(contentsOfFile: "/proc/\(parent)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return true }
            return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
        }

        /// Writes documents forever, logging each operation before ("begin") and after it
        /// committed ("done"), so a test can SIGKILL it anywhere and check what must survive.
        struct CrashWriter: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "crash-writer")
            @OptionGroup var options: DataOptions
            @Option var tenant: String
            @Option var log: String
            @Option var seed: UInt64 = 1

            func run() throws {
                let vault = try options.openVault()
                let store = try CLI.run { try vault.store(for: tenant) }
                let fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
                guard fd >= 0 else { throw ExitCode(3) }
                func note(_ line: String) { _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) } }
                var random = SplitMix64(seed: seed)
                var i = 0
                let parent = getppid()
                while true {
                    // A test that died must not leave its writer running forever.
                    if i % 32 == 0, !Debug.alive(parent) { throw ExitCode(4) }
                    i += 1
                    if i % 7 == 0 {
                        note("begin del \(i - 3)\n")
                        _ = try CLI.run { try store.deleteDocument(externalID: "doc-\(i - 3)") }
                        note("done del \(i - 3)\n")
                    } else {
                        // Up to ~40 KB per document: transactions span many pages and WAL frames.
                        let size = 200 + Int(random.next() % 40_000)
                        let text = (0..<(size / 8)).map { _ in "w\(random.next() % 5000)" }.joined(separator: " ")
                        let chunks = stride(from: 0, to: text.count, by: 1000).map { start -> ChunkRecord in
                            let a = text.index(text.startIndex, offsetBy: start)
                            let b = text.index(a, offsetBy: min(1000, text.count - start))
                            return ChunkRecord(ordinal: start / 1000, startOffset: start, endOffset: start + 1000, text: String(text[a..<b]))
                        }
                        note("begin put \(i)\n")
                        try CLI.run {
                            try store.putDocument(
                                DocumentRecord(
                                    externalID: "doc-\(i)", title: "doc \(i)", contentHash: "\(i)",
                                    acl: AccessList(allow: ["role:eng"]), chunks: chunks))
                        }
                        note("done put \(i)\n")
                    }
                }
            }
        }

        /// Appends audit records forever from several threads (strict durability), logging each
        /// one only after `recordAudit` returned — acknowledged — so a test can SIGKILL it and
        /// check that every acknowledged record is in the log.
        struct AuditWriter: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "audit-writer")
            @OptionGroup var options: DataOptions
            @Option var tenant: String
            @Option var log: String
            @Option var name: String
            @Option var threads = 4

            func run() throws {
                let vault = try options.openVault()
                let fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
                guard fd >= 0 else { throw ExitCode(3) }
                let parent = getppid()
                let group = DispatchGroup()
                for t in 0..<threads {
                    group.enter()
                    Thread {
                        var i = 0
                        while i % 32 != 0 || Debug.alive(parent) {
                            i += 1
                            let marker = "\(name)-\(t)-\(i)"
                            var record = AuditRecord(interface: .cli, action: "debug.append")
                            record.requestID = marker
                            do { try vault.recordAudit(record, tenant: tenant) } catch { break }
                            let line = "ack \(marker)\n"
                            _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
                        }
                        group.leave()
                    }.start()
                }
                group.wait()
                throw ExitCode(4)
            }
        }
    }
#endif
