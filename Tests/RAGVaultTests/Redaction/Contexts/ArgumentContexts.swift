/// Credentials given to programs by position: flags of well-known command-line tools (as their
/// manuals spell them) and arguments of client constructors and login calls.
enum ArgumentContexts {
    /// A command line; `{}` is where the value goes.
    static let commands = [
        "docker login -u deploy -p {} registry.example.com", "docker login --username ci --password {} ghcr.io",
        "mysql -h db01 -u root -p{} shop", "mysqldump -uroot -p{} --all-databases", "redis-cli -h cache -a {} ping",
        "mongosh \"mongodb://db01\" -u admin -p {}", "sqlcmd -S db01 -U sa -P {} -Q \"SELECT 1\"",
        "htpasswd -b -c /etc/nginx/.htpasswd admin {}", "openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:{}",
        "keytool -genkey -alias app -keystore app.jks -storepass {}", "zip -P {} backup.zip dump.sql", "7z a -p{} secrets.7z ./keys",
        "sshpass -p {} ssh admin@10.0.0.5", "wget --user=admin --password={} https://files.example.com/a.tgz",
        "net user svc_backup {} /add", "az login -u ops@example.com -p {}", "vault login {}",
        "psql \"host=db01 user=app password={}\"", "smbclient //fs01/share -U backup%{}", "curl -u admin:{} https://ci.example.com/api",
        "ldapsearch -x -D cn=admin,dc=corp -w {} -b dc=corp", "rabbitmqctl add_user ops {}", "gh secret set DEPLOY_TOKEN --body {}",
        "kubectl create secret generic db --from-literal=password={}", "influx auth create --token {}",
        "tool --api-key {} --region eu", "./deploy.sh --token={} --env prod", "app --db-password {}",
        "mc alias set backup https://s3.example.com backupadmin {}", "wpa_passphrase HomeNet {} > /etc/wpa.conf",
        "ipmitool -I lanplus -H 10.1.1.5 -U ADMIN -P {} chassis power status", "pscp -pw {} dump.sql admin@db01:/tmp/",
        "plink -ssh admin@db01 -pw {} uptime", "psexec \\\\fs01 -u CORP\\admin -p {} cmd", "xfreerdp /v:10.0.0.9 /u:admin /p:{} /cert:ignore",
        "mosquitto_pub -h broker -u sensor -P {} -t temp -m 21", "rar a -p{} backup.rar ./db", "unrar x -p{} backup.rar",
        "jarsigner -keystore release.jks -storepass {} app.apk release", "rdesktop -u admin -p {} 10.0.0.9",
        "snmpget -v3 -l authNoPriv -u mon -a SHA -A {} 10.0.0.1 sysUpTime.0",
        // Written into a pipe for a command that reads its secret from standard input.
        "echo {} | docker login -u ci --password-stdin registry.example.com", "echo '{}' | sudo -S systemctl restart app",
        "printf '%s' '{}' | helm registry login ghcr.io -u me --password-stdin", "echo \"deploy:{}\" | chpasswd",
        "echo -n \"{}\" | passwd --stdin deploy", "echo {} | gh auth login --with-token",
        // PowerShell.
        "$cred = ConvertTo-SecureString \"{}\" -AsPlainText -Force", "$s = ConvertTo-SecureString -String '{}' -AsPlainText -Force"
    ]

    /// A call; `{}` is where the value goes.
    static let calls = [
        "client = OpenAI(api_key=\"{}\")", "s3 = boto3.client(\"s3\", aws_secret_access_key=\"{}\")",
        "smtp.login(\"reports@example.com\", \"{}\")", "ftp.login(user=\"backup\", passwd=\"{}\")", "ftp.login('backup', '{}')",
        "conn = psycopg2.connect(host=\"db01\", user=\"app\", password=\"{}\")", "mysql_connect(\"localhost\", \"root\", \"{}\");",
        "$pdo = new PDO($dsn, 'app', '{}');", "DriverManager.getConnection(url, \"app\", \"{}\");",
        "requests.get(url, auth=(\"admin\", \"{}\"))", "new NetworkCredential(\"svc\", \"{}\")", "HTTPBasicAuth('admin', '{}')",
        "new UsernamePasswordCredentials(\"admin\", \"{}\")", "builder.password(\"{}\")", "ds.setPassword(\"{}\");",
        "stripe.api_key = \"{}\"", "Octokit(access_token: \"{}\")", "redis.Redis(host=\"cache\", password=\"{}\")",
        "new Client({ apiKey: \"{}\" })", "const octokit = new Octokit({ auth: \"{}\" });", "login(\"admin\", \"{}\")",
        "sftp.connect(host, username=\"u\", password=\"{}\")"
    ]

    static func command(_ d: inout Draw) -> GeneratedCase {
        let template = d.pick(commands)
        return fill(template, value(for: template, &d), d.pick(["$ ", "", "# ", "  "]), "\n", kind: "argument_cli")
    }

    static func call(_ d: inout Draw) -> GeneratedCase {
        let template = d.pick(calls)
        return fill(template, value(for: template, &d), d.pick(["", "    ", ">>> "]), "\n", kind: "argument_call")
    }

    /// A generated token where the name says token or key, a password where it says password,
    /// either where it says nothing.
    static func value(for template: String, _ d: inout Draw) -> String {
        let lower = template.lowercased()
        if ["token", "api_key", "api-key", "apikey", "auth:", "secret", "--body", "vault login"].contains(where: lower.contains) { return d.token() }
        if lower.contains("pass") { return d.password() }
        return d.credential()
    }

    static func fill(_ template: String, _ value: String, _ before: String, _ after: String, kind: String) -> GeneratedCase {
        let parts = template.components(separatedBy: "{}")
        var b = CaseBuilder()
        b.add(before + parts[0])
        b.value(value)
        b.add(parts[1] + after)
        return b.build(kind)
    }
}

/// The same contexts escaped or wrapped: inside a JSON string, continued over lines with `\`,
/// shell-quoted.
enum EscapedContexts {
    static func escaped(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let form = d.int(0...4)
        let names = [
            ["password", "db_password", "apiKey", "client_secret", "token"], [], ["--password", "--api-key", "--token", "--db-password", "--client-secret"],
            [], ["PASSWORD", "API_TOKEN", "DB_PASS", "SECRET_KEY"]
        ][form]
        let name = names.isEmpty ? "password" : d.pick(names)
        let value = ArgumentContexts.value(for: name, &d)
        switch form {
        case 0:
            b.add("{\"body\": \"{\\\"user\\\": \\\"admin\\\", \\\"\(name)\\\": \\\"")
            b.value(value.replacingOccurrences(of: "\"", with: ""))
            b.add("\\\"}\"}\n")
        case 1:
            let template = d.pick([
                "mysql -h db01 -u root \\\n  -p{} \\\n  shop", "docker login \\\n  -u deploy \\\n  -p {} \\\n  registry.example.com",
                "curl -X POST \\\n  -u admin:{} \\\n  https://ci.example.com/api", "./tool \\\n    --password {} \\\n    --region eu",
                "az login \\\n  -u ops@example.com \\\n  -p {}", "curl -s --user \\\n    admin:{} https://ci.example.com/api",
                "docker login -u deploy -p \\\n    {} registry.example.com", "./tool --password \\\n  {} --region eu"
            ])
            // The shell removes backslash-newline wherever it stands: a word may end right at it.
            let glued = d.int(0...1) == 1 ? template.replacingOccurrences(of: " \\\n", with: "\\\n") : template
            return ArgumentContexts.fill(glued, value, "", "\n", kind: "escaped")
        case 2:
            b.add("run \(name) '")
            b.value(value.replacingOccurrences(of: "'", with: ""))
            b.add("' --verbose\n")
        case 3:
            b.add("\"command\": \"mysql -u root -p")
            b.value(value.replacingOccurrences(of: "\"", with: ""))
            b.add(" -e 'show databases'\",\n")
        default:
            b.add(name + "=$'")
            b.value(value.replacingOccurrences(of: "'", with: ""))
            b.add("'\n")
        }
        return b.build("escaped")
    }

    /// A value written over two lines: a quoted string or a bare shell word continued with a
    /// backslash at the line's end, or two string literals joined at a line's end (`\`, `+`,
    /// PHP's `.`). Both pieces must be covered.
    static func wrapped(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let name = d.pick(["password", "API_TOKEN", "db_password", "client_secret", "apiKey", "SECRET_KEY", "auth_token"])
        let token = name.lowercased().contains("token") || name.lowercased().contains("key") || name.contains("secret")
        let value = Array((token ? d.token() : d.password()).filter { $0 != "\"" && $0 != "'" && $0 != "\\" && $0 != " " && $0 != "$" })
        let cut = d.int(2...(value.count - 2))
        let (first, second) = (String(value[..<cut]), String(value[cut...]))
        switch d.int(0...4) {
        case 0: // shell, in double quotes
            b.add(d.pick(["export ", "", "ENV "]) + name + "=\"")
            b.value(first); b.add("\\\n"); b.value(second); b.add("\"")
        case 1: // a bare shell word
            b.add(name + "=")
            b.value(first); b.add("\\\n"); b.value(second)
        case 2: // Python, C: literals joined by a continued line
            let q = d.pick(["'", "\""])
            b.add(name + " = " + q)
            b.value(first); b.add(q + d.pick([" \\\n    ", "\\\n  "]) + q); b.value(second); b.add(q)
        case 3: // JavaScript, Java: "…" +⏎ "…"
            b.add(d.pick(["const ", "String ", "var "]) + name + " = \"")
            b.value(first); b.add("\" +\n" + d.pick(["  ", "    ", "\t"]) + "\""); b.value(second); b.add("\";")
        default: // PHP: '…' .⏎ '…'
            b.add("$" + name + " = '")
            b.value(first); b.add("' .\n    '"); b.value(second); b.add("';")
        }
        b.add(d.pick(["\n", "\n./deploy.sh\n", ""]))
        return b.build("wrapped")
    }

    /// Text inside a JSON string (chat logs, API payloads, JSONL exports): its line breaks, tabs
    /// and quotes are escaped, so a value ends at `\n` or `\t` or is quoted with `\"`.
    static func jsonString(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        b.add(d.pick(["{\"role\": \"user\", \"content\": \"", "{\"text\": \"", "{\"env\": \"", "{\"message\":\""]))
        b.add(d.pick(["", "hi team\\n", "FYI: ", "OTHER=1\\n"]))
        let lead = d.pick([
            "the db password is ", "password: ", "DB_PASSWORD=", "das Passwort lautet ", "le mot de passe est ", "la contraseña es ",
            "het wachtwoord is ", "api_key=", "token: ", "Login: admin / ", "set the password to "
        ])
        b.add(lead)
        let raw = lead.contains("api_key") || lead.contains("token") ? d.token() : d.password()
        let value = raw.filter { $0 != "\"" && $0 != "\\" && $0 != " " && $0 != "'" }
        let quote = d.pick(["", "", "\\\""])
        b.add(quote)
        b.value(value)
        b.add(quote)
        b.add(d.pick(["\\n", "\\nthanks", "\\r\\nOTHER=1", "\\tok", " please", ""]))
        b.add("\"}\n")
        return b.build("json_string")
    }
}
