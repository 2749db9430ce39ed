import ArgumentParser
import Foundation
import RAGVault

struct IdentityProviders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idp",
        abstract: "Trust a tenant's identity provider: its user tokens let 'search:delegated' keys search as each user.",
        discussion: """
            A key with scope 'search:delegated' searches only with an end user's token (header \\
            X-RAGVault-User-Token, or RAGVAULT_USER_TOKEN for 'ragvault mcp'), signed by a provider \\
            trusted here for the key's tenant; the user, roles and groups are the token's claims. \\
            One issuer + audience belongs to one tenant.
            """,
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trust an issuer for a tenant (replaces the tenant's entry of the same issuer and audience).")
        @OptionGroup var options: DataOptions
        @Option(help: "The tenant.") var tenant: String
        @Option(help: "The tokens' 'iss', exactly.") var issuer: String
        @Option(help: "The 'aud' tokens must carry (e.g. this deployment's URL or client id).") var audience: String
        @Option(help: "A JWKS file with the provider's public keys (kept in the catalog).") var jwks: String?
        @Option(name: .customLong("jwks-url"), help: "Where to fetch the JWKS (https, or http to loopback).") var jwksURL: String?
        @Option(name: .customLong("subject-claim"), help: "Claim naming the user (Entra ID: oid).") var subjectClaim = "sub"
        @Option(name: .customLong("roles-claim"), help: "Claim listing roles (dotted paths reach nested claims: realm_access.roles).") var rolesClaim: String?
        @Option(name: .customLong("groups-claim"), help: "Claim listing groups.") var groupsClaim: String?
        @Option(name: .customLong("clock-skew"), help: "Seconds of clock difference tolerated for exp and nbf (0–300).") var clockSkew = 60

        func run() throws {
            let vault = try options.openVault()
            try CLI.run {
                var document: String?
                if let jwks {
                    guard let data = FileManager.default.contents(atPath: jwks), data.count <= 256 << 10 else {
                        throw RAGVaultError(.invalidInput, "cannot read the JWKS file '\(jwks)' (or it is larger than 256 KiB)")
                    }
                    document = String(decoding: data, as: UTF8.self)
                }
                let provider = IdentityProvider(
                    issuer: issuer, audience: audience, jwks: document, jwksURL: jwksURL, subjectClaim: subjectClaim,
                    rolesClaim: rolesClaim, groupsClaim: groupsClaim, clockSkewSeconds: clockSkew)
                try vault.addIdentityProvider(provider, tenant: tenant)
            }
            print("tenant '\(tenant)' trusts \(issuer) for audience \(audience)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's trusted identity providers.")
        @OptionGroup var options: DataOptions
        @Option(help: "The tenant.") var tenant: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let vault = try options.openVault()
            let providers = try CLI.run { try vault.identityProviders(tenant: tenant) }
            if json { return try CLI.printJSON(providers) }
            if providers.isEmpty { print("tenant '\(tenant)' trusts no identity provider") }
            for p in providers {
                let keys = p.jwksURL ?? "JWKS in the catalog"
                let mapping = ["subject \(p.subjectClaim)", p.rolesClaim.map { "roles \($0)" }, p.groupsClaim.map { "groups \($0)" }]
                    .compactMap { $0 }.joined(separator: ", ")
                print("\(p.issuer)  audience \(p.audience)  keys \(keys)  \(mapping)  skew \(p.clockSkewSeconds)s")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop trusting an issuer (all its audiences, or one).")
        @OptionGroup var options: DataOptions
        @Option(help: "The tenant.") var tenant: String
        @Option(help: "The issuer to remove.") var issuer: String
        @Option(help: "Only the entry with this audience.") var audience: String?

        func run() throws {
            let vault = try options.openVault()
            let removed = try CLI.run { try vault.removeIdentityProvider(issuer: issuer, audience: audience, tenant: tenant) }
            guard removed > 0 else {
                _ = try CLI.run { throw RAGVaultError(.notFound, "tenant '\(tenant)' does not trust that issuer") }
                return
            }
            print("removed \(removed) identity provider(s) of tenant '\(tenant)'")
        }
    }
}
