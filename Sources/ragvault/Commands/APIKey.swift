import ArgumentParser
import Foundation
import RAGVault

struct APIKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Create, list and revoke API keys (the catalog keeps only a keyed hash of each).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once.",
            discussion: """
                A tenant key speaks for --subject with --roles/--groups and may do --scopes \\
                (search, ingest, admin). --operator makes a key for tenants and rotation, which \\
                cannot read any tenant's documents.
                """)
        @OptionGroup var options: DataOptions
        @Option(help: "Tenant the key belongs to.") var tenant: String?
        @Flag(help: "An operator key (no tenant).") var `operator` = false
        @Option(help: "The user the key speaks for (user:ID or ID).") var subject: String?
        @Option(help: "Comma-separated roles.") var roles = ""
        @Option(help: "Comma-separated groups.") var groups = ""
        @Option(help: "Comma-separated scopes: search, search:delegated, ingest, admin.") var scopes = "search"
        @Option(help: "Expiry: 30d, 12h, 90m or an ISO-8601 time.") var expires: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if `operator` == (tenant != nil) { throw ValidationError("give either --tenant T or --operator") }
        }

        func run() throws {
            let vault = try options.openVault()
            let (key, record) = try CLI.run {
                let expiry = try expires.map(Self.expiry)
                if `operator` { return try vault.createOperatorKey(expiresAt: expiry) }
                return try vault.createAPIKey(
                    tenant: tenant!, subject: subject, roles: Self.list(roles), groups: Self.list(groups),
                    scopes: try Scope.parse(Self.list(scopes)), expiresAt: expiry)
            }
            if json {
                struct Created: Encodable { let key: String; let record: APIKeyRecord }
                return try CLI.printJSON(Created(key: key, record: record))
            }
            print(key)
            FileHandle.standardError.write(Data("key \(record.id) created; it is shown only now — store it in a secret manager\n".utf8))
        }

        static func list(_ s: String) -> [String] {
            s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        static func expiry(_ text: String) throws -> Date {
            if let unit = text.last, let amount = Double(text.dropLast()), amount > 0 {
                let seconds: Double? = ["d": 86_400, "h": 3_600, "m": 60][unit]
                if let seconds { return Date().addingTimeInterval(amount * seconds) }
            }
            if let date = try? Date(text, strategy: .iso8601), date > Date() { return date }
            throw RAGVaultError(.invalidInput, "--expires takes 30d, 12h, 90m or a future ISO-8601 time")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's keys (or the operator keys): never their secrets.")
        @OptionGroup var options: DataOptions
        @Option(help: "Tenant (omit for operator keys).") var tenant: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let vault = try options.openVault()
            let keys = try CLI.run { try vault.apiKeys(tenant: tenant) }
            if json { return try CLI.printJSON(["keys": keys]) }
            if keys.isEmpty { print("no keys") }
            for k in keys {
                let who = ([k.subject].compactMap { $0 } + k.roles + k.groups).joined(separator: ",")
                let state =
                    k.revokedAt.map { "revoked \($0)" }
                    ?? (k.active == false ? "ended (expired, or a key above it revoked or expired)" : nil)
                    ?? k.expiresAt.map { "expires \($0)" } ?? "no expiry"
                print(
                    "\(k.id)  \(k.tenant ?? "operator")  \(who.isEmpty ? "-" : who)  scopes \(k.scopes.sorted().map(\.rawValue).joined(separator: ","))  \(state)"
                )
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: refused from the next request, in every process.")
        @OptionGroup var options: DataOptions
        @Argument(help: "The key id (the 16 hex digits after rvk_).") var id: String

        func run() throws {
            let vault = try options.openVault()
            try CLI.run { try vault.revokeAPIKey(id: id) }
            print("key \(id) revoked")
        }
    }
}
