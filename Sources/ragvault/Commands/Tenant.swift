import ArgumentParser
import Foundation
import RAGVault

struct Tenant: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list, delete tenants and rotate their keys.",
        subcommands: [Create.self, List.self, Delete.self, RotateKey.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant with its own data key and encrypted store.")
        @OptionGroup var options: DataOptions
        @Argument(help: "Tenant name: 1-63 of a-z, 0-9, '_', '-'.") var name: String

        func run() throws {
            let vault = try options.openVault()
            let record = try CLI.run { try vault.createTenant(name) }
            print("created tenant '\(record.name)' (key version \(record.keyVersion))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @OptionGroup var options: DataOptions
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable { let name: String; let keyVersion: Int; let createdAt: String; let documents: Int }

        func run() throws {
            let vault = try options.openVault()
            let rows = try CLI.run {
                try vault.tenants().map {
                    Row(
                        name: $0.name, keyVersion: $0.keyVersion, createdAt: $0.createdAt,
                        documents: try vault.store(for: $0.name).documentCount())
                }
            }
            if json { return try CLI.printJSON(["tenants": rows]) }
            if rows.isEmpty { print("no tenants (create one with 'ragvault tenant create NAME')") }
            for row in rows {
                print("\(row.name)\tkey v\(row.keyVersion)\t\(row.documents) documents\tcreated \(row.createdAt)")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tenant: its key is destroyed first (crypto-shredding), then its files.")
        @OptionGroup var options: DataOptions
        @Argument var name: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() throws {
            let vault = try options.openVault()
            let count = try CLI.run { try vault.store(for: name).documentCount() }
            guard yes || CLI.confirm("delete tenant '\(name)' and its \(count) documents for good?") else {
                print("nothing deleted")
                throw ExitCode(1)
            }
            try CLI.run { try vault.deleteTenant(name) }
            print("deleted tenant '\(name)' (\(count) documents; key destroyed)")
        }
    }

    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Re-encrypt a tenant under a new data key (new file, verified, then swapped in).")
        @OptionGroup var options: DataOptions
        @Argument var name: String

        func run() throws {
            let vault = try options.openVault()
            let record = try CLI.run { try vault.rotateTenantKey(name) }
            print("tenant '\(name)' re-encrypted under key version \(record.keyVersion); old file removed")
        }
    }
}
