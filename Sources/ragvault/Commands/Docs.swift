import ArgumentParser
import Foundation
import RAGVault

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a tenant's documents with their access lists.")
    @OptionGroup var options: DataOptions
    @Option(help: "Tenant.") var tenant: String
    @Option(help: "Only this document id.") var id: String?
    @Flag(help: "Show titles and sources unredacted (for an operator allowed to see the tenant's PII).") var unredacted = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let vault = try options.openVault()
        let docs = try CLI.run { try vault.documentSummaries(tenant: tenant, externalID: id, redacted: !unredacted) }
        if json { return try CLI.printJSON(["documents": docs]) }
        if docs.isEmpty { print(id == nil ? "no documents" : "no document '\(DocumentID.printable(id!))'") }
        for d in docs {
            let deny = d.acl.deny.isEmpty ? "" : "  deny \(d.acl.deny.joined(separator: ","))"
            let flags = d.flags.isEmpty ? "" : "  flags \(d.flags.joined(separator: ","))"
            // Ids stored before control characters were refused are shown escaped, never raw.
            print(
                "\(DocumentID.printable(d.id))  \(DocumentID.printable(d.title))  v\(d.version)  \(d.chunks) chunks  allow \(d.acl.allow.joined(separator: ","))\(deny)\(flags)"
            )
        }
    }
}

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show or set a tenant's redaction policy.", subcommands: [Show.self, Set.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the tenant's policy as JSON.")
        @OptionGroup var options: DataOptions
        @Option var tenant: String
        func run() throws {
            let vault = try options.openVault()
            try CLI.printJSON(try CLI.run { try vault.policy(for: tenant) })
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the tenant's policy with a JSON document (file or stdin).",
            discussion: """
                Example: {"pii": {"EMAIL": "pseudonymise", "PHONE": "partial"}, \
                "exemptions": {"PHONE": ["role:hr"]}, "scrub_secrets_at_ingest": true}. \
                Modes: mask, partial, pseudonymise, allow. Secrets cannot be configured. A policy \
                with any error is rejected whole.
                """)
        @OptionGroup var options: DataOptions
        @Option var tenant: String
        @Argument(help: "Policy JSON file (default: stdin).") var file: String?
        func run() throws {
            let data = try CLI.document(file)
            let vault = try options.openVault()
            try CLI.run { try vault.setPolicy(try RedactionPolicy.parse(data), for: tenant) }
            print("policy of tenant '\(tenant)' updated")
        }
    }
}
