/// Validation of tenant names: `[a-z0-9][a-z0-9_-]{0,62}`.
///
/// Names never become file names (files get random ids), but strict names keep logs, URLs
/// and error messages unambiguous.
public enum TenantName {
    public static func validate(_ name: String) throws {
        let bytes = Array(name.utf8)
        func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
        let valid =
            !bytes.isEmpty && bytes.count <= 63 && isLowerAlnum(bytes[0])
            && bytes.dropFirst().allSatisfy { isLowerAlnum($0) || $0 == 0x5f || $0 == 0x2d }
        guard valid else {
            throw RAGVaultError(
                .tenantNameInvalid,
                "tenant name must be 1-63 characters of a-z, 0-9, '_' or '-', starting with a letter or digit")
        }
    }
}
