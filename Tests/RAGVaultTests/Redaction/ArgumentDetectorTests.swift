import Testing

@testable import RAGVault

/// Table-driven: credentials passed to tools and calls by position, and the look-alikes that
/// carry none (ports, prompts, variables, options). The generated classes in
/// `CredentialContextTests` compose these at random; these rows pin the edges.
@Suite struct ArgumentDetectorTests {
    static func masked(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return Redactor().detect(text).filter { $0.type.isSecret }.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test(arguments: [
        ("docker login -u ci -p Qx7!mPz2kL registry.example.com", "Qx7!mPz2kL"),
        ("sudo redis-cli -h cache -a 'Tr0ub4dor&3' ping", "Tr0ub4dor&3"),
        ("ldapsearch -x -D cn=admin -w S3cr3t-Ldap -b dc=corp", "S3cr3t-Ldap"),
        ("openssl pkcs12 -export -passout pass:Exp0rt#Key -in c.pem", "Exp0rt#Key"),
        ("7z a -pArch1ve!23 out.7z ./keys", "Arch1ve!23"),
        ("rabbitmqctl add_user ops Rabb1t-Pass", "Rabb1t-Pass"),
        ("smbclient //fs/share -U backup%Smb-Pa55", "Smb-Pa55"),
        ("sqlplus scott/T1ger-db@orcl", "T1ger-db"),
        ("az login \\\n  -u ops@example.com \\\n  -p Azur3-Login!", "Azur3-Login!"),
        ("ftp.login(user, 'Ftp-Pa55word')", "Ftp-Pa55word"),
        ("$pdo = new PDO($dsn, 'app', 'Pd0-Secret');", "Pd0-Secret"),
        ("requests.get(url, auth=(\"admin\", \"Basic-Auth9\"))", "Basic-Auth9"),
        ("ds.setPassword(\"Set-Pa55\");", "Set-Pa55"),
        // A backslash-newline ends a word wherever it stands, with or without a space before it.
        ("curl -s --user\\\n    alice:S3cr3t-Curl https://x", "S3cr3t-Curl"),
        ("curl -s --user \\\r\n    \"alice:Qu0ted-Curl\" https://x", "Qu0ted-Curl"),
        ("mysql -h db01 -u root -pHunt3r-Glued\\\n  shop", "Hunt3r-Glued"),
        ("./tool --db-password\\\n    Fl4g-NextLine --region eu", "Fl4g-NextLine"),
        ("docker login -u ci -p\\\n  Dock3r-Cont registry.example.com", "Dock3r-Cont")
    ])
    func finds(_ text: String, _ secret: String) {
        #expect(Self.masked(text).contains(secret), "\(text)")
    }

    @Test(arguments: [
        "docker run -p 8080:80 nginx", "ssh -p 2222 admin@bastion", "docker login -p \"$REGISTRY_PASSWORD\" ghcr.io",
        "openssl enc -aes-256-cbc -pass env:BACKUP_KEY -in a", "net user svc_backup /add", "vault login -method=userpass username=ops",
        "login(username, password)", "connect('db01', 5432)", "requests.get(url, auth=(user, pwd))", "zip -r backup.zip ./data",
        "keytool -list -keystore app.jks", "mongosh \"mongodb://db01\" -u admin -p"
    ])
    func ignores(_ text: String) {
        #expect(Self.masked(text).isEmpty, "\(text): \(Self.masked(text))")
    }

    @Test func theFirstByteMasksCoverEveryTool() {
        let (low, high) = ToolArgumentDetector.firstByteMasks
        for tool in ToolArgumentDetector.tools {
            for name in tool.names { #expect(Bytes.inSet(name[0], low, high), "\(String(decoding: name, as: UTF8.self))") }
        }
    }
}
