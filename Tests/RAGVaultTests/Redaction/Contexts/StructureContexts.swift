/// Credentials named by the structure around them rather than by a `key = value` on their own
/// line: a table column, a key/value listing printed by a CLI, a YAML list or block scalar under
/// a credential key, a constant defined by a call, an infrastructure state or plan file.
enum StructureContexts {
    static let headers = [
        "password", "Password", "PASSWORD", "pass", "pwd", "secret", "Secret", "token", "API key", "api_key", "Passwort",
        "Kennwort", "mot de passe", "contraseña", "wachtwoord", "client secret", "access token", "Token"
    ]
    private static let hosts = ["db01", "web-2", "jenkins", "ldap.corp", "10.0.4.17", "mail", "vpn-gw"]
    private static let users = ["admin", "root", "svc_backup", "deploy", "jdoe", "postgres"]

    /// A Markdown, CSV or TSV table with a credential column, two to four rows.
    static func table(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let header = d.pick(headers)
        let columns = ["host", "user", header, d.pick(["notes", "owner", "expires"])]
        let style = d.int(0...2)
        let csvSeparator = d.pick([",", ";"])
        func row(_ cells: [(String, Bool)], _ d: inout Draw) {
            switch style {
            case 0:
                b.add("| ")
                for (n, (cell, secret)) in cells.enumerated() {
                    if secret { b.value(cell) } else { b.add(cell) }
                    b.add(n == cells.count - 1 ? " |\n" : " | ")
                }
            default:
                let separator = style == 1 ? csvSeparator : "\t"
                for (n, (cell, secret)) in cells.enumerated() {
                    if secret { d.quoted(cell, &b, quotes: style == 1 ? ["", "\""] : [""]) } else { b.add(cell) }
                    b.add(n == cells.count - 1 ? "\n" : separator)
                }
            }
        }
        if d.chance(0.4) { b.add(d.pick(["Accounts:\n\n", "## Zugänge\n\n", "Liste des comptes\n"])) }
        row(columns.map { ($0, false) }, &d)
        if style == 0 { b.add("|" + String(repeating: "---|", count: columns.count) + "\n") }
        for _ in 0..<d.int(1...3) {
            let secret = header.lowercased().contains("token") || header.lowercased().contains("key") ? d.token() : d.password()
            row([(d.pick(hosts), false), (d.pick(users), false), (secret, true), (d.pick(["ops", "2027-01-31", "rotate Q3", "-"]), false)], &d)
        }
        return b.build("table")
    }

    /// `vault kv get`, `kubectl describe`-style and aligned `key  value` listings, and two-column
    /// Markdown tables whose first cell names the credential.
    static func listing(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let key = d.pick(["password", "db_password", "secret", "api_key", "token", "client_secret", "admin_password", "root_password"])
        let value = key.contains("password") ? d.password() : d.token()
        switch d.int(0...4) {
        case 4:
            // A name in two words whose last alone names nothing: "API key:", "Secret Key =".
            let name = d.pick(["API key", "Api Key", "Secret key", "Access Key", "License key", "Encryption key", "Signing key", "Master key"])
            b.add("Service: \(d.pick(hosts))\n" + name + d.pick([": ", " = ", ":\t"]))
            b.value(d.token())
            b.add("\n")
        case 3:
            // PowerShell's Format-List and padded configs: every key padded to the longest.
            let width = d.int(key.count + 1...key.count + 30)
            b.add("Name" + String(repeating: " ", count: width - 4) + ": \(d.pick(hosts))\n")
            b.add(key.split(separator: "_").map { $0.capitalized }.joined() + String(repeating: " ", count: width - key.count) + d.pick([": ", "= "]))
            b.value(value)
            b.add("\n")
        case 0:
            b.add("====== Data ======\nKey         Value\n---         -----\nusername    \(d.pick(users))\n")
            b.add(key + String(repeating: " ", count: max(3, 16 - key.count)))
            b.value(value)
            b.add("\n")
        case 1:
            b.add("| Key | Value |\n|---|---|\n| user | \(d.pick(users)) |\n| \(key) | ")
            b.value(value)
            b.add(" |\n")
        default:
            b.add("Host:        \(d.pick(hosts))\nUser:        \(d.pick(users))\n")
            b.add(key.capitalized.replacingOccurrences(of: "_", with: " ") + "    ")
            b.value(value)
            b.add("\nPort:        5432\n")
        }
        return b.build("listing")
    }

    /// Session cookies in request and response headers (curl -v, logs, HTTP dumps).
    static func cookie(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let name = d.pick(["sessionid", "JSESSIONID", "PHPSESSID", "auth_session", "_app_session", "connect.sid", "session"])
        let value = d.string(d.int(24...48), d.chance(0.5) ? Draw.hex : Draw.alnum + "-_") + d.string(2, Draw.digits) + d.string(2, Draw.lower)
        if d.chance(0.5) {
            b.add(d.pick(["> ", "", "Request header: "]) + "Cookie: " + d.pick(["", "theme=dark; ", "_ga=GA1.2.1234567890.1612345678; "]) + name + "=")
            b.value(value)
            b.add(d.pick(["", "; lang=en"]) + "\n")
        } else {
            b.add(d.pick(["< ", ""]) + "Set-Cookie: " + name + "=")
            b.value(value)
            b.add("; Path=/; " + d.pick(["HttpOnly; Secure", "Max-Age=3600", "SameSite=Lax"]) + "\n")
        }
        return b.build("cookie")
    }

    /// XML: an element named by the credential, by its key attribute (Java's XML properties,
    /// Hibernate's configuration) or by the `<key>` before it (property lists), holding it as its text.
    static func markup(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let name = d.pick(["password", "Password", "db_password", "adminPassword", "secret", "clientSecret", "apiToken", "passphrase"])
        let value = name.lowercased().contains("pass") ? d.password() : d.token()
        b.add(d.pick(["<config>\n", "<?xml version=\"1.0\"?>\n<settings>\n", ""]) + d.pick(["  ", "    ", ""]))
        switch d.int(0...3) {
        case 3:
            // A property list (Wi-Fi and VPN profiles): the <key> names the next element.
            b.add("<key>\(name.prefix(1).uppercased() + name.dropFirst())</key>\n" + d.pick(["\t", "    ", ""]) + "<string>")
            b.value(value)
            b.add("</string>\n")
        case 0:
            let tag = d.pick(["", "ns:", "db:"]) + name
            b.add("<\(tag)>" + d.pick(["", " "]))
            b.value(value)
            b.add(d.pick(["", " "]) + "</\(tag)>\n")
        case 1:
            b.add("<entry key=\"\(d.pick(["db.", "smtp.", "", "ldap."]))\(name)\">")
            b.value(value)
            b.add("</entry>\n")
        default:
            // Hibernate's cfg.xml: <property name="hibernate.connection.password">
            b.add("<property name=\"\(d.pick(["hibernate.connection.", "", "mail.smtp."]))\(name)\">")
            b.value(value)
            b.add("</property>\n")
        }
        return b.build("markup")
    }

    /// YAML lists and block scalars under a credential key.
    static func yaml(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let key = d.pick(["passwords", "api_keys", "tokens", "secrets", "password", "client_secret", "private_token"])
        b.add(d.pick(["service:\n", "vars:\n", ""]))
        let indent = b.text.isEmpty ? "" : "  "
        if key.hasSuffix("s") {
            b.add("\(indent)\(key):\n")
            for _ in 0..<d.int(1...3) {
                b.add("\(indent)  - ")
                d.quoted(key.contains("pass") ? d.password() : d.token(), &b, quotes: ["", "\"", "'"])
                b.add("\n")
            }
        } else {
            b.add("\(indent)\(key): \(d.pick(["|", ">", "|-", ">-"]))\n\(indent)  ")
            b.value(key.contains("pass") ? d.password() : d.token())
            b.add("\n\(indent)\(d.pick(["timeout: 30", "user: admin", "enabled: true"]))\n")
        }
        return b.build("yaml")
    }

    /// A constant defined by a call or a directive.
    static func constant(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let name = d.pick(["DB_PASSWORD", "AUTH_KEY", "SECURE_AUTH_SALT", "API_SECRET", "SMTP_PASS", "LOGGED_IN_KEY", "JWT_SECRET"])
        let value = name.contains("PASS") ? d.password() : d.token()
        switch d.int(0...4) {
        case 0: b.add("define('\(name)', '"); b.value(value); b.add("');\n")
        case 1: b.add("define( \"\(name)\", \""); b.value(value); b.add("\" );\n")
        case 2: b.add("#define \(name) \""); b.value(value); b.add("\"\n")
        case 3: b.add("set(\(name) \""); b.value(value); b.add("\")\n")
        default: b.add("ENV \(name) "); b.value(value); b.add("\n")
        }
        return b.build("constant")
    }

    /// Terraform state and plan output, CloudFormation parameters: attribute names that say secret.
    static func infrastructure(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let attribute = d.pick([
            "master_password", "admin_password", "administrator_login_password", "client_secret", "sas_token", "secret_string",
            "access_key_secret", "master_user_password", "root_password", "auth_token"
        ])
        let value = attribute.contains("password") ? d.password() : d.token()
        let camel = attribute.split(separator: "_").map { $0.capitalized }.joined()
        switch d.int(0...5) {
        case 3:
            // An ARM parameter file: the value inside a block the credential names.
            let name = camel.prefix(1).lowercased() + camel.dropFirst()
            b.add("  \"parameters\": {\n    \"\(name)\": {\(d.pick(["\n      ", " "]))\"value\": \"")
            b.value(value)
            b.add("\"\(d.pick(["\n    ", " "]))}\n")
        case 4:
            // An HCL variable's default.
            b.add("variable \"\(attribute)\" {\n  type      = string\n  sensitive = true\n  default   = \"")
            b.value(value)
            b.add("\"\n}\n")
        case 5:
            // CI variables and CloudFormation parameters as key/value pairs.
            if d.chance(0.5) {
                b.add("variables:\n  - key: \(attribute.uppercased())\n    value: ")
                b.value(value)
                b.add("\n    protected: true\n")
            } else {
                b.add("[{\"ParameterKey\": \"\(camel)\", \"ParameterValue\": \"")
                b.value(value)
                b.add("\"}]\n")
            }
        case 0:
            b.add("      \"attributes\": {\n        \"id\": \"db-\(d.int(1000...9999))\",\n        \"\(attribute)\": \"")
            b.value(value)
            b.add("\",\n        \"port\": 5432\n")
        case 1:
            b.add("  # azurerm_x.main will be created\n  + resource \"x\" \"main\" {\n      + \(attribute) = \"")
            b.value(value)
            b.add("\"\n      + name = \"main\"\n")
        default:
            b.add("Parameters:\n  \(camel):\n    Type: String\n    Default: ")
            b.value(value)
            b.add("\n")
        }
        return b.build("infrastructure")
    }

    /// A key that is only the issuing service's name (`meraki: …`, `"sourcegraph": "…"`,
    /// `SENDGRID=…`) in YAML, JSON, .env, TOML and code, with an issued-looking value.
    static func vendorKey(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let vendor = d.pick([
            "meraki", "sourcegraph", "sendgrid", "mailgun", "datadog", "pagerduty", "openai", "anthropic", "stripe", "twilio",
            "algolia", "contentful", "launchdarkly", "huggingface", "cloudflare", "netlify", "vercel", "replicate", "pinecone", "zendesk"
        ])
        let name = d.pick([vendor, vendor.uppercased(), vendor.capitalized])
        let value: String
        switch d.int(0...2) {
        case 0: value = d.string(d.int(31...63), Draw.alnum) + d.string(1, Draw.digits)
        case 1: value = d.string(20, Draw.hex) + d.string(20, Draw.hex.uppercased())
        default: value = d.string(d.int(36...44), Draw.alnum + "_-") + d.string(1, Draw.digits)
        }
        if d.chance(0.3) { b.add(d.pick(["# service keys\n", "credentials:\n", "[integrations]\n"])) }
        switch d.int(0...4) {
        case 0: b.add("\(d.pick(["", "  "]))\(name.lowercased()): "); b.value(value); b.add("\n")
        case 1: b.add("  \"\(name.lowercased())\": \""); b.value(value); b.add("\",\n")
        case 2: b.add("\(name.uppercased())="); b.value(value); b.add("\n")
        case 3: b.add("\(name.lowercased()) = \""); b.value(value); b.add("\"\n")
        default: b.add("keys = {'\(name.lowercased())': '"); b.value(value); b.add("'}\n")
        }
        return b.build("vendor_key")
    }
}
