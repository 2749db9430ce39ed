import Foundation

/// Key material for the identity providers benchmarks and tests make: RSA private keys from
/// openssl (jwt-kit makes EC and EdDSA keys itself, not RSA ones), and base64url as JWKs and
/// JWTs write it.
package enum SigningKeys {
    /// A new 2,048-bit RSA private key as PEM.
    package static func rsaPrivateKeyPEM() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice // key generation draws progress dots there
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Base64url without padding (RFC 7515 §2).
    package static func base64url(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
