import ArgumentParser
import Foundation
import RAGVault
import RAGVaultTesting

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove that no tenant or principal reaches another's data: plant canaries in throw-away tenants, probe, clean up.",
        discussion: """
            Creates probe tenants (named rvprobe-…), plants canary documents under a matrix of access \
            rules, asks for them as every identity that may not read them (words, prefixes, phrases, OR \
            chains, FTS5 syntax, ACL tokens, id guessing, filters naming other tenants' documents, \
            the largest top_k), compares what visible readers get with a tenant holding nothing hidden, \
            and deletes the probe tenants (their keys shredded). A re-run removes an interrupted run's \
            tenants first. Never touches other tenants. Exits 1 on any leak.
            """)
    @OptionGroup var options: DataOptions
    @Option(help: "Probe a running server at this URL over HTTP instead of a data directory (needs an operator key).") var url: String?
    @Option(help: "The operator key for --url (default: $RAGVAULT_OPERATOR_KEY).") var key: String?
    @Option(help: "With --url, read through only this interface: http or mcp (default: both, one after the other).")
    var interface: HTTPTarget.Reads?
    @Option(help: "Requests per second at most.") var rate: Double?
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Also write the report as JUnit XML to this file.") var junit: String?

    func run() throws {
        let report: ProbeReport
        if let url {
            guard let key = key ?? ProcessInfo.processInfo.environment["RAGVAULT_OPERATOR_KEY"], !key.isEmpty else {
                throw ValidationError("--url needs an operator key: --key or RAGVAULT_OPERATOR_KEY (ragvault apikey create --operator)")
            }
            let interfaces = interface.map { [$0] } ?? HTTPTarget.Reads.allCases
            report = ProbeReport.combining(
                try interfaces.map { reads in
                    try CLI.run { try IsolationProbe(target: try HTTPTarget(url: url, operatorKey: key, reads: reads), rate: rate).run() }
                })
        } else {
            let vault = try options.openVault()
            defer { vault.close() }
            report = try CLI.run { try IsolationProbe(target: LibraryTarget(vault: vault), rate: rate).run() }
        }
        if let junit { try Data(report.junit.utf8).write(to: URL(fileURLWithPath: junit)) }
        if json { try CLI.printJSON(report) } else { print(report.text) }
        if !report.passed { throw ExitCode(1) }
    }
}

extension HTTPTarget.Reads: ExpressibleByArgument {}
