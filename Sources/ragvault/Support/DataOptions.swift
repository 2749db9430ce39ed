import ArgumentParser
import Foundation
import RAGVault

/// The data directory option shared by every command.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (default: $RAGVAULT_DATA or ./ragvault-data).")
    var data: String?

    var directory: String {
        let chosen = data ?? ProcessInfo.processInfo.environment["RAGVAULT_DATA"] ?? "ragvault-data"
        let absolute = chosen.hasPrefix("/") ? chosen : FileManager.default.currentDirectoryPath + "/" + chosen
        return (absolute as NSString).standardizingPath
    }

    /// The vault, recording actions as the CLI's (`serve` and `mcp` pass their own interface).
    func openVault() throws -> Vault {
        let vault = try CLI.run { try Vault.open(at: directory) }
        vault.defaultAuditInterface = .cli
        return vault
    }
}

/// Shared CLI behaviour: errors become one clear line on stderr and a non-zero exit.
enum CLI {
    /// A JSON document from `file`, or stdin when no file is named. A named file that cannot be
    /// read is an error (never a silent fall-back to stdin).
    static func document(_ file: String?) throws -> Data {
        guard let file else { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: file) else {
            return try run { throw RAGVaultError(.invalidInput, "cannot read \(file)") }
        }
        return data
    }

    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RAGVaultError {
            FileHandle.standardError.write(Data("error: \(error.message) [\(error.code.rawValue)]\n".utf8))
            throw ExitCode(2)
        }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func confirm(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        return (readLine() ?? "").lowercased().hasPrefix("y")
    }
}

/// How long after an action its audit record is on disk (`serve`, `mcp`).
struct AuditOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument { case strict, readsRelaxed = "reads-relaxed", relaxed }

    @Option(
        name: .customLong("audit"),
        help:
            "reads-relaxed (default): searches and chunk/document reads are synced in the background within --audit-window-ms, every change (documents, ACLs, policy, settings, keys, tenants) is synced before it is answered. strict: every answer waits for its record's sync. relaxed: nothing waits; a crash loses at most the window."
    )
    var mode: Mode = .readsRelaxed
    @Option(name: .customLong("audit-window-ms"), help: "Longest a record nobody waits for stays unsynced.")
    var windowMs = AuditDurability.defaultRelaxedWindowMs

    func validate() throws {
        guard (1...60_000).contains(windowMs) else { throw ValidationError("--audit-window-ms must be 1…60000") }
    }

    var durability: AuditDurability {
        switch mode {
        case .strict: return .strict
        case .readsRelaxed: return .readsRelaxed(windowMs: windowMs)
        case .relaxed: return .relaxed(windowMs: windowMs)
        }
    }
}
