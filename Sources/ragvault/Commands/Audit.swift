import ArgumentParser
import Foundation
import RAGVault

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect the audit trail: verify, head, export, tail, prune, match-query.",
        discussion: """
            Each tenant has its own encrypted, hash-chained log (searches, reads, writes, ACL, \
            policy and key changes, refusals); the operator log (--operator) holds tenant \
            lifecycle, key operations and requests refused before a tenant was known. Records \
            never hold secrets, key material, unredacted PII or raw queries (only a keyed hash: \
            see match-query).
            """,
        subcommands: [Verify.self, Head.self, Export.self, Tail.self, Prune.self, MatchQuery.self, AcceptTruncation.self])

    /// Which log: a tenant's, or the operator log.
    struct LogOptions: ParsableArguments {
        @OptionGroup var options: DataOptions
        @Option(help: "The tenant whose log to read.") var tenant: String?
        @Flag(help: "The operator log instead of a tenant's.") var `operator` = false

        func validate() throws {
            if (tenant == nil) == !`operator` { throw ValidationError("give --tenant NAME or --operator") }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every record: modified, deleted, inserted or reordered records are named; with --head also a rewrite or a cut-off tail.")
        @OptionGroup var log: LogOptions
        @Option(help: "A head printed earlier by 'ragvault audit head' (SEQ:LINK).") var head: String?
        @Flag(help: "Print the result as JSON.") var json = false

        func run() throws {
            let vault = try log.options.openVault()
            let result = try CLI.run { try vault.verifyAudit(tenant: log.tenant, head: head) }
            if json {
                try CLI.printJSON(result)
            } else if result.ok {
                let span = result.firstSeq.map { "records \($0)…\(result.lastSeq ?? $0)" } ?? "no records"
                let pruned = result.checkpoint.map { ", from the checkpoint after record \($0.seq) (\($0.prunedRecords ?? 0) pruned)" } ?? ""
                print("ok: \(result.records) record(s), \(span)\(pruned)\(result.headChecked == true ? ", anchored head found" : "")")
                print("head \(result.head)")
            } else {
                if let problem = result.problem { print("FAILED: \(problem)") }
                if let problem = result.headProblem { print("FAILED: \(problem)") }
                if let problem = result.truncation { print("FAILED (\(result.code ?? "audit_truncated")): \(problem)") }
                print("\(result.records) record(s) verified before the failure")
            }
            if !result.ok { throw ExitCode(1) }
        }
    }

    struct AcceptTruncation: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept-truncation",
            abstract: "After looking into an 'audit_truncated' finding: accept the log as it is now (recorded in it).")
        @OptionGroup var log: LogOptions

        func run() throws {
            let vault = try log.options.openVault()
            let result = try CLI.run { try vault.acceptAuditTruncation(tenant: log.tenant) }
            print("accepted: the log now verifies from its \(result.records) record(s); head \(result.head)")
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the chain head (SEQ:LINK) to keep elsewhere.")
        @OptionGroup var log: LogOptions

        func run() throws {
            let vault = try log.options.openVault()
            print(try CLI.run { try vault.auditHead(tenant: log.tenant) })
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write records as JSON lines (for a SIEM), oldest first.")
        @OptionGroup var log: LogOptions
        @Option(help: "Only records at or after this time (ISO 8601 date or date-time).") var since: String?
        @Option(help: "Only records before this time.") var until: String?
        @Flag(help: "JSON lines (the default; kept for scripts that say so).") var json = false

        func run() throws {
            let vault = try log.options.openVault()
            let filter = AuditFilter(since: try since.map(Audit.date), until: try until.map(Audit.date))
            let page = try CLI.run { try vault.auditRecords(tenant: log.tenant, filter: filter) }
            try Audit.printLines(page.records)
            try CLI.run { try vault.recordAuditRead(tenant: log.tenant, returned: page.records.count) }
        }
    }

    struct Tail: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the last records, then new ones as they are written (Ctrl-C stops).")
        @OptionGroup var log: LogOptions
        @Option(name: [.customShort("n"), .long], help: "How many earlier records to show first.") var lines = 10
        @Flag(help: "Print the last records and stop.") var noFollow = false

        func run() throws {
            let vault = try log.options.openVault()
            var all = try CLI.run { try vault.auditRecords(tenant: log.tenant) }.records
            try Audit.printLines(Array(all.suffix(max(0, lines))))
            var last = all.last?.seq ?? 0
            all = []
            TestPause.here("audit.tail-following") // from here on, every new record is printed
            while !noFollow {
                usleep(250_000)
                let page = try CLI.run { try vault.auditRecords(tenant: log.tenant, filter: AuditFilter(after: last)) }
                try Audit.printLines(page.records)
                last = page.records.last?.seq ?? last
            }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove records made before a date; a checkpoint keeps the rest verifiable.")
        @OptionGroup var log: LogOptions
        @Option(help: "Remove records made before this time (ISO 8601 date or date-time).") var before: String

        func run() throws {
            let vault = try log.options.openVault()
            let cut = try Audit.date(before)
            let result = try CLI.run { try vault.pruneAudit(tenant: log.tenant, before: cut) }
            print("pruned \(result.pruned) record(s), kept \(result.kept)" + (result.checkpointSeq.map { "; the log now starts after record \($0)" } ?? ""))
        }
    }

    struct MatchQuery: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "match-query",
            abstract: "Find searches whose raw query was exactly QUERY (compares keyed hashes; the log never held it).")
        @OptionGroup var options: DataOptions
        @Option(help: "The tenant whose log to search.") var tenant: String
        @Argument(help: "The suspected query, exactly as typed.") var query: String

        func run() throws {
            let vault = try options.openVault()
            let seqs = try CLI.run { try vault.auditQueryMatches(tenant: tenant, query: query) }
            if seqs.isEmpty { print("no search in the log had this exact query"); throw ExitCode(1) }
            print("matching records: " + seqs.map(String.init).joined(separator: ", "))
        }
    }

    static func date(_ text: String) throws -> Date {
        if let full = try? Date(text, strategy: .iso8601) { return full }
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return day }
        throw ValidationError("'\(text)' is not an ISO 8601 date (2026-12-01) or date-time (2026-12-01T12:00:00Z)")
    }

    static func printLines(_ records: [AuditRecord]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Written straight to the descriptor, so `tail` shows each line at once through a pipe.
        var out = Data()
        for record in records { out += try encoder.encode(record); out.append(0x0A) }
        if !out.isEmpty { FileHandle.standardOutput.write(out) }
    }
}
