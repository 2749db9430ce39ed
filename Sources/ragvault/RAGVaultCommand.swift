import ArgumentParser
import Foundation
import RAGVault
#if canImport(Glibc)
    import Glibc
#endif

@main
struct RAGVaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ragvault",
        abstract: "Tenant-scoped, encrypted retrieval for knowledge assistants.",
        discussion: """
            The master key comes from RAGVAULT_MASTER_KEY (base64), else the data directory's \
            key file, else RAGVAULT_PASSPHRASE. The data directory is --data, else RAGVAULT_DATA, \
            else ./ragvault-data.
            """,
        version: RAGVaultVersion.current,
        subcommands: [
            Init.self, Tenant.self, Key.self, Index.self, Docs.self, Query.self, Redact.self, Policy.self, Settings.self, Vectors.self, APIKey.self,
            IdentityProviders.self,
            Audit.self, Serve.self,
            MCPCommand.self, Eval.self,
            Doctor.self, Probe.self, Bench.self
        ] + testCommands)

    /// The hidden commands tests drive (crash writers): in debug builds only, never in a release.
    #if DEBUG
        static let testCommands: [any ParsableCommand.Type] = [Debug.self]
    #else
        static let testCommands: [any ParsableCommand.Type] = []
    #endif

    static func main() async {
        // Everything the CLI creates (stores, key files, manifests) is private to its owner.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var server = command as? any AsyncParsableCommand {
                try await server.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
