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
    enum Mode: String, ExpressibleByArgument { case strict, relaxed }

    @Option(
        name: .customLong("audit"),
        help:
            "strict: no answer before its audit record is synced (default). relaxed: records are synced in the background within --audit-window-ms; a crash loses at most that window."
    )
    var mode: Mode = .strict
    @Option(name: .customLong("audit-window-ms"), help: "With --audit relaxed: longest a record waits to be synced.")
    var windowMs = AuditDurability.defaultRelaxedWindowMs

    func validate() throws {
        guard (1...60_000).contains(windowMs) else { throw ValidationError("--audit-window-ms must be 1…60000") }
    }

    var durability: AuditDurability { mode == .strict ? .strict : .relaxed(windowMs: windowMs) }
}
