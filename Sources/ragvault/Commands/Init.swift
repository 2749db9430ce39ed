import ArgumentParser
import Foundation
import RAGVault

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a data directory (mode 0700) with a master key and an empty catalog.",
        discussion: """
            By default a random master key is written to <data>/master.key (mode 0600): back it \
            up, without it the data is unrecoverable. With RAGVAULT_MASTER_KEY set, that key is \
            used and nothing is written; with --passphrase, RAGVAULT_PASSPHRASE is stretched \
            with Argon2id.
            """)

    @OptionGroup var options: DataOptions
    @Flag(help: "Derive the master key from RAGVAULT_PASSPHRASE instead of a key file.")
    var passphrase = false
    @Flag(help: "With --passphrase: libsodium's INTERACTIVE Argon2id limits (faster, weaker).")
    var interactiveKDF = false

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let source: Vault.NewKeySource
        if passphrase {
            guard let phrase = env["RAGVAULT_PASSPHRASE"], !phrase.isEmpty else {
                throw ValidationError("--passphrase needs RAGVAULT_PASSPHRASE to be set")
            }
            source = .passphrase(phrase, interactive: interactiveKDF)
        } else if let key = env["RAGVAULT_MASTER_KEY"], !key.isEmpty {
            source = .provided(base64: key)
        } else {
            source = .generatedKeyFile
        }
        let vault = try CLI.run { try Vault.initialize(at: options.directory, keySource: source) }
        print("initialised \(vault.directory) (master key: \(vault.keySource))")
        if case .generatedKeyFile = source {
            print("back up the key file: without it the data cannot be decrypted")
        }
    }
}
