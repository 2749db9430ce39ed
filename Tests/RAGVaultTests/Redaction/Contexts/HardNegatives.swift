/// Text that looks like the contexts above but holds no credential: references to a secret
/// kept elsewhere, prose about passwords, masked values, versions, hashes and identifiers,
/// flags that take no secret. Nothing in these may be redacted as a secret.
enum HardNegatives {
    static let references = [
        "password: \"${DB_PASSWORD}\"", "db_password: \"{{ vault_db_pass }}\"", "password = os.environ[\"DB_PASSWORD\"]",
        "const token = process.env.GITHUB_TOKEN;", "PASSWORD=${DB_PASSWORD:?set DB_PASSWORD}", "api_key: ${API_KEY:-}",
        "password: <your-password>", "password = \"********\"", "+ master_password = (sensitive value)", "secret: [REDACTED]",
        "set PASSWORD=%DB_PASSWORD%", "token: $(cat /run/secrets/token)", "\"password\": \"\"", "password: changeme_in_vault_ref",
        "define('DB_PASSWORD', getenv('DB_PASSWORD'));", "apiKey: config.apiKey,", "login(username, password)",
        "conn = psycopg2.connect(host=host, user=user, password=password)", "requests.get(url, auth=(user, pwd))",
        "docker login -u \"$REG_USER\" -p \"$REG_PASS\"", "mysql -u root -p\"$MYSQL_ROOT_PASSWORD\" shop", "echo \"::add-mask::$TOKEN\"",
        "| password | ******** |", "| secret | (see Vault) |", "password,n/a", "Passwort: siehe Vault", "mot de passe : voir le coffre",
        "--password-stdin", "docker login --password-stdin < token.txt", "--password-file /run/secrets/db", "mysql -u root -p shop",
        "token: !vault |", "password: !Ref DbPassword", "Default: !Ref AWS::NoValue", "db_password: !vault |",
        "MasterUserPassword: !Sub '{{resolve:secretsmanager:prod/db:SecretString:password}}'", "api_key: !GetAtt ApiKey.Value",
        "client_secret: !ImportValue shared-client-secret-arn", "password: !Sub \"${DbSecret}\"", "api_password: !secret router_password",
        // Cursors, public parts and hints in camel case and markup.
        "\"nextPageToken\": \"CiAKGjBpNDd2Nmp2Zml2cXRpNTBpMDFpNWEyMjA4ERIBMA\"",
        "\"NextToken\": \"eyJFeGNsdXNpdmVTdGFydEtleSI6bnVsbCwiYm90b190cnVuY2F0ZV9hbW91bnQiOjF9\"",
        "await Task.Delay(500, cancellationToken: cancellationToken);", "<public_key>MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCg</public_key>",
        "<password>${DB_PASSWORD}</password>", "<passwordHint>first pet + year</passwordHint>", "<password/>",
        "<entry key=\"db.password.min-length\">12</entry>", "<key>PasswordRequired</key><true/>",
        // Names in two words that name a record, a place or a digest; pipes and cmdlets that carry no secret.
        "Primary key: id", "Foreign key: customer_id", "Partition key: tenant_id_hash_2024", "Registry key: HKEY_LOCAL_MACHINE\\Software\\Acme",
        "Host key: SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", "Object key: uploads/2024/01/report-final-v2.pdf",
        "Signing key: projects/acme/locations/global/keyRings/main/cryptoKeys/release", "Public key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 ops@bastion",
        "echo \"build done\" | tee build.log", "echo $CR_PAT | docker login ghcr.io -u USERNAME --password-stdin", "$pw = Read-Host -AsSecureString",
        "$secure = ConvertTo-SecureString $plain -AsPlainText -Force", "passphrase: \"Enter your passphrase here\"",
        "\"adminPassword\": {\n  \"reference\": {\"secretName\": \"vmAdminPassword\"}\n}", "\"passwordPolicy\": { \"value\": \"strict\" }",
        "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}", "- key: LOG_LEVEL\n  value: debug",
        "<add key=\"DbPassword\" value=\"${DB_PASSWORD}\" />\n<add key=\"Region\" value=\"eu-west-1\" />",
        "- name: DB_PASSWORD\n  valueFrom: {secretKeyRef: {name: db, key: password}}\n- name: REGION\n  value: eu-west-1",
        "{\"ParameterKey\": \"DBPasswordLength\", \"ParameterValue\": \"24\"}", "Credentials: see the team vault",
        "Cookie: _ga=GA1.2.1234567890.1612345678; theme=dark", "Set-Cookie: lang=en-US; Path=/; Max-Age=31536000",
        "Cookie: csrftoken=abc; sessionid=", "seed: 42", "random_seed = 1337", "mnemonic: see the hardware wallet",
        "0 asymmetri Acme kernel signing key: 3e9f0c4b7a21d86e5f0b9c3a1d7e4f2b6c8a0d91: X509.RSA 6c8a0d91 []",
        // Wrapped over lines, and still a name, a hint or a reference when joined.
        "secret_name = \"prod-db-\" +\n  \"credentials\";", "password_hint = 'first pet ' \\\n  'and year'",
        "token = \"${PREFIX}\" \\\n  \"suffix\"", "API_TOKEN=$(cat /run/secrets/api)\\\n  ./run.sh",
        "DB_PASSWORD=\"${DB_PASSWORD}\" \\\n  ./run.sh"
    ]

    static let prose = [
        "the password is incorrect", "the password must be at least 12 characters long", "the password is stored in 1Password",
        "the API key is invalid", "the token has expired", "set the password to expire after 90 days",
        "change the password to something stronger", "the password for the staging box is in the vault",
        "das Passwort ist falsch", "das Passwort lautet wie immer", "le mot de passe est expiré", "le mot de passe est incorrect",
        "la contraseña es incorrecta", "la contraseña es demasiado corta", "het wachtwoord is verlopen", "het wachtwoord is onjuist",
        "the password is the same as last week", "Passwort vergessen?", "use a password manager to log in",
        "the key is stored in KMS", "the secret is rotated every 30 days by the operator", "la clave es la misma que antes",
        "please use your own password", "the password field is required", "I changed the password to something only Bob knows",
        "le mot de passe est celui du wiki", "het wachtwoord staat in de kluis", "la password è scaduta", "a senha está incorreta",
        "the token for the bot is generated at startup", "the webhook secret is configured in the dashboard",
        // Questions about a credential answered in words, not with one.
        "whats the pw for grafana?\nbob: ask carol", "anyone know the wifi password?\nalice: it's on the fridge",
        "is the token expired?\nbob: yes", "wie ist das Passwort vom NAS?\njan: steht im Wiki",
        "what is the password policy?\n<carol> see Confluence", "c'est quoi le mot de passe ?\nmarc: demande à Julie",
        // Technical prose: "pass" the verb, "key" the adjective, key IDs, paths, node names.
        "pass the buffer to a helper first", "you can pass boot options to the driver with", "then pass it to `kfree()`.",
        "gpu {\n\tmdp: mdp@5a00000 {", "devices are identified by vendor/product pair, so the", "this step can be skipped, as key users rely on it",
        "gpg --recv-key 9B3F0C21A4D7E655", "gpg --default-key 9B3F0C21A4D7E655 --clearsign notes.txt",
        "[user]\n\tsigningkey = 7E2A9C41B05D3F68", "1 key in keyring:\n4411: --alswrv 0 0 user: 9B3F0C21A4D7E655",
        "see the key handling notes (refer to\ndocs/security/keys/overview.rst).", "#define ERR_BAD_PASSWORD      0x3c",
        "auth_mode := \"auth_mode=\" <string>", "set smtp_pass = 'yourpassword'", "mount -o username=me,password=mypassword",
        "le mot de passe a été changé pour des raisons de sécurité", "het wachtwoord is gewijzigd in de kluis",
        "the password was changed in 2024", "we changed the token into a JSON file",
        "network: vpc-1\nkey: k8s-node-pool-7", "the key to a fast Wi-Fi is channel 36", "the wifi key is on the router's label",
        "use the same password as last week", "Als Passwort eignet sich ein langer Satz", "Comme mot de passe, choisissez une phrase",
        "la password dell'utente è scaduta", "store the token as base64 in the header", "Como contraseña usa una frase larga",
        "the password for this field is required", "the password for the admin page is stored in Vault",
        "Das Passwort für den Benutzer wird per E-Mail verschickt",
        "SHA-256 is the password hash", "Bcrypt12 is the password hashing scheme", "this is the password field",
        "v2.1.0 is the password manager release", "Step 3 is the password reset", "the passphrase is \"the same as the old one\"",
        // Names of algorithms, builds and products after a noun of keys: words and numbers, not drawn at random.
        "the key is SHA256withRSA", "the secret is MySecretValue", "the token is build20240105", "the secret key is HmacSHA256",
        "the key is Windows10Pro", "der Schlüssel ist AES256GCM", "the API key is ApiKeyHeader2",
        // What a value must be: a quantity, a state.
        "key \"passphrase\" is expected to be 32bytes long", "the password should be 12chars or more",
        "das Passwort muss 12Zeichen haben", "the password should be changed every 90days", "the token should be kept secret",
        "the credentials are stored and rotated by Vault", "The password policy changed; the new one is stricter",
        "The password expired. The new one will be sent by email", "The password manager was updated; the new version is 2.1.0",
        "Das Passwort ist abgelaufen, das neue kommt per Post", "The VPN password was rotated; new laptops are XPS9520 units",
        // Signing in with a method, a product or a placeholder, not a user and a password.
        "log in with SSO / SAML", "sign in with Google/GitHub", "log in with email/password", "Log in with your username / password",
        "authenticate using OAuth2 / OpenID-Connect", "connect via eth0/eth1", "log in as admin/admin", "connect with 10.0.0.1/24",
        "sign in with Azure/Office365", "melde dich mit Benutzername / Passwort an", "connecte-toi avec ton identifiant / mot de passe",
        "log in. Then open it with admin/settings2", "inicia sesión con usuario/contraseña",
        "use SSO / SAML to log in", "use Google/GitHub to sign in", "use your username/password to log in",
        "use admin/admin to log in", "use 2FA/TOTP to sign in", "use Azure/Office365 to sign in", "mit Benutzername / Passwort anmelden"
    ]

    static func version(_ d: inout Draw) -> String {
        d.pick([
            "released version \(d.int(1...20)).\(d.int(0...30)).\(d.int(0...99)).\(d.int(0...9999))",
            "node@\(d.int(14...22)).\(d.int(0...20)).\(d.int(0...9))", "firmware \(d.int(1...9)).\(d.int(0...9)).\(d.int(0...9)).\(d.int(10...99))",
            "Build \(d.int(10...30)).0.\(d.int(10000...29999)).\(d.int(100...9999))", "image: nginx:1.\(d.int(10...27)).\(d.int(0...9))-alpine"
        ])
    }

    static func identifier(_ d: inout Draw) -> String {
        let hex40 = d.string(40, Draw.hex), hex64 = d.string(64, Draw.hex)
        let uuid = [8, 4, 4, 4, 12].map { d.string($0, Draw.hex) }.joined(separator: "-")
        return d.pick([
            "commit \(hex40)", "sha256:\(hex64)", "request_id: \(uuid)", "trace_id=\(d.string(32, Draw.hex))", "Merge: \(hex40.prefix(7)) \(hex64.prefix(7))",
            "order #\(d.int(100_000...999_999))", "\"integrity\": \"sha512-\(d.string(86, Draw.alnum + "+/"))==\"", "etag: W/\"\(d.string(16, Draw.hex))\"",
            "checksum: \(hex64)", "image: registry.example.com/app@sha256:\(hex64)", "Change-Id: I\(hex40)", "idempotency_key: \(uuid)",
            "docker run -p 8080:80 nginx", "ssh -p 2222 admin@bastion", "psql -h db01 -p 5432 -U app", "git log -p --stat", "mkdir -p /var/lib/app",
            "redis-cli -p 6379 info", "public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\(d.string(43, Draw.alnum))",
            "password_changed_at,2024-\(d.int(10...12))-\(d.int(10...28))", "--token-ttl 3600", "--password-length 24",
            // Service names before values that are no key: a commit, a digest, a DSN, a channel, a repository, a version.
            "github: \(hex40)", "gitlab: \(hex40.uppercased())", "docker: sha256:\(hex64)",
            "sentry: https://\(d.string(32, Draw.hex))@o12345.ingest.sentry.io/67890",
            "slack: \"#alerts-\(d.pick(["prod", "staging"]))\"", "github: octo-org/\(d.pick(["api", "web", "infra"]))-service",
            "npm: \(d.int(8...11)).\(d.int(0...9)).\(d.int(0...9))",
            "\"stripe\": \"https://dashboard.stripe.com/test/payments\"", "openai: \(d.pick(["gpt-4o-mini", "text-embedding-3-small"]))"
        ])
    }

    static func negative(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        switch d.int(0...3) {
        case 0: b.add(d.pick(references))
        case 1:
            let sentence = d.pick(prose)
            b.add(sentence.prefix(1).uppercased() + sentence.dropFirst() + d.pick([".", "", "!"]))
        case 2: b.add(version(&d))
        default: b.add(identifier(&d))
        }
        b.add("\n")
        return b.build("hard_negative")
    }
}
