import ArgumentParser
import Foundation
import RAGVault

struct Settings: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show or set a tenant's search settings.", subcommands: [Show.self, Set.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the tenant's search settings as JSON.")
        @OptionGroup var options: DataOptions
        @Option var tenant: String
        func run() throws {
            let vault = try options.openVault()
            try CLI.printJSON(try CLI.run { try vault.settings(for: tenant) })
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the tenant's search settings with a JSON document (file or stdin).",
            discussion: """
                Example: {"stopwords": ["acme", "the"], "min_search_ms": 25}. stopwords: null for \
                the built-in English list, [] for none. min_search_ms: every search takes at least \
                this long (0-5000, 0 = off), hiding how much hidden data a search touched. Unknown \
                keys are refused.
                """)
        @OptionGroup var options: DataOptions
        @Option var tenant: String
        @Argument(help: "Settings JSON file (default: stdin).") var file: String?
        func run() throws {
            let data = try CLI.document(file)
            let vault = try options.openVault()
            try CLI.run { try vault.setSettings(try TenantSettings.parse(data), for: tenant) }
            print("settings of tenant '\(tenant)' updated")
        }
    }
}
