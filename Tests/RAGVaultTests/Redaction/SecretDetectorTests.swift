import Foundation
import Testing
@testable import RAGVault

/// Table-driven: each row is an input and the detector expected to fire (nil: nothing).
/// Tokens are fabricated; they only have the published shapes.
@Suite struct SecretDetectorTests {
    static let redactor = Redactor()

    static func detectors(_ text: String) -> [String] {
        redactor.redact(text).spans.filter { $0.type.isSecret }.map(\.detector)
    }

    @Test(
        arguments: [
            ("aws key AKIAQ3EGRVNWXK2ZLM7P here", "aws_access_key_id"),
            ("gcp AIzaSyD9kQ2mN4pR6tV8xZ1bC3dF5gH7jK9lM0n", "gcp_api_key"),
            ("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", "gcp_oauth_client_secret"),
            ("token ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG", "github_token"),
            ("github_pat_11ABCDEFG0abcdefghij1234_klmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijk", "github_fine_grained_pat"),
            ("glpat-x9Yz8WvU7tS6rQ5pO4nM", "gitlab_token"),
            ("routable glpat-x9Yz8WvU7tS6rQ5pO4nMa1b2c3d4e5f.01.0q1w2e3r4 token", "gitlab_token"),
            ("curl -u \"d2LkV78zLx!t:\" https://api.example.com", "cli_user_password"),
            // Formats of the second round: a trigger token as other scanners define it, a
            // Sourcegraph token with its instance id, SoftLayer's key in its SOAP URL.
            ("trigger glptt-Q7w_E3r-T9y_U1i-O5p_A2s-D8f_G4h-J6k_L0z_ now", "gitlab_trigger_token"),
            ("SRC_ACCESS_TOKEN=sgp_9c1Fa07e3B5d2A84cE_7b3Ef09d2C4a61B8e5F0d3A9c7E1b2D4f6A8c0E3b5", "sourcegraph_token"),
            ("endpoint https://api.softlayer.com/soap/v3/" + String(repeating: "9f3c2a7e", count: 8) + " ok", "softlayer_api_key"),
            // Short values under names that say credential, mixed like a generated password.
            ("curl -X POST --header \"Api-Token: Tq83JK5d2WX\"", "secret_assignment"),
            ("SUMO_ACCESS_KEY: QmZ7tR2pXw9", "secret_assignment"),
            ("password: !!str Tr0ub4dor&3x", "secret_assignment"), // a YAML tag, then the literal
            ("MasterUserPassword: !Sub 'Sup3r!Secret#1'", "secret_assignment"), // an application's tag before a literal
            ("user ftpdeploy pass Ftp#2024deploy", "keyword_credential"), // a user word earlier on the line
            ("login admin, pw Adm1n#Pass", "keyword_credential"),
            ("app.config['SECRET_KEY'] = 'x7$kP!q2Lm'", "secret_assignment"), // a short Flask key
            // "fake" inside a token
            ("sk-ant-api03-q8Zr2fakeW4xT7vN1mK3pL6sD9gH0jB5cF8aE2uY4iO7-wQ1rT3yU5iO7pA9sD2fG4hJ6kL8zX0cV2bN4mQ6wE8rT0yU2iO4pQ6w", "anthropic_key"),
            ("vault_token: s.ZC9Ecf4M5g9o34Q6RkzGsj0z", "secret_assignment"),
            ("password = hunter2\n", "secret_assignment"),
            ("DB_PASSWORD=nodejs123", "secret_assignment"),
            ("db:\n  password: s3cr3t!  # rotate monthly\n", "secret_assignment"),
            ("passwd='geheim$parole')", "secret_assignment"),
            ("docker run -e POSTGRES_PASSWORD=mysecretpassword postgres", "secret_assignment"),
            ("xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "slack_token"),
            ("https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx", "slack_webhook"),
            ("https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz0123456789", "discord_webhook"),
            ("bot 123456789:AAHk3vFqM1n2bZ7dR9sT4wXyP0cL5eG8uJi", "telegram_bot_token"),
            ("sk_live_4eC39HqLyjWDarjtT1zdp7dc9kZ2", "stripe_secret_key"),
            ("rk_test_51H8kQ2mN4pR6tV8xZ1bC3dF5gH7", "stripe_secret_key"),
            ("sk-ant-api03-" + String(repeating: "aB3dE5fG7h", count: 9), "anthropic_key"),
            ("sk-proj-" + String(repeating: "Qw3rTy7uIo", count: 5), "openai_key"),
            ("hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh", "huggingface_token"),
            ("npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "npm_token"),
            ("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", "sendgrid_key"),
            ("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", "shopify_token"),
            ("SK3f9a7c1e5b2d8f4a6c0e9b3d7f1a5c2e", "twilio_api_key"),
            ("dop_v1_" + String(repeating: "a3f9c7e1", count: 8), "digitalocean_token"),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq3" + String(repeating: "Qk9BQUFB", count: 12) + "\n-----END RSA PRIVATE KEY-----",
                "private_key_block"
            ),
            ("jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt"),
            ("postgres://app:S3cr3tPw@db.internal:5432/main", "url_credentials"),
            ("db_password = \"Tr1cky!pass\"", "secret_assignment"),
            ("\"client_secret\": \"8f3kQ2mN4pR6tV8xZ1bC3dF5\"", "secret_assignment"),
            ("Authorization: Bearer abcDEF123ghiJKL456mnoPQR", "authorization_header"),
            ("curl -H 'Authorization: Api-Token 22cb987851bc5659f29114c62e60c79abd0d2c08'", "authorization_header"),
            ("Authorization:  5eb4223e-5008-46e5-be67-c7b8f2732305", "authorization_header"),
            ("deploy --db-password Zq8!mX2vPw --verbose", "cli_secret_flag"),
            ("tool --api-key a8F3kQ2mN4pR6tV8xZ1bC3dF5 run", "cli_secret_flag"),
            ("MTAyOTQ4MTN5OTU5MTDwMEcxNg.GSwJyi.sbaw8msOR3Wi6vPUzeIWy_P0vJbB0UuRVjH8l8", "discord_bot_token"),
            ("curl -u admin:Xy7!pQ2z https://api.example.com", "cli_user_password"),
            ("<add key=\"DbPassword\" value=\"Zq8!mX2v\" />", "xml_setting_secret"),
            ("kind: Secret\ndata:\n  settings: c2VjcmV0LXRva2VuLXZhbHVl\n", "kubernetes_secret_data"),
            (#"api_key = "3f2b9c1e-8a7d-4e6f-9b0c-1d2e3f4a5b6c""#, "secret_assignment"), // the name says credential
            (#""client_secret": "3f2b9c1e-8a7d-4e6f-9b0c-1d2e3f4a5b6c""#, "secret_assignment"),
            // A record-key word before the credential noun does not hide it.
            (#"bucket_access_key = "Zq8mX2vPw7Lk3Tn9Rb4Hc6Jd""#, "secret_assignment"),
            (#"cache_api_key: "a8F3kQ2mN4pR6tV8xZ1bC3dF5gH7""#, "secret_assignment"),
            // Context classes of the fifth stop: a short random key, a pair joined by "and", a
            // modal link, the credential taken up again after its sentence, a value over two lines.
            ("the shared secret is Ab12Cd34Ef56", "credential_phrase"), ("The credentials are admin and Kx9#mP2vLq.", "credential_phrase"),
            ("the password should be Xk29!mQp", "credential_phrase"), ("The DB password got rotated; new one is Tr0ub4dor&3", "credential_phrase"),
            ("Cambié la contraseña; la nueva es Primavera_77", "credential_phrase"),
            ("export API_TOKEN=\"9fQx2LmZp7TnW4sVb8Rk\\\n3kd9Xm2Lq8Zp4Rt7Wv1Y\"", "secret_assignment")
        ] as [(String, String)])
    func detects(text: String, detector: String) {
        let found = Self.detectors(text)
        #expect(found.contains(detector) || found.contains { $0.hasSuffix(detector) }, "\(text.prefix(60)): \(found)")
        #expect(Self.redactor.redact(text).text.contains("[REDACTED:"), "nothing was replaced")
    }

    @Test(arguments: [
        "aws key AKIAIOSFODNN7EXAMPLE", // placeholder
        "key = AKIAXXXXXXXXXXXXXXXX",
        "client_secret=bP88Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // placeholder body
        "token = settings.DATABASE_TOKEN_NAME", // a dotted name, not a value
        "  PWD: '/Users/maciej',", // a working directory
        "[set up the credentials]: https://github.com/nodejs/node-core-utils#setting-up", // a link target
        "src: hide node::credentials::HasOnly outside unit", // a C++ scope, not an assignment
        // Code and prose around secret-sounding names (found in Python's standard library):
        "        self.password = password\n",
        "        self.credentials = authorizer\n",
        "    def build(self, password: bytes) -> KeySerialization:",
        "        :param password: Password to send as authorization.",
        "    ExtendedKeyUsageOID.SERVER_AUTH: \"serverAuth\",",
        "        auth = \"Basic \" + credentials",
        "    userid = passwd = acct = ''",
        "    SERVER_AUTH = '1.3.6.1.5.5.7.3.1'",
        "    \"passwd:gecos\",",
        "        # First pass: determine maximum length",
        "        username, secret_password = user_pass",
        "        authorization = self.headers.get(\"authorization\")",
        "        self, private_key: ed25519.Ed25519PrivateKey, f_priv: _FragList,",
        "    def add_cert(self, key, cert, domain, password=None):",
        "        auth = auths and sorted(auths)[0]",
        "curl -u \"admin:admin\" http://localhost",
        "password = ${DB_PASSWORD}",
        "password: {{ .Values.password }}",
        "api_key = \"<your-api-key>\"",
        "token = os.environ[\"TOKEN\"]",
        "password = None",
        "the key to success is hard work",
        "monkey = \"banana split recipe\"",
        "bypass = \"temporary measure\"",
        "public_key = \"9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJT\"",
        "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----",
        "curl -u user:pass https://example.com",
        "eyJhbasdGciOiJIUzI1.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fw",
        "https://example.com:8080/path",
        "the ratio is 3:4 and x=5",
        "Authorization: $TOKEN",
        "run --password-file secrets.txt now",
        "s.AcceptanceTimeoutSeconds = 30",
        #"idempotency_key = "3f2b9c1e-8a7d-4e6f-9b0c-1d2e3f4a5b6c""#, // a UUID under an id-like name
        "cache_key: 3f2b9c1e-8a7d-4e6f-9b0c-1d2e3f4a5b6c",
        #"{"type": "service_account", "project_id": "demo-project"}"#, // an enum value of a key file
        // Runs of one character are samples and padding, not generated tokens.
        "sgp_7777777dBBBBB3333333EeeeE1bbbbbbbbbbbbbb",
        "kind: Secret\ndata:\n  password: AAAAAAAAAAQ3hjsA+H3owFygUv4w5B67lcSx14zff9FCPADiNbSwYWgE+O7Dhiy5tkRecs21=\n",
        // A Discord id part of 27 characters is no snowflake (24–26).
        "MTAyOTQ4MTN5OTU5MTDwMEcxNg0.GSwJyi.sbaw8msOR3Wi6vPUzeIWy_P0vJbB0UuRVjH8l8",
        // Short values: only under a credential name, and only mixed like a password.
        "cache_key: UserProfile2",
        // Keys that name a record or an object, not a credential.
        #"s3_object_key = "reports/2026/q3-Summary7.parquet""#,
        #"{"partition_key": "tenantQ7#2026-11", "sort_key": "Order-7Hq2x9Lm"}"#,
        "ROUTING_KEY=orders.eu.Created4",
        "primary_key: InvoiceNo4471x",
        "cloudant_password = \"a-fake-tooshort-key\"", // "fake" as a word of the value
        "api_token: shortone",
        // "pass" is a verb and a ticket unless a user word comes first on its line.
        "pass Ftp#2024deploy to the next stage", "boarding pass GH7K2Lx9 for the flight", "you shall not pass Gandalf2024",
        // A question about a credential answered in words; the sentence's end is no part of one.
        "what is the password policy?\n<carol> see Confluence.", "whats the pw for grafana?\nbob: ask Carol."
    ])
    func ignores(text: String) {
        #expect(Self.detectors(text).isEmpty, "\(text): \(Self.detectors(text))")
    }

    /// `user:password@host` in a URL is a credential, never an e-mail address: only the
    /// password is replaced; the user name and the host stay.
    @Test func urlUserInfoIsNotAnEmailAddress() {
        #expect(
            Self.redactor.redact("clone https://deploy:Tr0ub4dor3@git.example.com/repo.git").text
                == "clone https://deploy:[REDACTED:URL_CREDENTIAL]@git.example.com/repo.git")
        #expect(
            Self.redactor.redact("postgres://app:S3cr3t!x@db.internal:5432/app").text
                == "postgres://app:[REDACTED:URL_CREDENTIAL]@db.internal:5432/app")
        // An address in a URL's path is still one.
        #expect(Self.redactor.redact("see https://example.com/u/dana@example.org").text == "see https://example.com/u/[REDACTED:EMAIL]")
    }

    /// Evasion: zero-width characters inside a token, percent-encoding, base64 of a token.
    @Test func findsObfuscatedSecrets() {
        let token = "ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG"
        let zeroWidth = "ghp_R2x8mQ7v\u{200B}L4pZ9tY1wK6n\u{200D}B3cJ5hF0dS8aE2uG"
        let percent = "ghp%5FR2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG"
        let base64 = Data("GITHUB_TOKEN=\(token)".utf8).base64EncodedString()
        for text in ["a \(zeroWidth) b", "a \(percent) b", "config \(base64) end"] {
            let out = Self.redactor.redact(text)
            #expect(out.spans.contains { $0.type.isSecret }, "\(text)")
            #expect(!out.text.contains("dS8aE2uG"), "\(out.text)")
        }
    }
}
