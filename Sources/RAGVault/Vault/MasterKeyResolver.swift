/// Chooses where the master key comes from, in the documented order:
/// `RAGVAULT_MASTER_KEY` (base64), then the data directory's key file, then
/// `RAGVAULT_PASSPHRASE` stretched with the stored Argon2id parameters.
enum MasterKeyResolver {
    static let keyVariable = "RAGVAULT_MASTER_KEY"
    static let passphraseVariable = "RAGVAULT_PASSPHRASE"

    static func provider(
        for manifest: VaultManifest, in directory: String,
        environment: [String: String]
    ) throws -> any KeyProvider {
        if let value = environment[keyVariable], !value.isEmpty {
            return EnvironmentKeyProvider(variable: keyVariable, value: value)
        }
        if let keyFile = manifest.keyFile {
            return KeyFileProvider(path: directory + "/" + keyFile)
        }
        if let parameters = manifest.passphrase {
            guard let passphrase = environment[passphraseVariable], !passphrase.isEmpty else {
                throw RAGVaultError(
                    .masterKeyMissing,
                    "this data directory uses a passphrase: set \(passphraseVariable) (or \(keyVariable))")
            }
            return PassphraseKeyProvider(passphrase: passphrase, parameters: parameters)
        }
        throw RAGVaultError(
            .masterKeyMissing,
            "no master key: set \(keyVariable) to the base64 key this data directory was initialised with")
    }
}
