/// The release this build is (`ragvault --version`).
public enum RAGVaultVersion {
    public static let current = "0.9.0"
}
