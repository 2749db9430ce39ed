import ArgumentParser
import Foundation
import RAGVault

struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Master key operations.", subcommands: [RotateMaster.self])

    struct RotateMaster: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-master",
            abstract: "Rewrap every tenant key and re-encrypt the catalog under a new master key.",
            discussion: """
                The new key is, in order: RAGVAULT_NEW_MASTER_KEY (base64; set RAGVAULT_MASTER_KEY \
                to it afterwards), RAGVAULT_NEW_PASSPHRASE, or a new random key file in the data \
                directory (the default). Tenant stores are not rewritten.
                """)
        @OptionGroup var options: DataOptions

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let vault = try options.openVault()
            let source: Vault.NewKeySource
            if let key = env["RAGVAULT_NEW_MASTER_KEY"], !key.isEmpty {
                source = .provided(base64: key)
            } else if let phrase = env["RAGVAULT_NEW_PASSPHRASE"], !phrase.isEmpty {
                source = .passphrase(phrase)
            } else {
                source = .generatedKeyFile
            }
            let count = try CLI.run { () -> Int in
                try vault.rotateMasterKey(to: source)
                return try vault.tenants().count
            }
            print("master key rotated: \(count) tenant key(s) rewrapped; now using \(vault.keySource)")
            if case .provided = source { print("set RAGVAULT_MASTER_KEY to the new key before the next command") }
        }
    }
}
