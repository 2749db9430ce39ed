import ArgumentParser
import Foundation
import Logging
import RAGVault
import RAGVaultHTTP
import RAGVaultMCP

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the retrieval tools (search, fetch) to an agent over MCP stdio.",
        discussion: """
            Bound to the API key in RAGVAULT_API_KEY: its tenant, user, roles and groups are the only \
            principal; no tool argument can name another. The key is checked at start (a missing, \
            revoked or expired key refuses to start) and again on every call. stdout carries the \
            protocol; logs are JSON lines on stderr. When stdin closes, requests already read are \
            answered before the process exits. The same tools are served over HTTP at /mcp by \
            'ragvault serve'. A key with scope 'search:delegated' searches only as the end user whose \
            token (from the tenant's identity provider) is in RAGVAULT_USER_TOKEN.
            """)
    @OptionGroup var options: DataOptions
    @OptionGroup var audit: AuditOptions

    func run() async throws {
        let logger = Logger(label: "ragvault-mcp", factory: { JSONLogHandler(label: $0, sink: JSONLogHandler.standardError) })
        guard let key = ProcessInfo.processInfo.environment["RAGVAULT_API_KEY"], !key.isEmpty else {
            FileHandle.standardError.write(
                Data("error: set RAGVAULT_API_KEY to a tenant API key with scope 'search' (see 'ragvault apikey create') [unauthenticated]\n".utf8))
            throw ExitCode(2)
        }
        let vault = try options.openVault()
        vault.auditDurability = audit.durability
        vault.defaultAuditInterface = .mcp
        defer { vault.close() } // relaxed audit records of the last window are written before exit
        do {
            let userToken = ProcessInfo.processInfo.environment["RAGVAULT_USER_TOKEN"]
            try await StdioRetrievalServer.run(vault: vault, apiKey: key, userToken: userToken, logger: logger)
        } catch let error as RAGVaultError {
            _ = try CLI.run { throw error }
        }
    }
}
