import Foundation
import Testing
@testable import RAGVault

/// Credentials written outside `key=value` (issue 12, item 1), each shape with its own
/// fabricated value: the replaced span is exactly the value, the keyword and the context stay.
@Suite struct CredentialShapeTests {
    static let redactor = Redactor()

    /// The secret spans' text in `input`.
    static func redactedValues(_ input: String) -> [String] {
        let scalars = Array(input.unicodeScalars)
        return redactor.redact(input).spans.filter { $0.type.isSecret }.map {
            String(String.UnicodeScalarView(scalars[$0.start..<$0.end]))
        }
    }

    @Test(arguments: [
        // SQL DDL / DCL
        ("CREATE USER app WITH PASSWORD 'Tr0ub4dor&3x';", "Tr0ub4dor&3x"),
        ("CREATE ROLE reporting LOGIN ENCRYPTED PASSWORD 'Rep0rt-2026!';", "Rep0rt-2026!"),
        ("ALTER USER scott IDENTIFIED BY tiger99x;", "tiger99x"),
        ("ALTER USER 'bob'@'%' IDENTIFIED BY 'Qz7!mPw2r';", "Qz7!mPw2r"),
        ("CREATE USER 'svc'@'10.0.0.%' IDENTIFIED WITH mysql_native_password BY 'Nat1ve#Pw';", "Nat1ve#Pw"),
        ("SET PASSWORD FOR 'jeff'@'localhost' = 'Jf8#kLm2q';", "Jf8#kLm2q"),
        ("SET PASSWORD FOR 'jeff'@'localhost' = PASSWORD('Old5tyle!');", "Old5tyle!"),
        // database and tool command lines
        ("mysql -u root -pS3cr3tPa55 -h db.internal", "S3cr3tPa55"),
        ("mysqldump -uroot -p'Dump#2026' orders > orders.sql", "Dump#2026"),
        ("PGPASSWORD=Pg9xQ2mLw psql -h db -U app", "Pg9xQ2mLw"),
        ("sshpass -p 'Ssh9!pass' ssh deploy@host", "Ssh9!pass"),
        ("sshpass -p Ssh9pass2 scp a b:", "Ssh9pass2"),
        ("mysql --user=root --password=S3cr3tPa55x", "S3cr3tPa55x"),
        // ~/.netrc and .pgpass
        ("machine api.example.com login deploy password N3tRcP4ss", "N3tRcP4ss"),
        ("db.internal:5432:orders:app:Pgp4ssw0rdX", "Pgp4ssw0rdX"),
        ("*:*:*:replicator:Repl1ca!", "Repl1ca!"),
        // CLIs taking a secret as a positional value
        ("aws configure set aws_secret_access_key Zk8vQ2mN4pL6xR1tY3wE5uI7oA9sD0fG2hJ4kL6z", "Zk8vQ2mN4pL6xR1tY3wE5uI7oA9sD0fG2hJ4kL6z"),
        ("yarn config set npmAuthToken Np7mQ2xL9vR4tK8wZ3yB", "Np7mQ2xL9vR4tK8wZ3yB"),
        // camelCase and dotted names
        ("secretAccessKey: \"Zk8vQ2mN4pL6xR1tY3wE5uI7oA9sD0fG2hJ4kL6z\"", "Zk8vQ2mN4pL6xR1tY3wE5uI7oA9sD0fG2hJ4kL6z"),
        ("client.secret=Qm3xV8nB2cZ6lK9jH4gF", "Qm3xV8nB2cZ6lK9jH4gF"),
        // headers written as code
        ("headers={\"Authorization\": \"Bearer abcDEF123ghiJKL456mnoPQR789\"}", "abcDEF123ghiJKL456mnoPQR789"),
        ("requests.get(url, headers={'X-Api-Key': 'k7Hq2Lm9Xp4Rt8Vw3Zy6'})", "k7Hq2Lm9Xp4Rt8Vw3Zy6"),
        // URL credentials with sub-delimiters and escapes
        ("postgres://app:p%40ss!w0rd$x@db.internal:5432/orders", "p%40ss!w0rd$x"),
        ("redis://:S3cr(et)+pw*x@cache:6379/0", "S3cr(et)+pw*x"),
        ("amqp://guest:we;ird,Pa'55@mq.internal/", "we;ird,Pa'55"),
        // prose and chat
        ("fyi the password is Hunter2Strong! for now", "Hunter2Strong!"),
        ("Alice: pw: Bl4ckC0ffee#", "Bl4ckC0ffee#"),
        ("the wifi passcode was Gr33nTea77.", "Gr33nTea77"),
        ("just use Rainbow77Trout to log in to the staging box", "Rainbow77Trout"),
        // framework secret keys with punctuation-heavy values
        ("SECRET_KEY = 'django-insecure-&x3k!9z@q#w$e%r^t*y(u)i_o+p=a-s'", "django-insecure-&x3k!9z@q#w$e%r^t*y(u)i_o+p=a-s"),
        ("config.secret_key_base = \"9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928\"", "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928"),
        ("app.config['SECRET_KEY'] = 'f!3kq#Zp9@Lm^2wX8&v'", "f!3kq#Zp9@Lm^2wX8&v")
    ])
    func theValueAndOnlyTheValueIsReplaced(_ input: String, _ value: String) {
        #expect(Self.redactedValues(input) == [value], "\(input)")
    }

    /// The same keywords where no credential follows.
    @Test(arguments: [
        "The password is incorrect.",
        "Your password is required to continue.",
        "the password was changed yesterday",
        "Use sudo to log in as root.",
        "ALTER USER scott IDENTIFIED BY VALUES 'S:8F2A3B';",
        "CREATE USER app WITH PASSWORD NULL;",
        "mysql -u root -p -h db.internal",
        "mysql -u root -p",
        "set timeout 30",
        "password reset link sent to the user",
        "machine learning models need a password manager",
        "CREATE USER app WITH PASSWORD '${APP_PASSWORD}';",
        "sshpass -p \"$SSHPASS\" ssh host",
        "aws configure set region eu-west-1",
        "12:30:45:00:00",
        "fr:lang:en:US:utf8",
        "+HWI-ST565_0092:4:1101:5508:5860#ACTTGA/1",
        "x = 'https://url:8000';@something else"
    ])
    func noCredentialWhereNoneIs(_ input: String) {
        #expect(Self.redactedValues(input).isEmpty, "\(input) → \(Self.redactedValues(input))")
    }
}
